//! Liveness and readiness probes.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::state::AppState;

pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn ready(State(state): State<AppState>) -> Json<Value> {
    let rebuilds = state.feeds.read().unwrap().rebuilds;
    Json(json!({ "ready": true, "posts": state.posts.count().await, "rebuilds": rebuilds }))
}
