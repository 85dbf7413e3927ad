//! Liveness and readiness probes.

use actix_web::{web, HttpResponse};
use serde_json::json;

use crate::db::DbPool;
use crate::errors::ServiceError;

pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

pub async fn readiness(pool: web::Data<DbPool>) -> Result<HttpResponse, ServiceError> {
    let conn = pool.get().await?;
    drop(conn);
    Ok(HttpResponse::Ok().json(json!({ "ready": true, "idle": pool.idle() })))
}
