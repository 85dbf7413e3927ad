use axum::{routing::get, Router};

pub async fn list_users() -> &'static str {
    "[]"
}

pub async fn get_user() -> &'static str {
    "{}"
}

pub async fn stats() -> &'static str {
    "{}"
}

pub async fn auth(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    next.run(req).await
}

pub trait RouterExt {
    fn admin_routes(self) -> Self;
    fn unused_routes(self) -> Self;
}

impl<S: Clone + Send + Sync + 'static> RouterExt for Router<S> {
    fn admin_routes(self) -> Self {
        self.route("/admin/stats", get(stats))
    }

    // Defined, never called: listed, not mounted.
    fn unused_routes(self) -> Self {
        self.route("/admin/unused", get(stats))
    }
}
