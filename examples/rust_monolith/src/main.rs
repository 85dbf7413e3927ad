//! user-service: the whole backend in one file, the way it grew.
//!
//! Configuration, logging, the connection pool, the response cache, every service, the HTTP
//! handlers, background jobs, the CLI and server start-up all live here. This is the shape the
//! refactor plan starts from; `nova-refactor analyze` measures it.

#[allow(dead_code)] // a framework-like module: this binary does not use every builder method
mod http;

use std::collections::HashMap;
use std::env;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use once_cell::sync::{Lazy, OnceCell};
use tokio::sync::{watch, Semaphore};

use crate::http::{web, App, HttpRequest, HttpResponse, HttpServer, ServiceConfig};

// ---------------------------------------------------------------------------------------------
// Logging: a small tracing-like subscriber with levels and structured fields.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error = 1,
    Warn = 2,
    Info = 3,
    Debug = 4,
}

impl Level {
    fn parse(raw: &str) -> Level {
        match raw.to_ascii_lowercase().as_str() {
            "error" => Level::Error,
            "warn" | "warning" => Level::Warn,
            "debug" | "trace" => Level::Debug,
            _ => Level::Info,
        }
    }
}

pub struct Subscriber {
    max_level: Level,
    json: bool,
    started: Instant,
}

static SUBSCRIBER: OnceCell<Subscriber> = OnceCell::new();

fn init_tracing(level: &str, json: bool) {
    let subscriber = Subscriber { max_level: Level::parse(level), json, started: Instant::now() };
    let _ = SUBSCRIBER.set(subscriber);
}

fn emit(level: Level, target: &str, message: &str) {
    let subscriber = match SUBSCRIBER.get() {
        Some(subscriber) => subscriber,
        None => return,
    };
    if level > subscriber.max_level {
        return;
    }
    let elapsed = subscriber.started.elapsed().as_millis();
    if subscriber.json {
        eprintln!("{{\"ms\":{},\"level\":\"{:?}\",\"target\":\"{}\",\"msg\":\"{}\"}}", elapsed, level, target, message);
    } else {
        eprintln!("{:>8}ms {:<5} {}: {}", elapsed, format!("{:?}", level).to_uppercase(), target, message);
    }
}

macro_rules! info {
    ($($arg:tt)*) => { emit(Level::Info, module_path!(), &format!($($arg)*)) };
}

macro_rules! warn {
    ($($arg:tt)*) => { emit(Level::Warn, module_path!(), &format!($($arg)*)) };
}

macro_rules! debug {
    ($($arg:tt)*) => { emit(Level::Debug, module_path!(), &format!($($arg)*)) };
}

// ---------------------------------------------------------------------------------------------
// Configuration from the environment.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct Config {
    pub bind_addr: String,
    pub database_url: String,
    pub pool_size: usize,
    pub cache_ttl: Duration,
    pub session_ttl: Duration,
    pub admin_token: String,
    pub stream_capacity: usize,
    pub log_level: String,
    pub log_json: bool,
    pub reaper_interval: Duration,
}

