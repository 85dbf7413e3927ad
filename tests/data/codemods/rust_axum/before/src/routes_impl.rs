use std::sync::Arc;

use axum::extract::State;

use crate::state::Shared;

pub async fn root() -> &'static str {
    "catalog"
}

pub async fn items(State(shared): State<Arc<Shared>>) -> String {
    format!("{}", shared.items.lock().unwrap().len())
}

pub async fn add(State(shared): State<Arc<Shared>>) -> &'static str {
    shared.items.lock().unwrap().push("x".into());
    "added"
}
