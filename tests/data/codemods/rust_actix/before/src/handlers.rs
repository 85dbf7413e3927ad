use actix_web::{web, HttpResponse};
use std::sync::Mutex;

use crate::store::OrderStore;

pub async fn list(store: web::Data<OrderStore>) -> HttpResponse {
    HttpResponse::Ok().body(format!("{}", store.count()))
}

pub async fn create(store: web::Data<OrderStore>, hits: web::Data<Mutex<u64>>) -> HttpResponse {
    *hits.lock().unwrap() += 1;
    store.add();
    HttpResponse::Created().finish()
}

pub async fn health() -> HttpResponse {
    HttpResponse::Ok().finish()
}

pub fn admin(cfg: &mut web::ServiceConfig) {
    cfg.route("/stats", web::get().to(health));
}
