use std::sync::Arc;

use axum::{
    extract::{Path, State},
    middleware,
    routing::{get, post},
    Json, Router,
};
use tokio::sync::RwLock;
use tower_http::trace::TraceLayer;

type Shared = Arc<RwLock<Vec<String>>>;

#[derive(Clone)]
struct AppState {
    items: Shared,
}

async fn list_items(State(state): State<AppState>) -> Json<Vec<String>> {
    let items = state.items.read().await;
    Json(items.clone())
}

async fn add_item(State(state): State<AppState>, Json(item): Json<String>) -> Json<usize> {
    let mut items = state.items.write().await;
    items.push(item);
    persist(&items).await;
    Json(items.len())
}

async fn persist(_items: &[String]) {}

async fn get_item(Path(id): Path<usize>) -> String {
    id.to_string()
}

async fn health() -> &'static str {
    "ok"
}

fn admin_routes() -> Router<AppState> {
    Router::new().route("/stats", get(health)).route_layer(middleware::from_fn(require_admin))
}

fn api() -> Router<AppState> {
    Router::new()
        .route("/items", get(list_items).post(add_item))
        .route("/items/:id", get(get_item))
        .nest("/admin", admin_routes())
}

#[tokio::main]
async fn main() {
    let state = AppState { items: Arc::new(RwLock::new(Vec::new())) };
    let app = Router::new()
        .route("/health", get(health))
        .nest("/api/v1", api())
        .merge(Router::new().route("/version", get(health)))
        .layer(TraceLayer::new_for_http())
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
