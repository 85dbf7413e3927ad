use actix_web::{web, HttpResponse};

use crate::plugins::run_plugin_hook_after;
use crate::replay::replay;

pub async fn like_comment(pool: web::Data<extism::Pool>) -> HttpResponse {
  run_plugin_hook_after(&pool, "after_like");
  HttpResponse::Ok().finish()
}

pub async fn replay_request(body: web::Json<String>) -> HttpResponse {
  replay(&(), body.into_inner());
  HttpResponse::Ok().finish()
}
