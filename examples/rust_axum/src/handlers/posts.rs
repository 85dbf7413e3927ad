//! /api/v1/posts: list, publish, read, delete, like and unlike.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;

use crate::errors::AppError;
use crate::models::{FeedEvent, NewPost, Page, Post};
use crate::state::AppState;

pub async fn list_posts(State(state): State<AppState>, Query(page): Query<Page>) -> Json<Vec<Post>> {
    Json(state.posts.latest(page.limit.unwrap_or(20).min(100)).await)
}

pub async fn create_post(State(state): State<AppState>, Json(body): Json<NewPost>) -> Result<(StatusCode, Json<Post>), AppError> {
    let post = state.posts.publish(body.author, &body.text).await?;
    // nobody listening (no fan-out running) is not an error for the author
    let _ = state.events.send(FeedEvent::Published(post.id));
    Ok((StatusCode::CREATED, Json(post)))
}

pub async fn get_post(State(state): State<AppState>, Path(id): Path<u64>) -> Result<Json<Post>, AppError> {
    Ok(Json(state.posts.get(id).await?))
}

pub async fn delete_post(State(state): State<AppState>, Path(id): Path<u64>) -> Result<StatusCode, AppError> {
    state.posts.remove(id).await?;
    let _ = state.events.send(FeedEvent::Removed(id));
    Ok(StatusCode::NO_CONTENT)
}

pub async fn like_post(State(state): State<AppState>, Path(id): Path<u64>) -> Result<Json<Post>, AppError> {
    Ok(Json(state.posts.like(id, 1).await?))
}

pub async fn unlike_post(State(state): State<AppState>, Path(id): Path<u64>) -> Result<Json<Post>, AppError> {
    Ok(Json(state.posts.like(id, -1).await?))
}
