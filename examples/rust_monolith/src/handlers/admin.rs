//! /admin: cache, metrics and stream statistics; registered through `configure`.

use actix_web::{web, HttpResponse};
use serde_json::json;

use crate::cache::ResponseCache;
use crate::db::DbPool;
use crate::handlers::streams::stream_stats;
use crate::services::metrics::MetricsService;
use crate::services::sessions::SessionService;
use crate::services::users::UserService;

pub async fn metrics_text(
    metrics: web::Data<MetricsService>,
    users: web::Data<UserService>,
    sessions: web::Data<SessionService>,
    pool: web::Data<DbPool>,
) -> HttpResponse {
    let mut lines = vec![format!("uptime_seconds {}", metrics.uptime().as_secs())];
    for (route, count) in metrics.snapshot() {
        lines.push(format!("requests_total{{route=\"{}\"}} {}", route, count));
    }
    lines.push(format!("users_total {}", users.count()));
    lines.push(format!("sessions_active {}", sessions.active()));
    lines.push(format!("db_pool_idle {}", pool.idle()));
    HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(lines.join("\n"))
}

pub async fn cache_stats(cache: web::Data<ResponseCache>) -> HttpResponse {
    let (size, hits, misses) = cache.stats();
    HttpResponse::Ok().json(json!({ "size": size, "hits": hits, "misses": misses }))
}

pub async fn purge_cache(cache: web::Data<ResponseCache>) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "purged": cache.invalidate_prefix("") }))
}

/// Admin routes need the configured token (the scope's middleware); registered through `configure`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/cache", web::get().to(cache_stats))
        .route("/cache", web::delete().to(purge_cache))
        .route("/metrics", web::get().to(metrics_text))
        .route("/streams", web::get().to(stream_stats));
}
