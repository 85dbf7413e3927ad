//! /api/v1/users/{id}/feed: the ranked timeline, read from the shared index on every request.

use axum::extract::{Path, Query, State};
use axum::Json;

use crate::models::{Page, Post};
use crate::state::AppState;

pub async fn user_feed(State(state): State<AppState>, Path(user): Path<u64>, Query(page): Query<Page>) -> Json<Vec<Post>> {
    let limit = page.limit.unwrap_or(state.config.feed_size);
    Json(state.feeds.read().unwrap().timeline(user, limit))
}
