use actix_web::{web, HttpResponse};
use std::sync::Arc;

use crate::services::FeedService;

pub async fn health() -> HttpResponse {
    HttpResponse::Ok().body("ok")
}

pub async fn list_feed(feed: web::Data<Arc<FeedService>>) -> HttpResponse {
    HttpResponse::Ok().body(format!("{} items", feed.count()))
}

pub async fn post_item(feed: web::Data<Arc<FeedService>>, body: String) -> HttpResponse {
    feed.push(body);
    HttpResponse::Created().finish()
}

pub async fn digest(feed: web::Data<Arc<FeedService>>) -> HttpResponse {
    HttpResponse::Ok().body(format!("digest of {}", feed.count()))
}
