use actix_web::{get, HttpResponse, Responder};
use shop_core::Order;

#[get("/orders/{id}")]
pub async fn get_order() -> impl Responder {
    HttpResponse::Ok().finish()
}

pub async fn list_orders() -> impl Responder {
    let _ = Order { id: 1 };
    HttpResponse::Ok().finish()
}
