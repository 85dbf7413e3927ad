//! The items routes: the catalog, as JSON.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

use crate::catalog::Catalog;

pub async fn list(State(catalog): State<Catalog>) -> Json<Vec<String>> {
    Json(catalog.names.as_ref().clone())
}

pub async fn one(State(catalog): State<Catalog>, Path(id): Path<usize>) -> Result<Json<String>, StatusCode> {
    catalog.names.get(id).cloned().map(Json).ok_or(StatusCode::NOT_FOUND)
}
