//! Every route of the shop, mounted by `main` with `.configure(routes::configure)`.

use actix_web::middleware::DefaultHeaders;
use actix_web::web;

use crate::catalog::Catalog;
use crate::{items, ops};

pub fn configure(cfg: &mut web::ServiceConfig) {
    let shelf = Catalog::with_items(&["apple", "pear"]);
    cfg.service(
        web::scope("/api")
            .app_data(web::Data::new(shelf))
            .wrap(DefaultHeaders::new().add(("x-scope", "api")))
            .route("/items", web::get().to(items::list))
            .route("/items/{id}", web::get().to(items::one)),
    )
    .route("/health", web::get().to(ops::health));
}
