//! The one error type of the service and its HTTP rendering (actix-web's `ResponseError`).

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

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

impl ResponseError for ServiceError {
    fn status_code(&self) -> StatusCode {
        match self {
            ServiceError::NotFound(_) => StatusCode::NOT_FOUND,
            ServiceError::Invalid(_) | ServiceError::Config(_) => StatusCode::BAD_REQUEST,
            ServiceError::Conflict(_) => StatusCode::CONFLICT,
            ServiceError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ServiceError::Unauthorized => StatusCode::UNAUTHORIZED,
        }
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).json(serde_json::json!({ "error": self.to_string() }))
    }
}
