//! HTTP handlers, one module per resource, and the middleware of the API and admin routers.

pub mod admin;
pub mod feeds;
pub mod follows;
pub mod health;
pub mod posts;


use std::sync::atomic::Ordering;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::errors::AppError;
use crate::state::AppState;

/// Middleware of /api/v1: counts the request and applies the per-client rate limit.
pub async fn rate_limit(State(state): State<AppState>, request: Request, next: Next) -> Result<Response, AppError> {
    state.requests.fetch_add(1, Ordering::Relaxed);
    let client = request.headers().get("x-client-id").and_then(|v| v.to_str().ok()).unwrap_or("anonymous").to_string();
    if !state.limiter.allow(&client) {
        return Err(AppError::TooManyRequests);
    }
    Ok(next.run(request).await)
}

/// Middleware of /admin: the configured admin token; an empty token disables the admin API.
pub async fn require_admin(State(state): State<AppState>, request: Request, next: Next) -> Result<Response, AppError> {
    let given = request.headers().get("x-admin-token").and_then(|v| v.to_str().ok()).unwrap_or("");
    if state.config.admin_token.is_empty() || given != state.config.admin_token {
        return Err(AppError::Unauthorized);
    }
    Ok(next.run(request).await)
}

/// The handlers and middleware in routers nested like main's, driven by `tower::ServiceExt::oneshot`.
#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicU64;
    use std::sync::{Arc, RwLock};
    use std::time::Duration;

    use axum::body::{to_bytes, Body};
    use axum::http::{Request, StatusCode};
    use axum::middleware;
    use axum::routing::{delete, get, post};
    use axum::Router;
    use serde_json::{json, Value};
    use tokio::sync::broadcast;
    use tower::ServiceExt;

    use super::{admin, feeds, follows, health, posts, rate_limit, require_admin};
    use crate::config::Config;
    use crate::feed::FeedIndex;
    use crate::limiter::RateLimiter;
    use crate::state::AppState;
    use crate::store::PostStore;

    fn state(per_minute: u32) -> AppState {
        let mut config = Config::from_env().expect("defaults are valid");
        config.admin_token = "secret".into();
        AppState {
            config: Arc::new(config),
            posts: Arc::new(PostStore::new(Duration::ZERO)),
            feeds: Arc::new(RwLock::new(FeedIndex::default())),
            limiter: Arc::new(RateLimiter::new(per_minute, Duration::from_secs(60))),
            events: broadcast::channel(16).0,
            requests: Arc::new(AtomicU64::new(0)),
        }
    }

    fn app(state: AppState) -> Router {
        let api = Router::new()
            .route("/posts", get(posts::list_posts).post(posts::create_post))
            .route("/posts/{id}", get(posts::get_post).delete(posts::delete_post))
            .route("/posts/{id}/likes", post(posts::like_post).delete(posts::unlike_post))
            .route("/users/{id}/follows", post(follows::follow).delete(follows::unfollow))
            .route("/users/{id}/followers", get(follows::followers))
            .route("/users/{id}/feed", get(feeds::user_feed))
            .layer(middleware::from_fn_with_state(state.clone(), rate_limit));
        let admin = Router::new()
            .route("/stats", get(admin::stats))
            .route("/feeds/rebuild", post(admin::rebuild_feeds))
            .route("/limits", delete(admin::reset_limits))
            .route_layer(middleware::from_fn_with_state(state.clone(), require_admin));
        Router::new()
            .route("/health", get(health::health))
            .route("/ready", get(health::ready))
            .nest("/api/v1", api)
            .nest("/admin", admin)
            .with_state(state)
    }

    async fn call(app: &Router, method: &str, uri: &str, body: Option<Value>) -> (StatusCode, Value) {
        let request = Request::builder().method(method).uri(uri).header("x-admin-token", "secret");
        let request = match body {
            Some(body) => request.header("content-type", "application/json").body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        };
        let response = app.clone().oneshot(request.unwrap()).await.unwrap();
        let status = response.status();
        let bytes = to_bytes(response.into_body(), 1 << 20).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    #[tokio::test]
    async fn probes_answer() {
        let app = app(state(10));
        assert_eq!(call(&app, "GET", "/health", None).await, (StatusCode::OK, json!({ "status": "ok" })));
        let (status, ready) = call(&app, "GET", "/ready", None).await;
        assert_eq!((status, ready["posts"].clone()), (StatusCode::OK, json!(0)));
    }

    #[tokio::test]
    async fn posts_are_published_liked_and_deleted() {
        let app = app(state(100));
        let (status, post) = call(&app, "POST", "/api/v1/posts", Some(json!({ "author": 7, "text": " hello " }))).await;
        assert_eq!((status, post["text"].clone()), (StatusCode::CREATED, json!("hello")));
        let (status, _) = call(&app, "POST", "/api/v1/posts", Some(json!({ "author": 7, "text": "" }))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (_, liked) = call(&app, "POST", "/api/v1/posts/1/likes", None).await;
        assert_eq!(liked["likes"], json!(1));
        let (_, listed) = call(&app, "GET", "/api/v1/posts?limit=5", None).await;
        assert_eq!(listed.as_array().map(Vec::len), Some(1));
        assert_eq!(call(&app, "DELETE", "/api/v1/posts/1", None).await.0, StatusCode::NO_CONTENT);
        assert_eq!(call(&app, "GET", "/api/v1/posts/1", None).await.0, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn feeds_follow_the_graph_after_a_rebuild() {
        let app = app(state(100));
        assert_eq!(call(&app, "POST", "/api/v1/users/7/follows", Some(json!({ "follower": 1 }))).await.0, StatusCode::CREATED);
        assert_eq!(call(&app, "POST", "/api/v1/users/1/follows", Some(json!({ "follower": 1 }))).await.0, StatusCode::BAD_REQUEST);
        call(&app, "POST", "/api/v1/posts", Some(json!({ "author": 7, "text": "first" }))).await;
        call(&app, "POST", "/api/v1/posts", Some(json!({ "author": 8, "text": "not followed" }))).await;
        assert_eq!(call(&app, "GET", "/api/v1/users/1/feed", None).await.1, json!([]));
        assert_eq!(call(&app, "POST", "/admin/feeds/rebuild", None).await.1, json!({ "rebuilds": 1 }));
        let (_, feed) = call(&app, "GET", "/api/v1/users/1/feed", None).await;
        assert_eq!(feed.as_array().map(|posts| posts.iter().map(|p| p["id"].clone()).collect::<Vec<_>>()), Some(vec![json!(1)]));
        assert_eq!(call(&app, "GET", "/api/v1/users/7/followers", None).await.1, json!([1]));
        assert_eq!(call(&app, "DELETE", "/api/v1/users/7/follows", Some(json!({ "follower": 1 }))).await.0, StatusCode::NO_CONTENT);
    }

    #[tokio::test]
    async fn the_api_is_rate_limited_and_admin_needs_the_token() {
        let app = app(state(2));
        assert_eq!(call(&app, "GET", "/api/v1/posts", None).await.0, StatusCode::OK);
        assert_eq!(call(&app, "GET", "/api/v1/posts", None).await.0, StatusCode::OK);
        assert_eq!(call(&app, "GET", "/api/v1/posts", None).await.0, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(call(&app, "GET", "/health", None).await.0, StatusCode::OK); // outside /api/v1
        let (_, stats) = call(&app, "GET", "/admin/stats", None).await;
        assert_eq!(stats["requests"], json!(3));
        assert_eq!(call(&app, "DELETE", "/admin/limits", None).await.1, json!({ "cleared": 1 }));
        let anonymous = Request::builder().uri("/admin/stats").body(Body::empty()).unwrap();
        assert_eq!(app.clone().oneshot(anonymous).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    }
}
