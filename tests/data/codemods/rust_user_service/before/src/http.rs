//! A small, dependency-free stand-in for actix-web with the same builder shape:
//! `HttpServer::new(move || App::new().app_data(..).wrap(..).service(web::scope("/api")..))`.
//! It keeps this generated 1,000-line fixture buildable with tokio alone (examples/rust_monolith
//! is the real actix-web service); the shape is what the analyser reads and a split preserves.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::watch;

pub type BoxFuture = Pin<Box<dyn Future<Output = HttpResponse> + Send>>;
type Handler = Arc<dyn Fn(HttpRequest) -> BoxFuture + Send + Sync>;
type Middleware = Arc<dyn Fn(&HttpRequest, HttpResponse) -> HttpResponse + Send + Sync>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
    Any,
}

impl Method {
    pub fn parse(raw: &str) -> Option<Method> {
        match raw {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }
}

#[derive(Clone)]
pub struct HttpRequest {
    pub method: Method,
    pub path: String,
    pub body: String,
    pub headers: HashMap<String, String>,
    params: HashMap<String, String>,
    data: Arc<Vec<Arc<dyn Any + Send + Sync>>>,
}

impl HttpRequest {
    pub fn new(method: Method, path: &str, body: &str) -> Self {
        HttpRequest {
            method,
            path: path.to_string(),
            body: body.to_string(),
            headers: HashMap::new(),
            params: HashMap::new(),
            data: Arc::new(Vec::new()),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.insert(name.to_ascii_lowercase(), value.to_string());
        self
    }

    pub fn match_info(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(|s| s.as_str())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(|s| s.as_str())
    }

    /// The shared state registered with `App::app_data`, by type.
    pub fn app_data<T: Send + Sync + 'static>(&self) -> Option<Arc<T>> {
        self.data.iter().find_map(|d| d.clone().downcast::<T>().ok())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
}

impl HttpResponse {
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        HttpResponse { status, body: body.into(), headers: Vec::new() }
    }
    pub fn ok(body: impl Into<String>) -> Self {
        Self::new(200, body)
    }
    pub fn created(body: impl Into<String>) -> Self {
        Self::new(201, body)
    }
    pub fn no_content() -> Self {
        Self::new(204, "")
    }
    pub fn bad_request(why: &str) -> Self {
        Self::new(400, format!("{{\"error\":\"{}\"}}", why))
    }
    pub fn unauthorized() -> Self {
        Self::new(401, "{\"error\":\"unauthorized\"}")
    }
    pub fn not_found() -> Self {
        Self::new(404, "{\"error\":\"not found\"}")
    }
    pub fn unavailable(why: &str) -> Self {
        Self::new(503, format!("{{\"error\":\"{}\"}}", why))
    }
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

pub struct Route {
    method: Method,
    handler: Option<Handler>,
}

impl Route {
    pub fn to<F, Fut>(mut self, handler: F) -> Self
    where
        F: Fn(HttpRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = HttpResponse> + Send + 'static,
    {
        self.handler = Some(Arc::new(move |req| Box::pin(handler(req)) as BoxFuture));
        self
    }
}

pub mod web {
    use super::{Method, Resource, Route, Scope};

    pub use super::ServiceConfig;

    /// Shared application data, as actix-web's `web::Data<T>` (an `Arc` underneath).
    pub type Data<T> = std::sync::Arc<T>;

    pub fn get() -> Route {
        Route { method: Method::Get, handler: None }
    }
    pub fn post() -> Route {
        Route { method: Method::Post, handler: None }
    }
    pub fn put() -> Route {
        Route { method: Method::Put, handler: None }
    }
    pub fn delete() -> Route {
        Route { method: Method::Delete, handler: None }
    }
    pub fn route() -> Route {
        Route { method: Method::Any, handler: None }
    }
    pub fn scope(prefix: &str) -> Scope {
        Scope { prefix: prefix.to_string(), config: super::ServiceConfig::default(), middleware: Vec::new() }
    }
    pub fn resource(path: &str) -> Resource {
        Resource { path: path.to_string(), routes: Vec::new() }
    }
}

struct Entry {
    method: Method,
    pattern: Vec<String>,
    handler: Handler,
    middleware: Vec<Middleware>,
}

/// Routes registered under one prefix (what `configure(f)` receives).
#[derive(Default)]
pub struct ServiceConfig {
    entries: Vec<Entry>,
    data: Vec<Arc<dyn Any + Send + Sync>>,
}

impl ServiceConfig {
    pub fn route(&mut self, path: &str, route: Route) -> &mut Self {
        if let Some(handler) = route.handler {
            let pattern = split(path);
            self.entries.push(Entry { method: route.method, pattern, handler, middleware: vec![] });
        }
        self
    }

