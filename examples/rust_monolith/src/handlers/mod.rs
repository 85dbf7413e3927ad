//! HTTP handlers, grouped by resource, and what they share: typed access to the services
//! registered with `app_data`, path and form parsing, authentication and middleware.

pub mod admin;
pub mod health;
pub mod sessions;
pub mod streams;
pub mod users;

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Config;
use crate::errors::ServiceError;
use crate::http::{HttpRequest, HttpResponse};
use crate::services::sessions::SessionService;

/// A service registered with `App::app_data`; a missing registration is a wiring bug.
pub fn data<T: Send + Sync + 'static>(req: &HttpRequest) -> Arc<T> {
    req.app_data::<T>().unwrap_or_else(|| panic!("{} registered with app_data", std::any::type_name::<T>()))
}

pub fn id_param(req: &HttpRequest) -> Result<u64, ServiceError> {
    req.match_info("id")
        .and_then(|raw| raw.parse().ok())
        .ok_or_else(|| ServiceError::Invalid("id must be a number".into()))
}

pub fn current_user(req: &HttpRequest) -> Result<u64, ServiceError> {
    let token = req.header("authorization").and_then(|h| h.strip_prefix("Bearer ")).ok_or(ServiceError::Unauthorized)?;
    data::<SessionService>(req).authenticate(token)
}

/// `name=Ann&email=ann%40example.com` into a map; enough for the service's form bodies.
pub fn parse_form(body: &str) -> HashMap<String, String> {
    body.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), v.replace("%40", "@").replace('+', " ")))
        .collect()
}

/// Middleware of the /admin scope: the configured admin token.
pub fn require_admin(req: &HttpRequest, res: HttpResponse) -> HttpResponse {
    let expected = data::<Config>(req).admin_token.clone();
    match req.header("x-admin-token") {
        Some(token) if token == expected => res,
        _ => HttpResponse::unauthorized(),
    }
}

/// Middleware of the whole app: a debug line per request and the service header.
pub fn request_log(req: &HttpRequest, res: HttpResponse) -> HttpResponse {
    debug!("{:?} {} -> {}", req.method, req.path, res.status);
    res.with_header("x-service", "user-service")
}

/// Middleware of /api/v1: responses are never cached by proxies.
pub fn no_store(_req: &HttpRequest, res: HttpResponse) -> HttpResponse {
    res.with_header("cache-control", "no-store")
}
