pub async fn create_post() -> &'static str {
  "created"
}
