//! Routing: every app_data registration, scope and route of the service.
//!
//! Extracted from `fn main` in src/main.rs by `nova-refactor apply split-entrypoint`.

use std::sync::{Arc, Mutex};
use actix_web::web;
use crate::store::{Mailer, OrderStore};
use crate::handlers;

/// Every app_data registration, route and scope of the App, in their order.
pub(crate) fn configure(cfg: &mut web::ServiceConfig, store: &web::Data<OrderStore>, hits: &web::Data<Mutex<u64>>, mailer: &Arc<Mailer>) {
    cfg
            .app_data(store.clone())
            .app_data(hits.clone())
            .app_data(web::Data::from(mailer.clone()))
            .route("/health", web::get().to(handlers::health))
            .service(
                web::scope("/orders")
                    .route("", web::get().to(handlers::list))
                    .route("", web::post().to(handlers::create)),
            )
            .service(web::scope("/admin").configure(handlers::admin));
}
