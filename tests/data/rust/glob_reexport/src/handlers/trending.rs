use actix_web::{get, HttpResponse};

// Registered inside scope("/api/v1") while the attribute repeats the prefix: actix serves it
// under /api/v1/api/v1/trending.
#[get("/api/v1/trending")]
pub async fn get_trending() -> HttpResponse {
    HttpResponse::Ok().finish()
}

// Never registered: listed, not mounted.
#[get("/api/v1/trending/hidden")]
pub async fn hidden() -> HttpResponse {
    HttpResponse::Ok().finish()
}
