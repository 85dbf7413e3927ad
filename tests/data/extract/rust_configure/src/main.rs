//! shop on actix-web: `main` builds the App, `routes::configure` mounts every route (an
//! extract-service fixture: the owned routes' middleware and state are in the configure
//! function, under a scope, and around the App).

mod catalog;
mod items;
mod ops;
mod routes;

use actix_web::middleware::DefaultHeaders;
use actix_web::{App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::var("SHOP_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".to_string());
    HttpServer::new(move || {
        App::new()
            .wrap(DefaultHeaders::new().add(("x-app", "shop")))
            .configure(routes::configure)
    })
    .bind(addr)?
    .run()
    .await
}
