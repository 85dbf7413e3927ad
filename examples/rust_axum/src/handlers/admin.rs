//! /admin: statistics, an immediate feed rebuild, rate-limit reset and the effective configuration.

use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::state::AppState;

pub async fn stats(State(state): State<AppState>) -> Json<Value> {
    let rebuilds = state.feeds.read().unwrap().rebuilds;
    Json(json!({
        "posts": state.posts.count().await,
        "requests": state.requests.load(Ordering::Relaxed),
        "rebuilds": rebuilds,
        "subscribers": state.events.receiver_count(),
    }))
}

pub async fn rebuild_feeds(State(state): State<AppState>) -> Json<Value> {
    let latest = state.posts.latest(1000).await;
    let mut feeds = state.feeds.write().unwrap();
    feeds.rebuild(&latest, state.config.feed_size);
    Json(json!({ "rebuilds": feeds.rebuilds }))
}

pub async fn reset_limits(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "cleared": state.limiter.reset() }))
}

pub async fn show_config(State(state): State<AppState>) -> Json<Value> {
    let config = &state.config;
    Json(json!({
        "bind_addr": config.bind_addr,
        "feed_size": config.feed_size,
        "rate_limit_per_minute": config.rate_limit_per_minute,
        "max_in_flight": config.max_in_flight,
        "request_timeout_ms": config.request_timeout.as_millis() as u64,
    }))
}
