pub async fn save_comment() -> &'static str {
  "saved"
}
