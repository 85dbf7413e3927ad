//! Health, for the load balancer.

use actix_web::HttpResponse;

pub async fn health() -> HttpResponse {
    HttpResponse::Ok().body("ok")
}
