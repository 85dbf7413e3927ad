//! The items routes, with the header every API answer carries.

use axum::http::{HeaderName, HeaderValue};
use axum::routing::get;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::catalog::Catalog;
use crate::items;

pub fn router() -> Router<Catalog> {
    Router::new()
        .route("/api/items", get(items::list))
        .route("/api/items/{id}", get(items::one))
        .layer(SetResponseHeaderLayer::overriding(HeaderName::from_static("x-scope"), HeaderValue::from_static("api")))
}