    pub fn service(&mut self, factory: impl Service) -> &mut Self {
        factory.register(self);
        self
    }

    pub fn configure<F: FnOnce(&mut ServiceConfig)>(&mut self, f: F) -> &mut Self {
        f(self);
        self
    }

    /// Application data registered here reaches every request of the app (as in actix-web).
    pub fn app_data<T: Send + Sync + 'static>(&mut self, data: Arc<T>) -> &mut Self {
        self.data.push(data);
        self
    }

    fn mount(&mut self, prefix: &str, inner: ServiceConfig, middleware: &[Middleware]) {
        for mut entry in inner.entries {
            let mut pattern = split(prefix);
            pattern.extend(entry.pattern);
            entry.pattern = pattern;
            let mut all = middleware.to_vec();
            all.extend(entry.middleware);
            entry.middleware = all;
            self.entries.push(entry);
        }
    }
}

pub trait Service {
    fn register(self, config: &mut ServiceConfig);
}

pub struct Scope {
    prefix: String,
    config: ServiceConfig,
    middleware: Vec<Middleware>,
}

impl Scope {
    pub fn route(mut self, path: &str, route: Route) -> Self {
        self.config.route(path, route);
        self
    }
    pub fn service(mut self, factory: impl Service) -> Self {
        factory.register(&mut self.config);
        self
    }
    pub fn configure<F: FnOnce(&mut ServiceConfig)>(mut self, f: F) -> Self {
        f(&mut self.config);
        self
    }
    pub fn wrap<M>(mut self, middleware: M) -> Self
    where
        M: Fn(&HttpRequest, HttpResponse) -> HttpResponse + Send + Sync + 'static,
    {
        // as in actix-web, a scope's middleware wraps all of its routes, wherever it is added
        self.middleware.insert(0, Arc::new(middleware));
        self
    }
}

impl Service for Scope {
    fn register(self, config: &mut ServiceConfig) {
        config.mount(&self.prefix, self.config, &self.middleware);
    }
}

pub struct Resource {
    path: String,
    routes: Vec<Route>,
}

impl Resource {
    pub fn route(mut self, route: Route) -> Self {
        self.routes.push(route);
        self
    }
}

impl Service for Resource {
    fn register(self, config: &mut ServiceConfig) {
        for route in self.routes {
            config.route(&self.path, route);
        }
    }
}

pub struct App {
    config: ServiceConfig,
    data: Vec<Arc<dyn Any + Send + Sync>>,
    middleware: Vec<Middleware>,
}

impl App {
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        App { config: ServiceConfig::default(), data: Vec::new(), middleware: Vec::new() }
    }
    pub fn app_data<T: Send + Sync + 'static>(mut self, data: Arc<T>) -> Self {
        self.data.push(data);
        self
    }
    pub fn wrap<M>(mut self, middleware: M) -> Self
    where
        M: Fn(&HttpRequest, HttpResponse) -> HttpResponse + Send + Sync + 'static,
    {
        self.middleware.push(Arc::new(middleware));
        self
    }
    pub fn route(mut self, path: &str, route: Route) -> Self {
        self.config.route(path, route);
        self
    }
    pub fn service(mut self, factory: impl Service) -> Self {
        factory.register(&mut self.config);
        self
    }
    pub fn configure<F: FnOnce(&mut ServiceConfig)>(mut self, f: F) -> Self {
        f(&mut self.config);
        self.data.append(&mut self.config.data);
        self
    }

    /// Dispatches one request: the first matching route, its middleware, then the app's.
    pub async fn call(&self, mut req: HttpRequest) -> HttpResponse {
        req.data = Arc::new(self.data.clone());
        let wanted = split(&req.path);
        for entry in &self.config.entries {
            let method_ok = entry.method == Method::Any || entry.method == req.method;
            if let (true, Some(params)) = (method_ok, matches(&entry.pattern, &wanted)) {
                req.params = params;
                let mut response = (entry.handler)(req.clone()).await;
                for middleware in entry.middleware.iter().chain(self.middleware.iter()) {
                    response = middleware(&req, response);
                }
                return response;
            }
        }
        HttpResponse::not_found()
    }

