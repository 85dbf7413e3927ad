//! Health, for the load balancer.

pub async fn health() -> &'static str {
    "ok"
}
