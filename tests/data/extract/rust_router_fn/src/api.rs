//! The items routes, with the header every API answer carries; one item's answers carry one
//! more (a layer around that route only).

use axum::http::{HeaderName, HeaderValue};
use axum::routing::get;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::catalog::Catalog;
use crate::items;

pub fn router() -> Router<Catalog> {
    let one = Router::new()
        .route("/api/items/{id}", get(items::one))
        .layer(SetResponseHeaderLayer::overriding(HeaderName::from_static("x-item"), HeaderValue::from_static("one")));
    Router::new()
        .route("/api/items", get(items::list))
        .merge(one)
        .layer(SetResponseHeaderLayer::overriding(HeaderName::from_static("x-scope"), HeaderValue::from_static("api")))
}
