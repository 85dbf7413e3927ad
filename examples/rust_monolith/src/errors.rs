//! The one error type of the service and its HTTP rendering.

use std::fmt;

use crate::http::HttpResponse;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceError {
    Config(String),
    NotFound(String),
    Invalid(String),
    Conflict(String),
    Unavailable(String),
    Unauthorized,
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServiceError::Config(why) => write!(f, "configuration error: {}", why),
            ServiceError::NotFound(what) => write!(f, "{} not found", what),
            ServiceError::Invalid(why) => write!(f, "invalid request: {}", why),
            ServiceError::Conflict(why) => write!(f, "conflict: {}", why),
            ServiceError::Unavailable(why) => write!(f, "unavailable: {}", why),
            ServiceError::Unauthorized => write!(f, "unauthorized"),
        }
    }
}

impl ServiceError {
    pub fn into_response(self) -> HttpResponse {
        match self {
            ServiceError::NotFound(_) => HttpResponse::not_found(),
            ServiceError::Invalid(why) | ServiceError::Config(why) => HttpResponse::bad_request(&why),
            ServiceError::Conflict(why) => HttpResponse::new(409, format!("{{\"error\":\"{}\"}}", why)),
            ServiceError::Unavailable(why) => HttpResponse::unavailable(&why),
            ServiceError::Unauthorized => HttpResponse::unauthorized(),
        }
    }
}
