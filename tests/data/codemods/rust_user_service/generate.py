"""Writes before/src/{main,domain,infra}.rs: the plan's user-service as it grew, one domain at
a time (posts, comments, likes, images, videos, uploads, streams, chat, analytics, ...).

The main.rs it writes is about 1,000 lines: configuration and feature flags, a command line
with early exits, the pools and caches, one service per domain, dozens of app_data
registrations, nested scopes with middleware, several workers and a graceful shutdown. It
builds against before/src/http.rs, an actix-web-shaped stand-in over tokio. Run: python generate.py (from this folder).
"""

from __future__ import annotations

from pathlib import Path

DOMAINS = [
    ("posts", "content"), ("comments", "content"), ("likes", "content"),
    ("bookmarks", "content"), ("hashtags", "content"), ("images", "media"),
    ("videos", "media"), ("uploads", "media"), ("thumbnails", "media"),
    ("transcodes", "media"), ("streams", "streaming"), ("chat", "streaming"),
    ("viewers", "streaming"), ("analytics", "streaming"), ("users", "accounts"),
    ("profiles", "accounts"), ("follows", "accounts"), ("sessions", "accounts"),
    ("notifications", "engagement"), ("feeds", "engagement"), ("messages", "engagement"),
    ("search", "discovery"), ("recommendations", "discovery"), ("moderation", "trust"),
    ("reports", "trust"), ("playlists", "media"), ("captions", "media"),
    ("blocks", "trust"), ("invites", "accounts"), ("emojis", "content"),
]
WORKERS = ["feed_builder", "transcode_queue", "viewer_counter", "notification_sender",
           "search_indexer", "report_digest", "thumbnail_sweeper", "chat_archiver",
           "follow_suggester", "upload_scanner", "session_pruner", "trending_ranker"]


