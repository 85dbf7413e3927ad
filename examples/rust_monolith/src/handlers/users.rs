//! /api/v1/users: list, read, create, update, delete.

use crate::cache::ResponseCache;
use crate::errors::ServiceError;
use crate::handlers::{data, id_param, parse_form};
use crate::http::{HttpRequest, HttpResponse};
use crate::models::User;
use crate::services::metrics::MetricsService;
use crate::services::streams::StreamService;
use crate::services::users::UserService;

pub async fn list_users(req: HttpRequest) -> HttpResponse {
    data::<MetricsService>(&req).record("list_users");
    if let Some(body) = data::<ResponseCache>(&req).get("users:all") {
        return HttpResponse::ok(body).with_header("x-cache", "hit");
    }
    match data::<UserService>(&req).list(true).await {
        Ok(users) => {
            let body = format!("[{}]", users.iter().map(User::to_json).collect::<Vec<_>>().join(","));
            data::<ResponseCache>(&req).put("users:all", &body);
            HttpResponse::ok(body).with_header("x-cache", "miss")
        }
        Err(err) => err.into_response(),
    }
}

pub async fn get_user(req: HttpRequest) -> HttpResponse {
    data::<MetricsService>(&req).record("get_user");
    let id = match id_param(&req) {
        Ok(id) => id,
        Err(err) => return err.into_response(),
    };
    match data::<UserService>(&req).get(id).await {
        Ok(user) => HttpResponse::ok(user.to_json()),
        Err(err) => err.into_response(),
    }
}

pub async fn create_user(req: HttpRequest) -> HttpResponse {
    data::<MetricsService>(&req).record("create_user");
    let form = parse_form(&req.body);
    let name = form.get("name").map(String::as_str).unwrap_or("");
    let email = form.get("email").map(String::as_str).unwrap_or("");
    match data::<UserService>(&req).create(name, email).await {
        Ok(user) => {
            let _ = data::<StreamService>(&req).publish(user.id, "user.created", &user.email).await;
            HttpResponse::created(user.to_json())
        }
        Err(err) => err.into_response(),
    }
}

pub async fn update_user(req: HttpRequest) -> HttpResponse {
    data::<MetricsService>(&req).record("update_user");
    let id = match id_param(&req) {
        Ok(id) => id,
        Err(err) => return err.into_response(),
    };
    let form = parse_form(&req.body);
    let active = match form.get("active").map(String::as_str) {
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => return ServiceError::Invalid("active must be true or false".into()).into_response(),
        None => None,
    };
    match data::<UserService>(&req).update(id, form.get("name").map(String::as_str), active).await {
        Ok(user) => HttpResponse::ok(user.to_json()),
        Err(err) => err.into_response(),
    }
}

pub async fn delete_user(req: HttpRequest) -> HttpResponse {
    data::<MetricsService>(&req).record("delete_user");
    let outcome = match id_param(&req) {
        Ok(id) => data::<UserService>(&req).delete(id).await,
        Err(err) => Err(err),
    };
    match outcome {
        Ok(()) => HttpResponse::no_content(),
        Err(err) => err.into_response(),
    }
}
