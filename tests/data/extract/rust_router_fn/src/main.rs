//! market on axum: the items routes come from `api::router()`, a router built in another
//! function with its own layer; `main` merges it, adds the app's layer and the state (an
//! extract-service fixture).

mod api;
mod catalog;
mod items;
mod ops;

use axum::http::{HeaderName, HeaderValue};
use axum::routing::get;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::catalog::Catalog;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let shelf = Catalog::with_items(&["apple", "pear"]);
    let app = Router::new()
        .merge(api::router())
        .route("/health", get(ops::health))
        .layer(SetResponseHeaderLayer::overriding(HeaderName::from_static("x-app"), HeaderValue::from_static("market")))
        .with_state(shelf);
    let addr = std::env::var("MARKET_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".to_string());
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app).await
}
