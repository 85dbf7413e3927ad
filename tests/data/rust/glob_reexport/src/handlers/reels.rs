use actix_web::{get, post, HttpResponse};

#[get("/reels")]
pub async fn get_feed() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[post("/reels/{id}/like")]
pub async fn like_video() -> HttpResponse {
    HttpResponse::Ok().finish()
}
