//! /api/v1/users/{id}/follows and /followers: the follow graph in the shared feed index.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

use crate::errors::AppError;
use crate::models::Follow;
use crate::state::AppState;

pub async fn follow(State(state): State<AppState>, Path(author): Path<u64>, Json(body): Json<Follow>) -> Result<StatusCode, AppError> {
    if body.follower == author {
        return Err(AppError::Invalid("users cannot follow themselves".into()));
    }
    let added = state.feeds.write().unwrap().follow(body.follower, author);
    Ok(if added { StatusCode::CREATED } else { StatusCode::OK })
}

pub async fn unfollow(State(state): State<AppState>, Path(author): Path<u64>, Json(body): Json<Follow>) -> Result<StatusCode, AppError> {
    if state.feeds.write().unwrap().unfollow(body.follower, author) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound(format!("follow of {} by {}", author, body.follower)))
    }
}

pub async fn followers(State(state): State<AppState>, Path(author): Path<u64>) -> Json<Vec<u64>> {
    Json(state.feeds.read().unwrap().followers(author))
}
