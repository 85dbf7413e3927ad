//! /api/v1/sessions: login, whoami, logout.

use crate::errors::ServiceError;
use crate::handlers::{current_user, data, parse_form};
use crate::http::{HttpRequest, HttpResponse};
use crate::services::metrics::MetricsService;
use crate::services::sessions::SessionService;
use crate::services::users::UserService;

pub async fn login(req: HttpRequest) -> HttpResponse {
    data::<MetricsService>(&req).record("login");
    let form = parse_form(&req.body);
    let id = match form.get("user_id").and_then(|raw| raw.parse::<u64>().ok()) {
        Some(id) => id,
        None => return HttpResponse::bad_request("user_id is required"),
    };
    match data::<UserService>(&req).get(id).await {
        Ok(user) if user.active => {
            let session = data::<SessionService>(&req).login(&user);
            HttpResponse::ok(format!("{{\"token\":\"{}\"}}", session.token))
        }
        Ok(_) => ServiceError::Unauthorized.into_response(),
        Err(err) => err.into_response(),
    }
}

pub async fn logout(req: HttpRequest) -> HttpResponse {
    let token = req.header("authorization").and_then(|h| h.strip_prefix("Bearer ")).unwrap_or("");
    if data::<SessionService>(&req).logout(token) {
        HttpResponse::no_content()
    } else {
        HttpResponse::unauthorized()
    }
}

pub async fn whoami(req: HttpRequest) -> HttpResponse {
    let user_id = match current_user(&req) {
        Ok(id) => id,
        Err(err) => return err.into_response(),
    };
    match data::<UserService>(&req).get(user_id).await {
        Ok(user) => HttpResponse::ok(user.to_json()),
        Err(err) => err.into_response(),
    }
}
