//! Infrastructure: configuration, errors, the pool, the cache, middleware, background jobs.

use std::collections::HashMap;
use std::env;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{watch, Semaphore};

use crate::http::{HttpRequest, HttpResponse};

#[derive(Debug, Clone)]
pub struct Config {
    pub bind_addr: String,
    pub database_url: String,
    pub replica_url: String,
    pub pool_size: usize,
    pub cache_ttl: Duration,
    pub admin_token: String,
    pub worker_tick: Duration,
}

impl Config {
    pub fn from_env() -> Result<Config, ServiceError> {
        let pool_size = env::var("DB_POOL_SIZE").ok().and_then(|v| v.parse().ok()).unwrap_or(8);
        if pool_size == 0 {
            return Err(ServiceError::Config("DB_POOL_SIZE must be positive".into()));
        }
        Ok(Config {
            bind_addr: env::var("BIND_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into()),
            database_url: env::var("DATABASE_URL").unwrap_or_else(|_| "memory://primary".into()),
            replica_url: env::var("REPLICA_URL").unwrap_or_else(|_| "memory://replica".into()),
            pool_size,
            cache_ttl: Duration::from_secs(30),
            admin_token: env::var("ADMIN_TOKEN").unwrap_or_else(|_| "change-me".into()),
            worker_tick: Duration::from_millis(250),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceError {
    Config(String),
    NotFound,
    Unavailable,
}

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self)
    }
}

impl ServiceError {
    pub fn into_response(self) -> HttpResponse {
        match self {
            ServiceError::NotFound => HttpResponse::not_found(),
            ServiceError::Config(why) => HttpResponse::bad_request(&why),
            ServiceError::Unavailable => HttpResponse::unavailable("database"),
        }
    }
}

#[derive(Clone)]
pub struct DbPool {
    url: String,
    permits: Arc<Semaphore>,
}

impl DbPool {
    pub fn connect(url: &str, size: usize) -> Result<DbPool, ServiceError> {
        if !url.contains("://") {
            return Err(ServiceError::Config(format!("bad database url {}", url)));
        }
        Ok(DbPool { url: url.to_string(), permits: Arc::new(Semaphore::new(size)) })
    }

    pub async fn get(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ServiceError> {
        self.permits.clone().acquire_owned().await.map_err(|_| ServiceError::Unavailable)
    }

    pub fn idle(&self) -> usize {
        self.permits.available_permits()
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

#[derive(Clone)]
pub struct ResponseCache {
    entries: Arc<Mutex<HashMap<String, Instant>>>,
    ttl: Duration,
}

impl ResponseCache {
    pub fn new(ttl: Duration) -> Self {
        ResponseCache { entries: Arc::new(Mutex::new(HashMap::new())), ttl }
    }

    pub fn invalidate(&self, prefix: &str) {
        self.entries.lock().unwrap().retain(|key, _| !key.starts_with(prefix));
    }

    pub fn evict_expired(&self) -> usize {
        let mut entries = self.entries.lock().unwrap();
        let before = entries.len();
        let ttl = self.ttl;
        entries.retain(|_, stored| stored.elapsed() < ttl);
        before - entries.len()
    }
}

pub struct Metrics {
    pub requests: AtomicU64,
    pub started: Instant,
}

impl Metrics {
    pub fn new() -> Self {
        Metrics { requests: AtomicU64::new(0), started: Instant::now() }
    }
}

pub fn data<T: Send + Sync + 'static>(req: &HttpRequest) -> Arc<T> {
    req.app_data::<T>().expect("registered with app_data")
}

pub fn request_log(_req: &HttpRequest, res: HttpResponse) -> HttpResponse {
    res.with_header("x-service", "nova-user-service")
}

pub fn require_auth(req: &HttpRequest, res: HttpResponse) -> HttpResponse {
    match req.header("authorization") {
        Some(_) => res,
        None => HttpResponse::unauthorized(),
    }
}

pub fn require_admin(req: &HttpRequest, res: HttpResponse) -> HttpResponse {
    let expected = data::<Config>(req).admin_token.clone();
    match req.header("x-admin-token") {
        Some(token) if token == expected => res,
        _ => HttpResponse::unauthorized(),
    }
}

pub fn no_store(_req: &HttpRequest, res: HttpResponse) -> HttpResponse {
    res.with_header("cache-control", "no-store")
}

pub async fn health(_req: HttpRequest) -> HttpResponse {
    HttpResponse::ok("ok")
}

pub fn spawn_cache_janitor(cache: ResponseCache, every: Duration, mut stop: watch::Receiver<bool>) -> tokio::task::JoinHandle<usize> {
    tokio::spawn(async move {
        let mut evicted = 0;
        let mut ticker = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = ticker.tick() => { evicted += cache.evict_expired(); }
                _ = stop.changed() => break,
            }
        }
        evicted
    })
}

pub fn spawn_pool_monitor(pool: DbPool, running: Arc<AtomicBool>) -> std::thread::JoinHandle<u64> {
    std::thread::spawn(move || {
        let mut samples = 0;
        while running.load(Ordering::Relaxed) {
            let _idle = pool.idle();
            samples += 1;
            std::thread::sleep(Duration::from_millis(50));
        }
        samples
    })
}

pub enum Command {
    Serve,
    Migrate,
    Seed,
    Healthcheck,
    Version,
    Help,
}

pub fn parse_command(args: &[String]) -> Result<Command, String> {
    match args.get(1).map(String::as_str) {
        None | Some("serve") => Ok(Command::Serve),
        Some("migrate") => Ok(Command::Migrate),
        Some("seed") => Ok(Command::Seed),
        Some("healthcheck") => Ok(Command::Healthcheck),
        Some("version") => Ok(Command::Version),
        Some("help") => Ok(Command::Help),
        Some(other) => Err(format!("unknown command {}", other)),
    }
}

pub async fn run_migrations(config: &Config) -> i32 {
    match DbPool::connect(&config.database_url, 1) {
        Ok(pool) => {
            println!("migrated {}", pool.url());
            0
        }
        Err(err) => {
            eprintln!("migration failed: {}", err);
            1
        }
    }
}