impl Config {
    pub fn from_env() -> Result<Config, ServiceError> {
        let config = Config {
            bind_addr: env::var("USER_SERVICE_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into()),
            database_url: env::var("DATABASE_URL").unwrap_or_else(|_| "memory://users".into()),
            pool_size: parse_env("DB_POOL_SIZE", 8)?,
            cache_ttl: Duration::from_secs(parse_env("CACHE_TTL_SECS", 30)?),
            session_ttl: Duration::from_secs(parse_env("SESSION_TTL_SECS", 3600)?),
            admin_token: env::var("ADMIN_TOKEN").unwrap_or_else(|_| "change-me".into()),
            stream_capacity: parse_env("STREAM_CAPACITY", 256)?,
            log_level: env::var("LOG_LEVEL").unwrap_or_else(|_| "info".into()),
            log_json: env::var("LOG_FORMAT").map(|v| v == "json").unwrap_or(false),
            reaper_interval: Duration::from_millis(parse_env("REAPER_INTERVAL_MS", 5000)?),
        };
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ServiceError> {
        if self.pool_size == 0 || self.pool_size > 256 {
            return Err(ServiceError::Config(format!("DB_POOL_SIZE must be 1..=256, got {}", self.pool_size)));
        }
        if !self.database_url.contains("://") {
            return Err(ServiceError::Config("DATABASE_URL must be a URL".into()));
        }
        if self.stream_capacity == 0 {
            return Err(ServiceError::Config("STREAM_CAPACITY must be positive".into()));
        }
        Ok(())
    }
}

fn parse_env<T: std::str::FromStr>(name: &str, default: T) -> Result<T, ServiceError> {
    match env::var(name) {
        Ok(raw) => raw
            .trim()
            .parse()
            .map_err(|_| ServiceError::Config(format!("{} is not a valid number: {:?}", name, raw))),
        Err(_) => Ok(default),
    }
}

// ---------------------------------------------------------------------------------------------
// Errors and models.
// ---------------------------------------------------------------------------------------------

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
    fn into_response(self) -> HttpResponse {
        match self {
            ServiceError::NotFound(_) => HttpResponse::not_found(),
            ServiceError::Invalid(why) | ServiceError::Config(why) => HttpResponse::bad_request(&why),
            ServiceError::Conflict(why) => HttpResponse::new(409, format!("{{\"error\":\"{}\"}}", why)),
            ServiceError::Unavailable(why) => HttpResponse::unavailable(&why),
            ServiceError::Unauthorized => HttpResponse::unauthorized(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: u64,
    pub name: String,
    pub email: String,
    pub active: bool,
}

impl User {
    fn to_json(&self) -> String {
        format!(
            "{{\"id\":{},\"name\":\"{}\",\"email\":\"{}\",\"active\":{}}}",
            self.id,
            escape(&self.name),
            escape(&self.email),
            self.active
        )
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub user_id: u64,
    pub created: Instant,
    pub last_seen: Instant,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamEvent {
    pub seq: u64,
    pub user_id: u64,
    pub kind: String,
    pub payload: String,
}

impl StreamEvent {
    fn to_json(&self) -> String {
        format!(
            "{{\"seq\":{},\"user_id\":{},\"kind\":\"{}\",\"payload\":\"{}\"}}",
            self.seq,
            self.user_id,
            escape(&self.kind),
            escape(&self.payload)
        )
    }
}

fn escape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// `name=Ann&email=ann%40example.com` into a map; enough for the service's form bodies.
fn parse_form(body: &str) -> HashMap<String, String> {
    body.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), v.replace("%40", "@").replace('+', " ")))
        .collect()
}

fn now_millis() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// The database pool (connections behind a semaphore) and the response cache.
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
pub struct Connection {
    pub id: usize,
    pub queries: u64,
}

#[derive(Clone)]
pub struct DbPool {
    url: String,
    idle: Arc<Mutex<Vec<Connection>>>,
    permits: Arc<Semaphore>,
    size: usize,
}

pub struct PooledConnection {
    conn: Option<Connection>,
    pool: DbPool,
    _permit: tokio::sync::OwnedSemaphorePermit,
}

impl PooledConnection {
    pub fn query(&mut self, _sql: &str) -> u64 {
        let conn = self.conn.as_mut().expect("connection present until drop");
        conn.queries += 1;
        conn.queries
    }
}

impl Drop for PooledConnection {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.pool.idle.lock().unwrap().push(conn);
        }
    }
}

impl DbPool {
    pub fn connect(url: &str, size: usize) -> Result<DbPool, ServiceError> {
        if !url.starts_with("memory://") && !url.starts_with("postgres://") {
            return Err(ServiceError::Config(format!("unsupported database url {}", url)));
        }
        let idle = (0..size).map(|id| Connection { id, queries: 0 }).collect();
        Ok(DbPool {
            url: url.to_string(),
            idle: Arc::new(Mutex::new(idle)),
            permits: Arc::new(Semaphore::new(size)),
            size,
        })
    }

    pub async fn get(&self) -> Result<PooledConnection, ServiceError> {
        let permit = tokio::time::timeout(Duration::from_secs(2), self.permits.clone().acquire_owned())
            .await
            .map_err(|_| ServiceError::Unavailable("database pool exhausted".into()))?
            .map_err(|_| ServiceError::Unavailable("database pool closed".into()))?;
        let conn = self.idle.lock().unwrap().pop();
        Ok(PooledConnection { conn, pool: self.clone(), _permit: permit })
    }

    pub fn idle(&self) -> usize {
        self.idle.lock().unwrap().len()
    }

