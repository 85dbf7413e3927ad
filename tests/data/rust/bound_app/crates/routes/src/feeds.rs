use actix_web::web;

async fn all_feed() -> &'static str {
  ""
}

pub fn config(cfg: &mut web::ServiceConfig) {
  cfg.service(
    web::scope("/feeds")
      .route("/all.xml", web::get().to(all_feed))
      .service(web::redirect("/inbox.xml", "/feeds/all.xml")),
  );
}
