//! HTTP handlers, grouped by resource, and the middleware of the app and its scopes (actix-web's
//! `middleware::from_fn`). Bearer authentication, which every resource shares, is in `auth`.

pub mod admin;
pub mod auth;
pub mod health;
pub mod sessions;
pub mod streams;
pub mod users;

#[cfg(test)]
mod tests;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue, CACHE_CONTROL};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpResponse};

use crate::config::Config;

/// Middleware of /admin: the configured admin token, or 401 without calling the handler.
pub async fn require_admin(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let expected = req.app_data::<web::Data<Config>>().map(|c| c.admin_token.clone()).unwrap_or_default();
    let given = req.headers().get("x-admin-token").and_then(|v| v.to_str().ok()).unwrap_or("");
    if expected.is_empty() || given != expected {
        let (req, _payload) = req.into_parts();
        let denied = HttpResponse::Unauthorized().json(serde_json::json!({ "error": "unauthorized" }));
        return Ok(ServiceResponse::new(req, denied).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// Middleware of the whole app: a debug line per request and the service header.
pub async fn request_log(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let line = format!("{} {}", req.method(), req.path());
    let mut res = next.call(req).await?;
    debug!("{} -> {}", line, res.status());
    res.headers_mut().insert(HeaderName::from_static("x-service"), HeaderValue::from_static("user-service"));
    Ok(res)
}

/// Middleware of /api/v1: responses are never cached by proxies.
pub async fn no_store(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut res = next.call(req).await?;
    res.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