    pub fn size(&self) -> usize {
        self.size
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

struct CacheEntry {
    body: String,
    stored: Instant,
}

#[derive(Clone)]
pub struct ResponseCache {
    entries: Arc<RwLock<HashMap<String, CacheEntry>>>,
    ttl: Duration,
    hits: Arc<AtomicU64>,
    misses: Arc<AtomicU64>,
}

impl ResponseCache {
    pub fn new(ttl: Duration) -> Self {
        ResponseCache {
            entries: Arc::new(RwLock::new(HashMap::new())),
            ttl,
            hits: Arc::new(AtomicU64::new(0)),
            misses: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn get(&self, key: &str) -> Option<String> {
        let entries = self.entries.read().unwrap();
        match entries.get(key) {
            Some(entry) if entry.stored.elapsed() < self.ttl => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(entry.body.clone())
            }
            _ => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    pub fn put(&self, key: &str, body: &str) {
        let mut entries = self.entries.write().unwrap();
        entries.insert(key.to_string(), CacheEntry { body: body.to_string(), stored: Instant::now() });
    }

    pub fn invalidate_prefix(&self, prefix: &str) -> usize {
        let mut entries = self.entries.write().unwrap();
        let before = entries.len();
        entries.retain(|key, _| !key.starts_with(prefix));
        before - entries.len()
    }

    pub fn evict_expired(&self) -> usize {
        let mut entries = self.entries.write().unwrap();
        let before = entries.len();
        let ttl = self.ttl;
        entries.retain(|_, entry| entry.stored.elapsed() < ttl);
        before - entries.len()
    }

    pub fn stats(&self) -> (usize, u64, u64) {
        let size = self.entries.read().unwrap().len();
        (size, self.hits.load(Ordering::Relaxed), self.misses.load(Ordering::Relaxed))
    }
}

// ---------------------------------------------------------------------------------------------
// Services: users, sessions, the event stream, request metrics.
// ---------------------------------------------------------------------------------------------

pub struct UserService {
    users: Arc<Mutex<HashMap<u64, User>>>,
    next_id: AtomicU64,
    pool: DbPool,
    cache: ResponseCache,
}

impl UserService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        UserService { users: Arc::new(Mutex::new(HashMap::new())), next_id: AtomicU64::new(1), pool, cache }
    }

    pub async fn create(&self, name: &str, email: &str) -> Result<User, ServiceError> {
        if name.trim().is_empty() || !email.contains('@') {
            return Err(ServiceError::Invalid("name and a valid email are required".into()));
        }
        let mut conn = self.pool.get().await?;
        conn.query("INSERT INTO users (name, email) VALUES ($1, $2)");
        let mut users = self.users.lock().unwrap();
        if users.values().any(|u| u.email == email) {
            return Err(ServiceError::Conflict(format!("email {} already registered", email)));
        }
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let user = User { id, name: name.trim().to_string(), email: email.to_string(), active: true };
        users.insert(id, user.clone());
        drop(users);
        self.cache.invalidate_prefix("users");
        Ok(user)
    }

    pub async fn get(&self, id: u64) -> Result<User, ServiceError> {
        let mut conn = self.pool.get().await?;
        conn.query("SELECT * FROM users WHERE id = $1");
        self.users.lock().unwrap().get(&id).cloned().ok_or_else(|| ServiceError::NotFound(format!("user {}", id)))
    }

    pub async fn list(&self, only_active: bool) -> Result<Vec<User>, ServiceError> {
        let mut conn = self.pool.get().await?;
        conn.query("SELECT * FROM users ORDER BY id");
        let users = self.users.lock().unwrap();
        let mut found: Vec<User> = users.values().filter(|u| u.active || !only_active).cloned().collect();
        found.sort_by_key(|u| u.id);
        Ok(found)
    }

    pub async fn update(&self, id: u64, name: Option<&str>, active: Option<bool>) -> Result<User, ServiceError> {
        let mut conn = self.pool.get().await?;
        conn.query("UPDATE users SET name = $2, active = $3 WHERE id = $1");
        let mut users = self.users.lock().unwrap();
        let user = users.get_mut(&id).ok_or_else(|| ServiceError::NotFound(format!("user {}", id)))?;
        if let Some(name) = name {
            if name.trim().is_empty() {
                return Err(ServiceError::Invalid("name must not be empty".into()));
            }
            user.name = name.trim().to_string();
        }
        if let Some(active) = active {
            user.active = active;
        }
        let updated = user.clone();
        drop(users);
        self.cache.invalidate_prefix("users");
        Ok(updated)
    }

    pub async fn delete(&self, id: u64) -> Result<(), ServiceError> {
        let mut conn = self.pool.get().await?;
        conn.query("DELETE FROM users WHERE id = $1");
        let removed = self.users.lock().unwrap().remove(&id);
        self.cache.invalidate_prefix("users");
        removed.map(|_| ()).ok_or_else(|| ServiceError::NotFound(format!("user {}", id)))
    }

    pub fn count(&self) -> usize {
        self.users.lock().unwrap().len()
    }
}

pub struct SessionService {
    sessions: Arc<Mutex<HashMap<String, Session>>>,
    ttl: Duration,
    issued: AtomicU64,
}

impl SessionService {
    pub fn new(ttl: Duration) -> Self {
        SessionService { sessions: Arc::new(Mutex::new(HashMap::new())), ttl, issued: AtomicU64::new(0) }
    }

    pub fn login(&self, user: &User) -> Session {
        let serial = self.issued.fetch_add(1, Ordering::SeqCst);
        let token = format!("s{:x}{:04x}", now_millis(), serial);
        let session = Session { token: token.clone(), user_id: user.id, created: Instant::now(), last_seen: Instant::now() };
        self.sessions.lock().unwrap().insert(token, session.clone());
        session
    }

    pub fn authenticate(&self, token: &str) -> Result<u64, ServiceError> {
        let mut sessions = self.sessions.lock().unwrap();
        match sessions.get_mut(token) {
            Some(session) if session.last_seen.elapsed() < self.ttl => {
                session.last_seen = Instant::now();
                Ok(session.user_id)
            }
            Some(_) => {
                sessions.remove(token);
                Err(ServiceError::Unauthorized)
            }
            None => Err(ServiceError::Unauthorized),
        }
    }

    pub fn logout(&self, token: &str) -> bool {
        self.sessions.lock().unwrap().remove(token).is_some()
    }

    pub fn reap_expired(&self) -> usize {
        let mut sessions = self.sessions.lock().unwrap();
        let before = sessions.len();
        let ttl = self.ttl;
        sessions.retain(|_, s| s.last_seen.elapsed() < ttl);
        before - sessions.len()
    }

    pub fn active(&self) -> usize {
        self.sessions.lock().unwrap().len()
    }
}

pub struct StreamState {
    events: Vec<StreamEvent>,
    next_seq: u64,
    dropped: u64,
}

pub struct StreamService {
    state: Arc<tokio::sync::Mutex<StreamState>>,
    capacity: usize,
    pool: DbPool,
}

impl StreamService {
    pub fn new(capacity: usize, pool: DbPool) -> Self {
        let state = StreamState { events: Vec::new(), next_seq: 1, dropped: 0 };
        StreamService { state: Arc::new(tokio::sync::Mutex::new(state)), capacity, pool }
    }

    /// Appends an event. The stream lock is held while the event is persisted: every publisher
    /// waits for the database while holding it (the contention the refactor plan removes).
    pub async fn publish(&self, user_id: u64, kind: &str, payload: &str) -> Result<StreamEvent, ServiceError> {
        if kind.is_empty() {
            return Err(ServiceError::Invalid("event kind is required".into()));
        }
        let mut state = self.state.lock().await;
        let event = StreamEvent { seq: state.next_seq, user_id, kind: kind.to_string(), payload: payload.to_string() };
        let mut conn = self.pool.get().await?;
        conn.query("INSERT INTO events (seq, user_id, kind, payload) VALUES ($1, $2, $3, $4)");
        state.next_seq += 1;
        state.events.push(event.clone());
        if state.events.len() > self.capacity {
            let overflow = state.events.len() - self.capacity;
            state.events.drain(..overflow);
            state.dropped += overflow as u64;
        }
        Ok(event)
    }

    pub async fn since(&self, seq: u64, limit: usize) -> Vec<StreamEvent> {
        let state = self.state.lock().await;
        state.events.iter().filter(|e| e.seq > seq).take(limit).cloned().collect()
    }

    pub async fn stats(&self) -> (usize, u64, u64) {
        let state = self.state.lock().await;
        (state.events.len(), state.next_seq - 1, state.dropped)
    }

    pub async fn heartbeat(&self) -> StreamEvent {
        let mut state = self.state.lock().await;
        let event = StreamEvent { seq: state.next_seq, user_id: 0, kind: "heartbeat".into(), payload: String::new() };
        state.next_seq += 1;
        state.events.push(event.clone());
        event
    }
}

static REQUEST_COUNTS: Lazy<Mutex<HashMap<String, u64>>> = Lazy::new(|| Mutex::new(HashMap::new()));

pub struct MetricsService {
    started: Instant,
    flushed: AtomicU64,
}

impl MetricsService {
    pub fn new() -> Self {
        MetricsService { started: Instant::now(), flushed: AtomicU64::new(0) }
    }

    pub fn record(&self, route: &str) {
        *REQUEST_COUNTS.lock().unwrap().entry(route.to_string()).or_insert(0) += 1;
    }

    pub fn snapshot(&self) -> Vec<(String, u64)> {
        let mut counts: Vec<(String, u64)> = REQUEST_COUNTS.lock().unwrap().iter().map(|(k, v)| (k.clone(), *v)).collect();
        counts.sort();
        counts
    }

    pub fn flush(&self) -> u64 {
        let total: u64 = REQUEST_COUNTS.lock().unwrap().values().sum();
        self.flushed.store(total, Ordering::Relaxed);
        total
    }

    pub fn uptime(&self) -> Duration {
        self.started.elapsed()
    }
}

pub struct AppState {
    pub config: Config,
    pub pool: DbPool,
    pub cache: ResponseCache,
    pub users: Arc<UserService>,
    pub sessions: Arc<SessionService>,
    pub streams: Arc<StreamService>,
    pub metrics: Arc<MetricsService>,
}

// ---------------------------------------------------------------------------------------------
// HTTP handlers.
// ---------------------------------------------------------------------------------------------

fn state_of(req: &HttpRequest) -> Arc<AppState> {
    req.app_data::<AppState>().expect("AppState registered with app_data")
}

fn id_param(req: &HttpRequest) -> Result<u64, ServiceError> {
    req.match_info("id")
        .and_then(|raw| raw.parse().ok())
        .ok_or_else(|| ServiceError::Invalid("id must be a number".into()))
}

fn current_user(req: &HttpRequest, state: &AppState) -> Result<u64, ServiceError> {
    let token = req.header("authorization").and_then(|h| h.strip_prefix("Bearer ")).ok_or(ServiceError::Unauthorized)?;
    state.sessions.authenticate(token)
}

async fn health(_req: HttpRequest) -> HttpResponse {
    HttpResponse::ok("{\"status\":\"ok\"}")
}

async fn readiness(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    match state.pool.get().await {
        Ok(conn) => {
            drop(conn);
            HttpResponse::ok(format!("{{\"ready\":true,\"idle\":{}}}", state.pool.idle()))
        }
        Err(err) => err.into_response(),
    }
}

async fn list_users(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    state.metrics.record("list_users");
    if let Some(body) = state.cache.get("users:all") {
        return HttpResponse::ok(body).with_header("x-cache", "hit");
    }
    match state.users.list(true).await {
        Ok(users) => {
            let body = format!("[{}]", users.iter().map(User::to_json).collect::<Vec<_>>().join(","));
            state.cache.put("users:all", &body);
            HttpResponse::ok(body).with_header("x-cache", "miss")
        }
        Err(err) => err.into_response(),
    }
}

async fn get_user(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    state.metrics.record("get_user");
    let id = match id_param(&req) {
        Ok(id) => id,
        Err(err) => return err.into_response(),
    };
    match state.users.get(id).await {
        Ok(user) => HttpResponse::ok(user.to_json()),
        Err(err) => err.into_response(),
    }
}

async fn create_user(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    state.metrics.record("create_user");
    let form = parse_form(&req.body);
    let name = form.get("name").map(String::as_str).unwrap_or("");
    let email = form.get("email").map(String::as_str).unwrap_or("");
    match state.users.create(name, email).await {
        Ok(user) => {
            let _ = state.streams.publish(user.id, "user.created", &user.email).await;
            HttpResponse::created(user.to_json())
        }
        Err(err) => err.into_response(),
    }
}

async fn update_user(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    state.metrics.record("update_user");
    let id = match id_param(&req) {
        Ok(id) => id,
        Err(err) => return err.into_response(),
    };
    let form = parse_form(&req.body);
    let active = match form.get("active").map(String::as_str) {
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => return ServiceError::Invalid("active must be true or false".into()).into_response(),
        None => None,
    };
    match state.users.update(id, form.get("name").map(String::as_str), active).await {
        Ok(user) => HttpResponse::ok(user.to_json()),
        Err(err) => err.into_response(),
    }
}

async fn delete_user(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    state.metrics.record("delete_user");
    let outcome = match id_param(&req) {
        Ok(id) => state.users.delete(id).await,
        Err(err) => Err(err),
    };
    match outcome {
        Ok(()) => HttpResponse::no_content(),
        Err(err) => err.into_response(),
    }
}

async fn login(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    state.metrics.record("login");
    let form = parse_form(&req.body);
    let id = match form.get("user_id").and_then(|raw| raw.parse::<u64>().ok()) {
        Some(id) => id,
        None => return HttpResponse::bad_request("user_id is required"),
    };
    match state.users.get(id).await {
        Ok(user) if user.active => {
            let session = state.sessions.login(&user);
            HttpResponse::ok(format!("{{\"token\":\"{}\"}}", session.token))
        }
        Ok(_) => ServiceError::Unauthorized.into_response(),
        Err(err) => err.into_response(),
    }
}

async fn logout(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    let token = req.header("authorization").and_then(|h| h.strip_prefix("Bearer ")).unwrap_or("");
    if state.sessions.logout(token) {
        HttpResponse::no_content()
    } else {
        HttpResponse::unauthorized()
    }
}

async fn whoami(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    let user_id = match current_user(&req, &state) {
        Ok(id) => id,
        Err(err) => return err.into_response(),
    };
    match state.users.get(user_id).await {
        Ok(user) => HttpResponse::ok(user.to_json()),
        Err(err) => err.into_response(),
    }
}

async fn publish_event(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    state.metrics.record("publish_event");
    let user_id = match current_user(&req, &state) {
        Ok(id) => id,
        Err(err) => return err.into_response(),
    };
    let form = parse_form(&req.body);
    let kind = form.get("kind").cloned().unwrap_or_default();
    let payload = form.get("payload").cloned().unwrap_or_default();
    match state.streams.publish(user_id, &kind, &payload).await {
        Ok(event) => HttpResponse::created(event.to_json()),
        Err(err) => err.into_response(),
    }
}

async fn recent_events(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    state.metrics.record("recent_events");
    let since = req.match_info("seq").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    let events = state.streams.since(since, 100).await;
    HttpResponse::ok(format!("[{}]", events.iter().map(StreamEvent::to_json).collect::<Vec<_>>().join(",")))
}

async fn stream_stats(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    let (buffered, last_seq, dropped) = state.streams.stats().await;
    HttpResponse::ok(format!("{{\"buffered\":{},\"last_seq\":{},\"dropped\":{}}}", buffered, last_seq, dropped))
}

async fn metrics(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    let mut lines = vec![format!("uptime_seconds {}", state.metrics.uptime().as_secs())];
    for (route, count) in state.metrics.snapshot() {
        lines.push(format!("requests_total{{route=\"{}\"}} {}", route, count));
    }
    lines.push(format!("users_total {}", state.users.count()));
    lines.push(format!("sessions_active {}", state.sessions.active()));
    lines.push(format!("db_pool_idle {}", state.pool.idle()));
    HttpResponse::ok(lines.join("\n"))
}

async fn cache_stats(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    let (size, hits, misses) = state.cache.stats();
    HttpResponse::ok(format!("{{\"size\":{},\"hits\":{},\"misses\":{}}}", size, hits, misses))
}

async fn purge_cache(req: HttpRequest) -> HttpResponse {
    let state = state_of(&req);
    let purged = state.cache.invalidate_prefix("");
    HttpResponse::ok(format!("{{\"purged\":{}}}", purged))
}

/// Admin routes need the configured token; registered through `configure`.
fn admin_routes(cfg: &mut ServiceConfig) {
    cfg.route("/cache", web::get().to(cache_stats))
        .route("/cache", web::delete().to(purge_cache))
        .route("/metrics", web::get().to(metrics))
        .route("/streams", web::get().to(stream_stats));
}

fn require_admin(req: &HttpRequest, res: HttpResponse) -> HttpResponse {
    let expected = state_of(req).config.admin_token.clone();
    match req.header("x-admin-token") {
        Some(token) if token == expected => res,
        _ => HttpResponse::unauthorized(),
    }
}

fn request_log(req: &HttpRequest, res: HttpResponse) -> HttpResponse {
    debug!("{:?} {} -> {}", req.method, req.path, res.status);
    res.with_header("x-service", "user-service")
}

/// Every route of the service, registered the actix-web way.
fn build_app(state: &Arc<AppState>) -> App {
    App::new()
        .app_data(state.clone())
        .wrap(request_log)
        .route("/health", web::get().to(health))
        .route("/ready", web::get().to(readiness))
        .service(
            web::scope("/api/v1")
                .service(
                    web::resource("/users")
                        .route(web::get().to(list_users))
                        .route(web::post().to(create_user)),
                )
                .service(
                    web::resource("/users/{id}")
                        .route(web::get().to(get_user))
                        .route(web::put().to(update_user))
                        .route(web::delete().to(delete_user)),
                )
                .service(
                    web::scope("/sessions")
                        .route("", web::post().to(login))
                        .route("/current", web::get().to(whoami))
                        .route("/current", web::delete().to(logout)),
                )
                .route("/events", web::post().to(publish_event))
                .route("/events/since/{seq}", web::get().to(recent_events)),
        )
        .service(web::scope("/admin").configure(admin_routes).wrap(require_admin))
}

// ---------------------------------------------------------------------------------------------
// Background jobs.
// ---------------------------------------------------------------------------------------------

fn spawn_session_reaper(sessions: Arc<SessionService>, every: Duration, mut stop: watch::Receiver<bool>) -> tokio::task::JoinHandle<usize> {
    tokio::spawn(async move {
        let mut reaped = 0;
        let mut ticker = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    let n = sessions.reap_expired();
                    if n > 0 {
                        info!("reaped {} expired sessions", n);
                    }
                    reaped += n;
                }
                _ = stop.changed() => break,
            }
        }
        reaped
    })
}

fn spawn_cache_janitor(cache: ResponseCache, every: Duration, mut stop: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    let evicted = cache.evict_expired();
                    debug!("cache janitor evicted {}", evicted);
                }
                _ = stop.changed() => return,
            }
        }
    })
}

