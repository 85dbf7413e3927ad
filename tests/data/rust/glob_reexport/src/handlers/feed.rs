use actix_web::{get, HttpResponse};

#[get("")]
pub async fn get_feed() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[actix_web::post("/invalidate")]
pub async fn invalidate_feed_cache() -> HttpResponse {
    HttpResponse::Ok().finish()
}
