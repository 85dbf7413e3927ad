//! Liveness and readiness probes.

use crate::db::DbPool;
use crate::handlers::data;
use crate::http::{HttpRequest, HttpResponse};

pub async fn health(_req: HttpRequest) -> HttpResponse {
    HttpResponse::ok("{\"status\":\"ok\"}")
}

pub async fn readiness(req: HttpRequest) -> HttpResponse {
    let pool = data::<DbPool>(&req);
    match pool.get().await {
        Ok(conn) => {
            drop(conn);
            HttpResponse::ok(format!("{{\"ready\":true,\"idle\":{}}}", pool.idle()))
        }
        Err(err) => err.into_response(),
    }
}
