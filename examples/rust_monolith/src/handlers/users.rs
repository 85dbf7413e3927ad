//! /api/v1/users: list, read, create, update, delete.

use actix_web::{web, HttpResponse};

use crate::cache::ResponseCache;
use crate::errors::ServiceError;
use crate::models::{NewUser, UserPatch};
use crate::services::metrics::MetricsService;
use crate::services::streams::StreamService;
use crate::services::users::UserService;

pub async fn list_users(
    users: web::Data<UserService>,
    cache: web::Data<ResponseCache>,
    metrics: web::Data<MetricsService>,
) -> Result<HttpResponse, ServiceError> {
    metrics.record("list_users");
    if let Some(body) = cache.get("users:all") {
        return Ok(HttpResponse::Ok().insert_header(("x-cache", "hit")).content_type("application/json").body(body));
    }
    let found = users.list(true).await?;
    let body = serde_json::to_string(&found).map_err(|e| ServiceError::Unavailable(e.to_string()))?;
    cache.put("users:all", &body);
    Ok(HttpResponse::Ok().insert_header(("x-cache", "miss")).content_type("application/json").body(body))
}

pub async fn get_user(
    users: web::Data<UserService>,
    metrics: web::Data<MetricsService>,
    id: web::Path<u64>,
) -> Result<HttpResponse, ServiceError> {
    metrics.record("get_user");
    Ok(HttpResponse::Ok().json(users.get(id.into_inner()).await?))
}

pub async fn create_user(
    users: web::Data<UserService>,
    streams: web::Data<StreamService>,
    metrics: web::Data<MetricsService>,
    body: web::Json<NewUser>,
) -> Result<HttpResponse, ServiceError> {
    metrics.record("create_user");
    let user = users.create(&body.name, &body.email).await?;
    let _ = streams.publish(user.id, "user.created", &user.email).await;
    Ok(HttpResponse::Created().json(user))
}

pub async fn update_user(
    users: web::Data<UserService>,
    metrics: web::Data<MetricsService>,
    id: web::Path<u64>,
    patch: web::Json<UserPatch>,
) -> Result<HttpResponse, ServiceError> {
    metrics.record("update_user");
    let user = users.update(id.into_inner(), patch.name.as_deref(), patch.active).await?;
    Ok(HttpResponse::Ok().json(user))
}

pub async fn delete_user(
    users: web::Data<UserService>,
    metrics: web::Data<MetricsService>,
    id: web::Path<u64>,
) -> Result<HttpResponse, ServiceError> {
    metrics.record("delete_user");
    users.delete(id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
