//! feed-service on axum: posts, follows and ranked feeds. The domain lives in modules, but `main`
//! still wires everything (command line, configuration, state, workers, routers, server, shutdown).

mod config;
mod errors;
mod feed;
mod handlers;
mod jobs;
mod limiter;
mod logging;
mod models;
mod state;
mod store;

use std::env;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware;
use axum::routing::{delete, get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{broadcast, watch};
use tower::limit::ConcurrencyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::config::Config;
use crate::feed::FeedIndex;
use crate::handlers::{admin, feeds, follows, health, posts as post_routes};
use crate::limiter::RateLimiter;
use crate::logging::log;
use crate::models::FeedEvent;
use crate::state::AppState;
use crate::store::PostStore;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // Command line: `serve` (default), `healthcheck` (for container probes) or `version`.
    let args: Vec<String> = env::args().collect();
    let command = args.get(1).map(String::as_str).unwrap_or("serve").to_string();
    if !matches!(command.as_str(), "serve" | "healthcheck" | "version") {
        eprintln!("usage: feed-service [serve|healthcheck|version]");
        std::process::exit(2);
    }
    if command == "version" {
        println!("feed-service {}", env!("CARGO_PKG_VERSION"));
        return Ok(());
    }

    // Configuration from the environment; invalid values stop the process with exit code 2.
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("{}", err);
            std::process::exit(2);
        }
    };
    logging::init(&config.log_level);

    // healthcheck: GET /health on the configured address; exit code 0 only for a 200.
    if command == "healthcheck" {
        let healthy = TcpStream::connect(&config.bind_addr)
            .and_then(|mut stream| {
                stream.write_all(b"GET /health HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n")?;
                let mut reply = String::new();
                stream.read_to_string(&mut reply)?;
                Ok(reply.starts_with("HTTP/1.1 200"))
            })
            .unwrap_or(false);
        println!("{}", if healthy { "ok" } else { "unhealthy" });
        std::process::exit(if healthy { 0 } else { 1 });
    }

    // Shared state: the post store, the feed index every feed request reads, the rate limiter.
    let started = Instant::now();
    let posts = Arc::new(PostStore::new(Duration::from_millis(2)));
    let feeds = Arc::new(RwLock::new(FeedIndex::default()));
    let limiter = Arc::new(RateLimiter::new(config.rate_limit_per_minute, Duration::from_secs(60)));
    let (events, _) = broadcast::channel::<FeedEvent>(1024);
    let requests = Arc::new(AtomicU64::new(0));
    let (stop_tx, stop_rx) = watch::channel(false);
    let state = AppState {
        config: Arc::new(config.clone()),
        posts: posts.clone(),
        feeds: feeds.clone(),
        limiter: limiter.clone(),
        events: events.clone(),
        requests: requests.clone(),
    };
    log("info", format_args!("state ready in {:?}", started.elapsed()));

    // Background workers; each one stops when `stop_tx` flips.
    let ranker = jobs::spawn_ranker(posts.clone(), feeds.clone(), config.feed_size, config.rank_interval, stop_rx.clone());
    let janitor = jobs::spawn_limit_janitor(limiter.clone(), Duration::from_secs(30), stop_rx.clone());
    let mut fanout_events = events.subscribe();
    let fanout_feeds = feeds.clone();
    let mut fanout_stop = stop_rx.clone();
    let fanout = tokio::spawn(async move {
        let mut seen = 0u64;
        loop {
            tokio::select! {
                event = fanout_events.recv() => match event {
                    Ok(FeedEvent::Published(_)) => seen += 1,
                    // a removed post leaves every timeline now, not at the next rebuild
                    Ok(FeedEvent::Removed(id)) => {
                        seen += 1;
                        fanout_feeds.write().unwrap().forget(id);
                    }
                    Err(broadcast::error::RecvError::Lagged(missed)) => seen += missed,
                    Err(broadcast::error::RecvError::Closed) => break,
                },
                _ = fanout_stop.changed() => break,
            }
        }
        seen
    });
    let report_requests = requests.clone();
    let report_stop = stop_rx.clone();
    let reporter = thread::spawn(move || {
        let mut reports = 0u64;
        while !*report_stop.borrow() {
            log("debug", format_args!("{} requests so far", report_requests.load(Ordering::Relaxed)));
            reports += 1;
            thread::sleep(Duration::from_millis(100));
        }
        reports
    });
    log("info", "background workers started: ranker, janitor, fanout, reporter");

    // Routers: posts and users nested under /api/v1 (rate limited), /admin behind its token.
    let post_router = Router::new()
        .route("/", get(post_routes::list_posts).post(post_routes::create_post))
        .route("/{id}", get(post_routes::get_post).delete(post_routes::delete_post))
        .route("/{id}/likes", post(post_routes::like_post).delete(post_routes::unlike_post));
    let user_router = Router::new()
        .route("/{id}/follows", post(follows::follow).delete(follows::unfollow))
        .route("/{id}/followers", get(follows::followers))
        .route("/{id}/feed", get(feeds::user_feed));
    let api = Router::new()
        .nest("/posts", post_router)
        .nest("/users", user_router)
        .layer(middleware::from_fn_with_state(state.clone(), handlers::rate_limit));
    let admin_router = Router::new()
        .route("/stats", get(admin::stats))
        .route("/feeds/rebuild", post(admin::rebuild_feeds))
        .route("/limits", delete(admin::reset_limits))
        .route("/config", get(admin::show_config))
        .route_layer(middleware::from_fn_with_state(state.clone(), handlers::require_admin));
    let app = Router::new()
        .route("/health", get(health::health))
        .route("/ready", get(health::ready))
        .nest("/api/v1", api)
        .nest("/admin", admin_router)
        .layer(SetResponseHeaderLayer::overriding(HeaderName::from_static("x-service"), HeaderValue::from_static("feed-service")))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, config.request_timeout))
        .layer(ConcurrencyLimitLayer::new(config.max_in_flight))
        .with_state(state);

    // The server: serves until `stop_tx` flips, then drains the requests in flight.
    let listener = TcpListener::bind(&config.bind_addr).await?;
    log("info", format_args!("listening on {}", listener.local_addr()?));
    let mut server_stop = stop_rx.clone();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = server_stop.changed().await;
            })
            .await
    });

    // Graceful shutdown: on ctrl-c stop accepting, stop the workers, wait for each, then report.
    tokio::signal::ctrl_c().await?;
    log("warn", "shutdown requested");
    let _ = stop_tx.send(true);
    match tokio::time::timeout(Duration::from_secs(5), server).await {
        Ok(Ok(Ok(()))) => log("info", "server drained"),
        Ok(Ok(Err(err))) => log("warn", format_args!("server stopped with an error: {}", err)),
        Ok(Err(err)) => log("warn", format_args!("server task failed: {}", err)),
        Err(_) => log("warn", "server did not drain within 5s"),
    }
    let rebuilds = ranker.await.unwrap_or(0);
    let purged = janitor.await.unwrap_or(0);
    let seen = fanout.await.unwrap_or(0);
    let reports = reporter.join().unwrap_or(0);
    let served = requests.load(Ordering::Relaxed);
    log("info", format_args!("stopped: {} rebuilds, {} limits purged, {} events, {} reports, {} requests", rebuilds, purged, seen, reports, served));
    eprintln!("feed-service stopped after {:?}", started.elapsed());
    Ok(())
}
