pub mod orders;

use actix_web::web;

pub fn admin(cfg: &mut web::ServiceConfig) {
    cfg.route("/orders", web::get().to(orders::list_orders));
}
