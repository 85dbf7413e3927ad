use actix_web::web;

async fn finger() -> &'static str {
  ""
}

pub fn config(cfg: &mut web::ServiceConfig) {
  // no leading slash: actix-web inserts one when it registers the resource
  cfg.route(".well-known/webfinger", web::get().to(finger));
}