    pub fn route_count(&self) -> usize {
        self.config.entries.len()
    }
}

fn split(path: &str) -> Vec<String> {
    path.split('/').filter(|s| !s.is_empty()).map(|s| s.to_string()).collect()
}

fn matches(pattern: &[String], path: &[String]) -> Option<HashMap<String, String>> {
    if pattern.len() != path.len() {
        return None;
    }
    let mut params = HashMap::new();
    for (want, got) in pattern.iter().zip(path) {
        if want.starts_with('{') && want.ends_with('}') {
            params.insert(want[1..want.len() - 1].to_string(), got.clone());
        } else if want != got {
            return None;
        }
    }
    Some(params)
}

pub struct HttpServer<F: Fn() -> App> {
    factory: F,
    addr: Option<SocketAddr>,
    stop: Option<watch::Receiver<bool>>,
}

impl<F: Fn() -> App + Send + 'static> HttpServer<F> {
    pub fn new(factory: F) -> Self {
        HttpServer { factory, addr: None, stop: None }
    }

    pub fn bind(mut self, addr: &str) -> std::io::Result<Self> {
        let parsed = addr.parse().map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        self.addr = Some(parsed);
        Ok(self)
    }

    pub fn shutdown_signal(mut self, stop: watch::Receiver<bool>) -> Self {
        self.stop = Some(stop);
        self
    }

    /// Serves HTTP/1.1 (one request per connection) until the shutdown signal flips.
    pub async fn run(self) -> std::io::Result<()> {
        let addr = self.addr.unwrap_or_else(|| "127.0.0.1:8080".parse().unwrap());
        let listener = TcpListener::bind(addr).await?;
        let app = Arc::new((self.factory)());
        let mut stop = self.stop;
        loop {
            let accepted = match stop.as_mut() {
                Some(stop) => tokio::select! {
                    accepted = listener.accept() => accepted,
                    _ = stop.changed() => return Ok(()),
                },
                None => listener.accept().await,
            };
            let (mut socket, _) = accepted?;
            let app = app.clone();
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 16 * 1024];
                let read = socket.read(&mut buffer).await.unwrap_or(0);
                let response = match parse_request(&buffer[..read]) {
                    Some(req) => app.call(req).await,
                    None => HttpResponse::bad_request("malformed request"),
                };
                let _ = socket.write_all(render(&response).as_bytes()).await;
            });
        }
    }
}

fn parse_request(raw: &[u8]) -> Option<HttpRequest> {
    let text = std::str::from_utf8(raw).ok()?;
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let mut first = lines.next()?.split_whitespace();
    let method = Method::parse(first.next()?)?;
    let mut req = HttpRequest::new(method, first.next()?, body);
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            req = req.with_header(name.trim(), value.trim());
        }
    }
    Some(req)
}

fn render(response: &HttpResponse) -> String {
    let mut out = format!("HTTP/1.1 {} OK\r\ncontent-length: {}\r\n", response.status, response.body.len());
    for (name, value) in &response.headers {
        out.push_str(&format!("{}: {}\r\n", name, value));
    }
    out.push_str("\r\n");
    out.push_str(&response.body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn hello(req: HttpRequest) -> HttpResponse {
        HttpResponse::ok(format!("hello {}", req.match_info("name").unwrap_or("?")))
    }

    #[tokio::test]
    async fn scopes_resources_and_params_dispatch() {
        let app = App::new()
            .service(web::scope("/api").service(web::resource("/hello/{name}").route(web::get().to(hello))))
            .wrap(|_req: &HttpRequest, res: HttpResponse| res.with_header("x-app", "1"));
        let res = app.call(HttpRequest::new(Method::Get, "/api/hello/ann", "")).await;
        assert_eq!(res.body, "hello ann");
        assert_eq!(res.headers, vec![("x-app".to_string(), "1".to_string())]);
        let missing = app.call(HttpRequest::new(Method::Post, "/api/hello/ann", "")).await;
        assert_eq!(missing.status, 404);
    }

    #[test]
    fn parses_a_raw_request() {
        let req = parse_request(b"POST /x HTTP/1.1\r\nX-Token: t\r\n\r\nbody").unwrap();
        assert_eq!((&req.method, req.path.as_str(), req.body.as_str()), (&Method::Post, "/x", "body"));
        assert_eq!(req.header("x-token"), Some("t"));
    }
}
