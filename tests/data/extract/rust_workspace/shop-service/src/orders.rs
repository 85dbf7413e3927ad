use actix_web::{get, web, HttpResponse};
use ids::OrderId;

use crate::error::ShopError;
use crate::models::line::parse_lines;
use crate::models::Customer;
use crate::pricing::total;

pub struct Order {
    pub id: OrderId,
    pub customer: Customer,
    pub cents: u64,
}

pub fn place(id: u64, customer: &str, json: &str) -> Result<Order, ShopError> {
    let lines = parse_lines(json)?;
    let customer = Customer { name: customer.to_string() };
    Ok(Order { id: OrderId(id), customer, cents: total(&lines) })
}

/// The route the orders service owns: an order's total, from its lines in the body (GET /orders/{id}).
pub async fn show(path: web::Path<u64>, body: String) -> HttpResponse {
    match place(path.into_inner(), "web", &body) {
        Ok(order) => HttpResponse::Ok().body(order.cents.to_string()),
        Err(error) => HttpResponse::BadRequest().body(error.to_string()),
    }
}

/// Written with actix's attribute macros, as Nova's feed handlers are (`#[get("")]` in the
/// scope `/orders`): after expansion a unit struct registered with `.service(latest)`.
#[get("")]
pub async fn latest() -> HttpResponse {
    HttpResponse::Ok().body("none yet")
}

#[actix_web::post("/{id}/refund")]
pub async fn refund(path: web::Path<u64>) -> HttpResponse {
    HttpResponse::Accepted().body(path.into_inner().to_string())
}
