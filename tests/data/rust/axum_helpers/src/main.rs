// axum: routers built by functions, helpers handed a Router, an extension trait on Router,
// a router bound to a name and wrapped by `.layer(..)` before it is nested.
mod ext;

use axum::{middleware, routing::get, Router};
use tower_http::trace::TraceLayer;

use crate::ext::{RouteGet, RouterExt};

const STATS: &str = "/stats";

#[derive(Clone)]
struct AppState;

async fn health() -> &'static str {
    "ok"
}

async fn list_messages() -> &'static str {
    "[]"
}

async fn me() -> &'static str {
    "me"
}

fn with_users(router: Router<AppState>) -> Router<AppState> {
    router.route("/users", get(ext::list_users)).route("/users/:id", get(ext::get_user))
}

fn build_router() -> Router<AppState> {
    let introspection = Router::new().route("/health", get(health));
    let api = Router::new()
        .route("/messages", get(list_messages))
        .route("/me", get(me).delete(|| async { "bye" }));
    let secured = api.layer(middleware::from_fn(ext::auth));
    let router = introspection.merge(Router::new().nest("/api/v1", secured));
    router
        .nest("/v2", with_users(Router::new()))
        .merge(Router::new().admin_routes())
        .merge(public_routes(String::from("/x")))
}

fn public_routes(dynamic: String) -> Router {
    Router::new()
        .get_route("/public/messages", list_messages)
        .get_route(STATS, ext::stats)
        .get_route(&dynamic, health)
}

#[tokio::main]
async fn main() {
    let app = build_router().layer(TraceLayer::new_for_http()).with_state(AppState);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
