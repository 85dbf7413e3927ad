//! Bearer authentication, shared by every resource: the token of a request and the user behind it.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};

use crate::errors::ServiceError;
use crate::services::sessions::SessionService;

/// The bearer token of the request, if any.
pub fn bearer(req: &HttpRequest) -> Option<&str> {
    req.headers().get("authorization")?.to_str().ok()?.strip_prefix("Bearer ")
}

/// The user behind the request's bearer token, as an extractor: `user: CurrentUser`.
pub struct CurrentUser(pub u64);

impl FromRequest for CurrentUser {
    type Error = ServiceError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let sessions = req.app_data::<web::Data<SessionService>>();
        ready(match (sessions, bearer(req)) {
            (Some(sessions), Some(token)) => sessions.authenticate(token).map(CurrentUser),
            _ => Err(ServiceError::Unauthorized),
        })
    }
}
