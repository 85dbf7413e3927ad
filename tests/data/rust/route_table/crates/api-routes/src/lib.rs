use actix_web::web::*;
use api::{
  comment::{like::like_comment, save::save_comment},
  post::create::create_post,
};

async fn health() -> &'static str {
  "ok"
}

pub fn config(cfg: &mut ServiceConfig) {
  cfg.service(
    scope("/api/v4")
      .route("/health", get().to(health))
      .route("/comment/like", post().to(like_comment))
      .route("/comment/save", put().to(save_comment))
      .route("/post", post().to(create_post)),
  );
}