fn spawn_metrics_flusher(metrics: Arc<MetricsService>, running: Arc<AtomicBool>) -> thread::JoinHandle<u64> {
    thread::spawn(move || {
        let mut last = 0;
        while running.load(Ordering::Relaxed) {
            last = metrics.flush();
            thread::sleep(Duration::from_millis(200));
        }
        last
    })
}

// ---------------------------------------------------------------------------------------------
// CLI.
// ---------------------------------------------------------------------------------------------

enum Command {
    Serve,
    Healthcheck,
    Help,
}

fn parse_command(args: &[String]) -> Result<Command, String> {
    match args.get(1).map(String::as_str) {
        None | Some("serve") => Ok(Command::Serve),
        Some("healthcheck") => Ok(Command::Healthcheck),
        Some("help") | Some("--help") | Some("-h") => Ok(Command::Help),
        Some(other) => Err(format!("unknown command {:?}; try `user-service help`", other)),
    }
}

/// `user-service healthcheck`: configuration loads and the pool hands out a connection.
async fn run_healthcheck(config: &Config) -> i32 {
    let pool = match DbPool::connect(&config.database_url, config.pool_size) {
        Ok(pool) => pool,
        Err(err) => {
            eprintln!("healthcheck failed: {}", err);
            return 1;
        }
    };
    match pool.get().await {
        Ok(mut conn) => {
            conn.query("SELECT 1");
            println!("ok: {} ({} connections)", pool.url(), pool.size());
            0
        }
        Err(err) => {
            eprintln!("healthcheck failed: {}", err);
            1
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = env::args().collect();
    let command = match parse_command(&args) {
        Ok(command) => command,
        Err(why) => {
            eprintln!("{}", why);
            std::process::exit(2);
        }
    };

    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("{}", err);
            std::process::exit(2);
        }
    };
    init_tracing(&config.log_level, config.log_json);
    info!("user-service starting, database {}", config.database_url);

    match command {
        Command::Help => {
            println!("usage: user-service [serve|healthcheck|help]");
            return Ok(());
        }
        Command::Healthcheck => std::process::exit(run_healthcheck(&config).await),
        Command::Serve => {}
    }

    let pool = DbPool::connect(&config.database_url, config.pool_size)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::Other, e.to_string()))?;
    let cache = ResponseCache::new(config.cache_ttl);
    let (stop_tx, stop_rx) = watch::channel(false);
    let running = Arc::new(AtomicBool::new(true));

    let users = Arc::new(UserService::new(pool.clone(), cache.clone()));
    let sessions = Arc::new(SessionService::new(config.session_ttl));
    let streams = Arc::new(StreamService::new(config.stream_capacity, pool.clone()));
    let metrics = Arc::new(MetricsService::new());
    let state = Arc::new(AppState {
        config: config.clone(),
        pool: pool.clone(),
        cache: cache.clone(),
        users: users.clone(),
        sessions: sessions.clone(),
        streams: streams.clone(),
        metrics: metrics.clone(),
    });
    info!("services ready: pool of {}", pool.size());

    let reaper = spawn_session_reaper(sessions.clone(), config.reaper_interval, stop_rx.clone());
    let janitor = spawn_cache_janitor(cache.clone(), config.cache_ttl, stop_rx.clone());
    let flusher = spawn_metrics_flusher(metrics.clone(), running.clone());
    let heartbeat_streams = streams.clone();
    let mut heartbeat_stop = stop_rx.clone();
    let heartbeat = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_secs(15));
        loop {
            tokio::select! {
                _ = ticker.tick() => { heartbeat_streams.heartbeat().await; }
                _ = heartbeat_stop.changed() => break,
            }
        }
    });

    let app_state = state.clone();
    let server = HttpServer::new(move || build_app(&app_state))
        .bind(&config.bind_addr)?
        .shutdown_signal(stop_rx.clone());
    info!("listening on {}", config.bind_addr);
    let serving = tokio::spawn(server.run());

    tokio::signal::ctrl_c().await?;
    warn!("shutdown requested");
    let _ = stop_tx.send(true);
    running.store(false, Ordering::Relaxed);
    let reaped = reaper.await.unwrap_or(0);
    let _ = janitor.await;
    let _ = heartbeat.await;
    let flushed = flusher.join().unwrap_or(0);
    let _ = serving.await;
    info!("stopped: {} sessions reaped, {} requests flushed", reaped, flushed);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    fn test_state() -> Arc<AppState> {
        let config = Config {
            bind_addr: "127.0.0.1:0".into(),
            database_url: "memory://test".into(),
            pool_size: 2,
            cache_ttl: Duration::from_secs(30),
            session_ttl: Duration::from_secs(60),
            admin_token: "secret".into(),
            stream_capacity: 3,
            log_level: "error".into(),
            log_json: false,
            reaper_interval: Duration::from_millis(10),
        };
        let pool = DbPool::connect(&config.database_url, config.pool_size).unwrap();
        let cache = ResponseCache::new(config.cache_ttl);
        Arc::new(AppState {
            users: Arc::new(UserService::new(pool.clone(), cache.clone())),
            sessions: Arc::new(SessionService::new(config.session_ttl)),
            streams: Arc::new(StreamService::new(config.stream_capacity, pool.clone())),
            metrics: Arc::new(MetricsService::new()),
            config,
            pool,
            cache,
        })
    }

    async fn call(app: &App, method: Method, path: &str, body: &str) -> HttpResponse {
        app.call(HttpRequest::new(method, path, body)).await
    }

    #[tokio::test]
    async fn users_crud_through_the_routes() {
        let app = build_app(&test_state());
        let created = call(&app, Method::Post, "/api/v1/users", "name=Ann&email=ann%40example.com").await;
        assert_eq!(created.status, 201);
        assert!(created.body.contains("\"id\":1"));
        assert_eq!(call(&app, Method::Get, "/api/v1/users/1", "").await.status, 200);
        let listed = call(&app, Method::Get, "/api/v1/users", "").await;
        assert!(listed.body.contains("ann@example.com"));
        let again = call(&app, Method::Get, "/api/v1/users", "").await;
        assert!(again.headers.contains(&("x-cache".to_string(), "hit".to_string())));
        let updated = call(&app, Method::Put, "/api/v1/users/1", "name=Annie").await;
        assert!(updated.body.contains("Annie"));
        assert_eq!(call(&app, Method::Delete, "/api/v1/users/1", "").await.status, 204);
        assert_eq!(call(&app, Method::Get, "/api/v1/users/1", "").await.status, 404);
    }

    #[tokio::test]
    async fn rejects_bad_input_and_duplicates() {
        let app = build_app(&test_state());
        assert_eq!(call(&app, Method::Post, "/api/v1/users", "name=&email=x").await.status, 400);
        assert_eq!(call(&app, Method::Get, "/api/v1/users/abc", "").await.status, 400);
        call(&app, Method::Post, "/api/v1/users", "name=A&email=a%40x.org").await;
        assert_eq!(call(&app, Method::Post, "/api/v1/users", "name=B&email=a%40x.org").await.status, 409);
        assert_eq!(call(&app, Method::Put, "/api/v1/users/1", "active=maybe").await.status, 400);
    }

    #[tokio::test]
    async fn sessions_and_events() {
        let state = test_state();
        let app = build_app(&state);
        call(&app, Method::Post, "/api/v1/users", "name=Bo&email=bo%40x.org").await;
        let login = call(&app, Method::Post, "/api/v1/sessions", "user_id=1").await;
        let token = login.body.split('"').nth(3).unwrap().to_string();
        let auth = format!("Bearer {}", token);
        let me = app.call(HttpRequest::new(Method::Get, "/api/v1/sessions/current", "").with_header("authorization", &auth)).await;
        assert!(me.body.contains("Bo"));
        for n in 0..5 {
            let req = HttpRequest::new(Method::Post, "/api/v1/events", &format!("kind=click&payload={}", n))
                .with_header("authorization", &auth);
            assert_eq!(app.call(req).await.status, 201);
        }
        let (buffered, last_seq, dropped) = state.streams.stats().await;
        assert_eq!((buffered, last_seq, dropped), (3, 6, 3));
        let recent = call(&app, Method::Get, "/api/v1/events/since/5", "").await;
        assert!(recent.body.contains("\"seq\":6") && !recent.body.contains("\"seq\":5"));
        let out = app.call(HttpRequest::new(Method::Delete, "/api/v1/sessions/current", "").with_header("authorization", &auth)).await;
        assert_eq!(out.status, 204);
        let unauth = call(&app, Method::Post, "/api/v1/events", "kind=x").await;
        assert_eq!(unauth.status, 401);
    }

    #[tokio::test]
    async fn admin_routes_need_the_token() {
        let app = build_app(&test_state());
        assert_eq!(call(&app, Method::Get, "/admin/metrics", "").await.status, 401);
        let ok = app.call(HttpRequest::new(Method::Get, "/admin/cache", "").with_header("x-admin-token", "secret")).await;
        assert_eq!(ok.status, 200);
        assert!(ok.headers.contains(&("x-service".to_string(), "user-service".to_string())));
    }

    #[tokio::test]
    async fn health_readiness_and_healthcheck() {
        let state = test_state();
        let app = build_app(&state);
        assert_eq!(call(&app, Method::Get, "/health", "").await.body, "{\"status\":\"ok\"}");
        assert!(call(&app, Method::Get, "/ready", "").await.body.contains("\"idle\":2"));
        assert_eq!(run_healthcheck(&state.config).await, 0);
        let mut broken = state.config.clone();
        broken.database_url = "mysql://nope".into();
        assert_eq!(run_healthcheck(&broken).await, 1);
    }

    #[tokio::test]
    async fn background_jobs_stop_on_shutdown() {
        let state = test_state();
        let (stop_tx, stop_rx) = watch::channel(false);
        let reaper = spawn_session_reaper(state.sessions.clone(), Duration::from_millis(5), stop_rx.clone());
        let janitor = spawn_cache_janitor(state.cache.clone(), Duration::from_millis(5), stop_rx);
        tokio::time::sleep(Duration::from_millis(20)).await;
        stop_tx.send(true).unwrap();
        assert_eq!(reaper.await.unwrap(), 0);
        janitor.await.unwrap();
    }

    #[test]
    fn cli_and_config_parsing() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(matches!(parse_command(&args(&["bin"])), Ok(Command::Serve)));
        assert!(matches!(parse_command(&args(&["bin", "healthcheck"])), Ok(Command::Healthcheck)));
        assert!(parse_command(&args(&["bin", "nope"])).is_err());
        assert_eq!(Level::parse("WARNING"), Level::Warn);
        assert_eq!(escape("a\"b\n"), "a\\\"b\\n");
        assert_eq!(parse_form("a=1&b=x%40y")["b"], "x@y");
    }
}
