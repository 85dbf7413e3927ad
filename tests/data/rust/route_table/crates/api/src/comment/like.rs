pub async fn like_comment() -> &'static str {
  "liked"
}
