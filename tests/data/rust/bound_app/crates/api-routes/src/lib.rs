use actix_web::{guard, web::*};

async fn get_site() -> &'static str {
  ""
}
async fn create_post() -> &'static str {
  ""
}
async fn get_post() -> &'static str {
  ""
}

pub fn config(cfg: &mut ServiceConfig, limit: &u32) {
  cfg.service(
    scope("/api/v4")
      .route("/site", get().to(get_site))
      .service(
        resource("/post")
          .guard(guard::Post())
          .route(post().to(create_post)),
      )
      .service(scope("/post").route("", get().to(get_post))),
  );
}
