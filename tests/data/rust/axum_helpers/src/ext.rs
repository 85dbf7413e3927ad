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

// A wrapper around `.route(..)` that real crates call once per endpoint: each call is a route,
// with the path and handler of that call.
pub trait RouteGet {
    fn get_route<H, T>(self, path: &str, handler: H) -> Self
    where
        H: axum::handler::Handler<T, ()>,
        T: 'static;
}

impl RouteGet for Router {
    fn get_route<H, T>(self, path: &str, handler: H) -> Self
    where
        H: axum::handler::Handler<T, ()>,
        T: 'static,
    {
        self.route(path, get(handler))
    }
}