def camel(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


def service(name: str) -> str:
    kind = camel(name) + "Service"
    return f"""
pub struct {kind} {{
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}}

impl {kind} {{
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {{
        {kind} {{ items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }}
    }}

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {{
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("{name}");
        Ok(id)
    }}

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {{
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }}

    pub fn count(&self) -> usize {{
        self.items.lock().unwrap().len()
    }}
}}

pub async fn list_{name}(req: HttpRequest) -> HttpResponse {{
    let service = data::<{kind}>(&req);
    HttpResponse::ok(format!("{{{{\\"{name}\\":{{}}}}}}", service.count()))
}}

pub async fn create_{name}(req: HttpRequest) -> HttpResponse {{
    match data::<{kind}>(&req).create(&req.body).await {{
        Ok(id) => HttpResponse::created(format!("{{{{\\"id\\":{{}}}}}}", id)),
        Err(err) => err.into_response(),
    }}
}}

pub async fn get_{name}(req: HttpRequest) -> HttpResponse {{
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<{kind}>(&req).get(id).await {{
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }}
}}
"""


def domain_rs() -> str:
    head = """//! The domains of the user-service: one service and its handlers per domain.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::http::{HttpRequest, HttpResponse};
use crate::infra::{data, DbPool, ResponseCache, ServiceError};
"""
    return head + "".join(service(name) for name, _ in DOMAINS)


INFRA = """//! Infrastructure: configuration, errors, the pool, the cache, middleware, background jobs.

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
"""


def main_rs() -> str:
    out = ["""//! nova user-service: the entrypoint as it stands before Phase 1 of the refactor plan.

mod domain;
#[allow(dead_code)]
mod http;
mod infra;

use std::collections::HashMap;
use std::env;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::domain::*;
use crate::http::{web, App, HttpServer};
use crate::infra::{
    health, no_store, parse_command, request_log, require_admin, require_auth, run_migrations,
    spawn_cache_janitor, spawn_pool_monitor, Command, Config, DbPool, Metrics, ResponseCache,
};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // ---- command line -----------------------------------------------------------------
    let args: Vec<String> = env::args().collect();
    let command = match parse_command(&args) {
        Ok(command) => command,
        Err(why) => {
            eprintln!("{}", why);
            eprintln!("usage: nova-user-service [serve|migrate|seed|healthcheck|version|help]");
            std::process::exit(2);
        }
    };

    // ---- configuration ------------------------------------------------------------------
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("configuration error: {}", err);
            std::process::exit(2);
        }
    };
"""]
    for flag in ("STRICT_UPLOADS", "LIVE_CHAT", "VIDEO_TRANSCODE", "FEED_RANKING", "SAFE_SEARCH",
                 "READ_REPLICA", "AUDIT_LOG", "RATE_LIMITS", "DM_ENCRYPTION", "STORY_MODE",
                 "CREATOR_TOOLS", "GEO_BLOCKING", "SHADOW_BANS", "TWO_FACTOR", "WEB_PUSH",
                 "LOW_BANDWIDTH"):
        var = flag.lower()
        out.append(f"""    let {var}: bool = env::var("FEATURE_{flag}").map(|v| v == "1").unwrap_or(false);
    if {var} {{
        eprintln!("feature {var} enabled");
    }}
""")
    out.append("""
    // ---- subcommands that do not serve ----------------------------------------------------
    match command {
        Command::Help => {
            println!("usage: nova-user-service [serve|migrate|seed|healthcheck|version|help]");
            return Ok(());
        }
        Command::Version => {
            println!("nova-user-service {}", env!("CARGO_PKG_VERSION"));
            return Ok(());
        }
        Command::Migrate => std::process::exit(run_migrations(&config).await),
        Command::Seed => {
            eprintln!("seeding is done by the migrate job");
            std::process::exit(1);
        }
        Command::Healthcheck => {
            let code = match DbPool::connect(&config.database_url, 1) {
                Ok(_) => 0,
                Err(_) => 1,
            };
            std::process::exit(code);
        }
        Command::Serve => {}
    }

    // ---- infrastructure -------------------------------------------------------------------
    let started = Instant::now();
    let pool = DbPool::connect(&config.database_url, config.pool_size)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::Other, e.to_string()))?;
    let replica = DbPool::connect(&config.replica_url, config.pool_size)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::Other, e.to_string()))?;
    let cache = ResponseCache::new(config.cache_ttl);
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let running = Arc::new(AtomicBool::new(true));
    let metrics = Arc::new(Metrics::new());
    let jobs_done = Arc::new(AtomicU64::new(0));
    // per-client counters shared by the rate-limit middleware and the admin routes
    let rate_limits: Arc<Mutex<HashMap<String, u32>>> = Arc::new(Mutex::new(HashMap::new()));
    eprintln!("infrastructure ready in {:?}", started.elapsed());

    // ---- services, one per domain ----------------------------------------------------------
""")
    for name, _ in DOMAINS:
        source = "replica" if name in ("search", "feeds", "analytics", "recommendations") else \
            "pool"
        out.append(f"    let {name} = Arc::new({camel(name)}Service::new({source}.clone(), "
                   f"cache.clone()));\n")
        out.append(f'    eprintln!("service {name} ready ({{}} items)", {name}.count());\n')
    out.append(f'    eprintln!("{len(DOMAINS)} services ready");\n')
    out.append("\n    // ---- background workers ------------------------------------------------"
               "-------------\n")
    out.append("    let janitor = spawn_cache_janitor(cache.clone(), config.cache_ttl, "
               "shutdown_rx.clone());\n")
    out.append("    let pool_monitor = spawn_pool_monitor(pool.clone(), running.clone());\n")
    for index, worker in enumerate(WORKERS):
        name, _ = DOMAINS[index * 2]
        out.append(f"""    let {worker}_service = {name}.clone();
    let {worker}_done = jobs_done.clone();
    let mut {worker}_stop = shutdown_rx.clone();
    let {worker} = tokio::spawn(async move {{
        let mut ticker = tokio::time::interval(Duration::from_millis(100));
        loop {{
            tokio::select! {{
                _ = ticker.tick() => {{
                    // one pass of the {worker.replace("_", " ")}
                    let pending = {worker}_service.count();
                    if pending > 1000 {{
                        eprintln!("{worker}: {{}} pending", pending);
                    }}
                    {worker}_done.fetch_add(1, Ordering::Relaxed);
                }}
                _ = tokio::time::sleep(Duration::from_secs(3600)) => {{
                    // an hour without a tick: the runtime is starved
                    eprintln!("{worker}: no tick for an hour");
                }}
                _ = {worker}_stop.changed() => break,
            }}
        }}
    }});
""")
    out.append("""    let audit_running = running.clone();
    let audit_metrics = metrics.clone();
    let audit = std::thread::spawn(move || {
        let mut lines: u64 = 0;
        while audit_running.load(Ordering::Relaxed) {
            lines += audit_metrics.requests.load(Ordering::Relaxed) % 2;
            std::thread::sleep(Duration::from_millis(50));
        }
        lines
    });

    // ---- HTTP server -------------------------------------------------------------------------
    let bind_addr = config.bind_addr.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(config.clone()))
            .app_data(web::Data::new(pool.clone()))
            .app_data(web::Data::new(cache.clone()))
            .app_data(metrics.clone())
            .app_data(rate_limits.clone())
""")
    for name, _ in DOMAINS:
        out.append(f"            .app_data({name}.clone())\n")
    out.append("""            .wrap(request_log)
            .route("/health", web::get().to(health))
            .service(
                web::scope("/api/v1")
                    .wrap(require_auth)
                    .wrap(no_store)
""")
    groups: dict[str, list[str]] = {}
    for name, group in DOMAINS:
        groups.setdefault(group, []).append(name)
    for group, names in groups.items():
        out.append(f'                    .service(\n                        web::scope("/{group}")\n'
                   f"                            .wrap(request_log)\n")
        for name in names:
            out.append(f"""                            .service(
                                web::resource("/{name}")
                                    .route(web::get().to(list_{name}))
                                    .route(web::post().to(create_{name})),
                            )
                            .service(
                                web::resource("/{name}/{{id}}")
                                    .route(web::get().to(get_{name}))
                                    .route(web::put().to(create_{name})),
                            )
""")
        out.append("                    )\n")
    out.append("""            )
            .service(
                web::scope("/admin")
                    .wrap(require_admin)
                    .route("/health", web::get().to(health))
                    .route("/moderation", web::get().to(list_moderation))
                    .route("/reports", web::get().to(list_reports)),
            )
    })
    .bind(&bind_addr)?
    .shutdown_signal(shutdown_rx.clone());
    eprintln!("listening on {}", bind_addr);
    let serving = tokio::spawn(server.run());

    // ---- graceful shutdown -------------------------------------------------------------------
    tokio::signal::ctrl_c().await?;
    eprintln!("shutdown requested");
    let _ = shutdown_tx.send(true);
    running.store(false, Ordering::Relaxed);
    let evicted = janitor.await.unwrap_or(0);
    eprintln!("cache janitor stopped after evicting {}", evicted);
""")
    for worker in WORKERS:
        out.append(f"    let _ = {worker}.await;\n    eprintln!(\"{worker} stopped\");\n")
    out.append("""    let samples = pool_monitor.join().unwrap_or(0);
    let audited = audit.join().unwrap_or(0);
    match tokio::time::timeout(Duration::from_secs(5), serving).await {
        Ok(_) => eprintln!("server drained"),
        Err(_) => eprintln!("server did not drain within 5s"),
    }
    eprintln!(
        "stopped after {:?}: {} jobs, {} pool samples, {} audit lines",
        started.elapsed(),
        jobs_done.load(Ordering::Relaxed),
        samples,
        audited
    );
    Ok(())
}
""")
    return "".join(out)


if __name__ == "__main__":
    src = Path(__file__).resolve().parent / "before" / "src"
    (src / "domain.rs").write_text(domain_rs())
    (src / "infra.rs").write_text(INFRA)
    (src / "main.rs").write_text(main_rs())
