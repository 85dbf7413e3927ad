//! Routing: every app_data registration, scope and route of the service.
//!
//! Extracted from `fn main` in src/main.rs by `nova-refactor apply split-entrypoint`.

use std::sync::Arc;
use axum::routing::get;
use axum::Router;
use tower_http::trace::TraceLayer;
use crate::state::Shared;
use crate::routes_impl;

/// Builds the router (lines 39-43 of the original `fn main`).
pub(crate) fn router(shared: &Arc<Shared>) -> Router {
    let app = Router::new()
        .route("/", get(routes_impl::root))
        .route("/items", get(routes_impl::items).post(routes_impl::add))
        .layer(TraceLayer::new_for_http())
        .with_state(shared.clone());
    app
}
