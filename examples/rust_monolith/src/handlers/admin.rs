//! /admin: cache, metrics and stream statistics; registered through `configure`.

use crate::cache::ResponseCache;
use crate::db::DbPool;
use crate::handlers::data;
use crate::handlers::streams::stream_stats;
use crate::http::{web, HttpRequest, HttpResponse};
use crate::services::metrics::MetricsService;
use crate::services::sessions::SessionService;
use crate::services::users::UserService;

pub async fn metrics_text(req: HttpRequest) -> HttpResponse {
    let mut lines = vec![format!("uptime_seconds {}", data::<MetricsService>(&req).uptime().as_secs())];
    for (route, count) in data::<MetricsService>(&req).snapshot() {
        lines.push(format!("requests_total{{route=\"{}\"}} {}", route, count));
    }
    lines.push(format!("users_total {}", data::<UserService>(&req).count()));
    lines.push(format!("sessions_active {}", data::<SessionService>(&req).active()));
    lines.push(format!("db_pool_idle {}", data::<DbPool>(&req).idle()));
    HttpResponse::ok(lines.join("\n"))
}

pub async fn cache_stats(req: HttpRequest) -> HttpResponse {
    let (size, hits, misses) = data::<ResponseCache>(&req).stats();
    HttpResponse::ok(format!("{{\"size\":{},\"hits\":{},\"misses\":{}}}", size, hits, misses))
}

pub async fn purge_cache(req: HttpRequest) -> HttpResponse {
    let purged = data::<ResponseCache>(&req).invalidate_prefix("");
    HttpResponse::ok(format!("{{\"purged\":{}}}", purged))
}

/// Admin routes need the configured token; registered through `configure`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/cache", web::get().to(cache_stats))
        .route("/cache", web::delete().to(purge_cache))
        .route("/metrics", web::get().to(metrics_text))
        .route("/streams", web::get().to(stream_stats));
}
