//! /api/v1/sessions: login, whoami, logout.

use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use crate::errors::ServiceError;
use crate::handlers::auth::{bearer, CurrentUser};
use crate::models::Login;
use crate::services::metrics::MetricsService;
use crate::services::sessions::SessionService;
use crate::services::users::UserService;

pub async fn login(
    users: web::Data<UserService>,
    sessions: web::Data<SessionService>,
    metrics: web::Data<MetricsService>,
    body: web::Json<Login>,
) -> Result<HttpResponse, ServiceError> {
    metrics.record("login");
    let user = users.get(body.user_id).await?;
    if !user.active {
        return Err(ServiceError::Unauthorized);
    }
    let session = sessions.login(&user);
    Ok(HttpResponse::Ok().json(json!({ "token": session.token })))
}

pub async fn logout(req: HttpRequest, sessions: web::Data<SessionService>) -> Result<HttpResponse, ServiceError> {
    match bearer(&req) {
        Some(token) if sessions.logout(token) => Ok(HttpResponse::NoContent().finish()),
        _ => Err(ServiceError::Unauthorized),
    }
}

pub async fn whoami(user: CurrentUser, users: web::Data<UserService>) -> Result<HttpResponse, ServiceError> {
    Ok(HttpResponse::Ok().json(users.get(user.0).await?))
}
