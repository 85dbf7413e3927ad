//! catalog-service: a main.rs shaped like real services' (Nova's search-service): the
//! handlers, their request and response types and the router builder live next to `main`.

mod store;

use std::net::SocketAddr;
// only for `.deref()` below: an anonymous trait import binds no name a use could show
use std::ops::Deref as _;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;

use crate::store::Store;

/// Logs with the service's prefix; a macro reaches only the modules declared below it.
macro_rules! say {
    ($($arg:tt)*) => { eprintln!("catalog: {}", format!($($arg)*)) };
}

// ============================================
// Errors
// ============================================

#[derive(Debug)]
pub enum AppError {
    Conflict(u64),
    Poisoned,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            AppError::Conflict(id) => (StatusCode::CONFLICT, format!("item {id} exists")),
            AppError::Poisoned => (StatusCode::INTERNAL_SERVER_ERROR, "poisoned".to_string()),
        };
        (status, Json(serde_json::json!({ "error": message }))).into_response()
    }
}

// ============================================
// Request/Response Models
// ============================================

#[derive(Debug, Deserialize)]
struct PageParams {
    #[serde(default)]
    from: u64,
    #[serde(default = "default_limit")]
    limit: usize,
}

fn default_limit() -> usize {
    20
}

#[derive(Debug, Deserialize)]
struct NewItem {
    id: u64,
    name: String,
}

#[derive(Debug, Serialize)]
struct ItemView(u64, String);

#[derive(Clone)]
struct AppState {
    store: Arc<Store>,
    started: std::time::Instant,
}

impl AppState {
    fn uptime_secs(&self) -> u64 {
        self.started.elapsed().as_secs()
    }
}

// ============================================
// Handlers
// ============================================

async fn health(State(state): State<AppState>) -> String {
    say!("health after {}s", state.uptime_secs());
    "ok".to_string()
}

async fn list_items(State(state): State<AppState>, Query(page): Query<PageParams>
) -> Json<Vec<ItemView>> {
    let items = state.store.deref().page(page.from, page.limit);
    Json(items.into_iter().map(|(id, name)| ItemView(id, name)).collect())
}

async fn create_item(State(state): State<AppState>, Json(item): Json<NewItem>
) -> Result<StatusCode, AppError> {
    state.store.insert(item.id, item.name)?;
    Ok(StatusCode::CREATED)
}

async fn item_name(Path(id): Path<u64>, State(state): State<AppState>
) -> Result<String, StatusCode> {
    let found = state.store.page(id, 1).into_iter().find(|(found, _)| *found == id);
    found.map(|(_, name)| name).ok_or(StatusCode::NOT_FOUND)
}

// ============================================
// Setup
// ============================================

fn build_router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/items", get(list_items).post(create_item))
        .route("/items/{id}/name", get(item_name))
}

fn bind_address() -> SocketAddr {
    let port = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8090);
    SocketAddr::from(([127, 0, 0, 1], port))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let state = AppState { store: Arc::new(Store::new()), started: std::time::Instant::now() };
    let app = build_router().with_state(state);
    let listener = TcpListener::bind(bind_address()).await?;
    say!("listening on {}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_starts_at_its_first_id() {
        let state = AppState { store: Arc::new(Store::new()), started: std::time::Instant::now() };
        state.store.insert(2, "b".into()).unwrap();
        state.store.insert(1, "a".into()).unwrap();
        assert_eq!(state.store.page(2, default_limit()), vec![(2, "b".to_string())]);
        assert!(matches!(state.store.insert(1, "c".into()), Err(AppError::Conflict(1))));
        let _router: Router<AppState> = build_router();
    }
}
