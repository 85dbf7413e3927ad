//! user-service on actix-web: the domain lives in modules, but `main` still wires everything (command
//! line, configuration, state, services, app_data and routes, workers, server, shutdown) in one body.

#[macro_use]
mod telemetry;

mod cache;
mod commands;
mod config;
mod db;
mod errors;
mod handlers;
mod jobs;
mod models;
mod services;

use std::env;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};
use tokio::sync::watch;

use crate::cache::ResponseCache;
use crate::commands::{parse_command, run_healthcheck, Command, USAGE};
use crate::config::Config;
use crate::db::DbPool;
use crate::errors::ServiceError;
use crate::handlers::{admin, health, sessions as session_routes, streams as stream_routes, users as user_routes};
use crate::services::metrics::MetricsService;
use crate::services::sessions::SessionService;
use crate::services::streams::StreamService;
use crate::services::users::UserService;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // Command line first: a bad subcommand must not touch the environment or the database.
    let args: Vec<String> = env::args().collect();
    let command = match parse_command(&args) {
        Ok(command) => command,
        Err(why) => {
            eprintln!("{}", why);
            eprintln!("{}", USAGE);
            std::process::exit(2);
        }
    };

    // Configuration from the environment; invalid values stop the process with exit code 2.
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("{}", err);
            std::process::exit(2);
        }
    };
    telemetry::init(&config.log_level, config.log_json);
    info!("user-service {} starting, database {}", env!("CARGO_PKG_VERSION"), config.database_url);

    // Subcommands that do not serve: answer and leave before any state is built.
    match command {
        Command::Help => {
            println!("{}", USAGE);
            return Ok(());
        }
        Command::Version => {
            println!("user-service {}", env!("CARGO_PKG_VERSION"));
            return Ok(());
        }
        Command::Healthcheck => std::process::exit(run_healthcheck(&config).await),
        Command::Serve => {}
    }

    // Shared infrastructure: the pool (checked once), the response cache, the shutdown signal.
    let started = Instant::now();
    let pool = DbPool::connect(&config.database_url, config.pool_size)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let probe = pool
        .get()
        .await
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    drop(probe);
    let cache = ResponseCache::new(config.cache_ttl);
    let (stop_tx, stop_rx) = watch::channel(false);
    let running = Arc::new(AtomicBool::new(true));
    let watchdog_alerts = Arc::new(AtomicU64::new(0));
    info!("pool of {} connections ready in {:?}", pool.size(), started.elapsed());

    // Domain services, composed from the infrastructure above.
    let users = Arc::new(UserService::new(pool.clone(), cache.clone()));
    let sessions = Arc::new(SessionService::new(config.session_ttl));
    let streams = Arc::new(StreamService::new(config.stream_capacity, pool.clone()));
    let metrics = Arc::new(MetricsService::new());
    info!("services ready: users, sessions, streams, metrics");

    // Background workers; each one stops when `stop_tx` flips or `running` clears.
    let reaper = jobs::spawn_session_reaper(sessions.clone(), config.reaper_interval, stop_rx.clone());
    let janitor = jobs::spawn_cache_janitor(cache.clone(), config.cache_ttl, stop_rx.clone());
    let flusher = jobs::spawn_metrics_flusher(metrics.clone(), running.clone());
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
    let watchdog_pool = pool.clone();
    let watchdog_count = watchdog_alerts.clone();
    let mut watchdog_stop = stop_rx.clone();
    let watchdog = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(500));
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    // every connection checked out for a whole tick: the pool is the bottleneck
                    if watchdog_pool.idle() == 0 {
                        watchdog_count.fetch_add(1, Ordering::Relaxed);
                        warn!("database pool exhausted ({} connections)", watchdog_pool.size());
                    }
                }
                _ = watchdog_stop.changed() => break,
            }
        }
    });
    let report_running = running.clone();
    let report_users = users.clone();
    let report_sessions = sessions.clone();
    let reporter = thread::spawn(move || {
        let mut reports: u64 = 0;
        while report_running.load(Ordering::Relaxed) {
            debug!("users={} sessions={}", report_users.count(), report_sessions.active());
            reports += 1;
            thread::sleep(Duration::from_millis(100));
        }
        reports
    });
    info!("background workers started: reaper, janitor, flusher, heartbeat, watchdog, reporter");

    // The HTTP server: every service registered with app_data, then middleware and routes.
    let bind_addr = config.bind_addr.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(config.clone()))
            .app_data(web::Data::new(pool.clone()))
            .app_data(web::Data::new(cache.clone()))
            .app_data(web::Data::from(users.clone()))
            .app_data(web::Data::from(sessions.clone()))
            .app_data(web::Data::from(streams.clone()))
            .app_data(web::Data::from(metrics.clone()))
            .app_data(web::PathConfig::default().error_handler(|err, _req| ServiceError::Invalid(err.to_string()).into()))
            .wrap(from_fn(handlers::request_log))
            .route("/health", web::get().to(health::health))
            .route("/ready", web::get().to(health::readiness))
            .service(
                web::scope("/api/v1")
                    .wrap(from_fn(handlers::no_store))
                    .service(
                        web::resource("/users")
                            .route(web::get().to(user_routes::list_users))
                            .route(web::post().to(user_routes::create_user)),
                    )
                    .service(
                        web::resource("/users/{id}")
                            .route(web::get().to(user_routes::get_user))
                            .route(web::put().to(user_routes::update_user))
                            .route(web::delete().to(user_routes::delete_user)),
                    )
                    .service(
                        web::scope("/sessions")
                            .route("", web::post().to(session_routes::login))
                            .route("/current", web::get().to(session_routes::whoami))
                            .route("/current", web::delete().to(session_routes::logout)),
                    )
                    .route("/events", web::post().to(stream_routes::publish_event))
                    .route("/events/since/{seq}", web::get().to(stream_routes::recent_events)),
            )
            .service(web::scope("/admin").configure(admin::configure).wrap(from_fn(handlers::require_admin)))
    })
    .workers(6)
    .shutdown_timeout(5)
    .disable_signals()
    .bind(&bind_addr)?;
    let running_server = server.run();
    let server_handle = running_server.handle();
    info!("listening on {} with 6 workers", bind_addr);
    let serving = tokio::spawn(running_server);

    // Graceful shutdown: stop accepting, stop the workers, wait for each, then report.
    tokio::signal::ctrl_c().await?;
    warn!("shutdown requested");
    server_handle.stop(true).await;
    let _ = stop_tx.send(true);
    running.store(false, Ordering::Relaxed);
    let reaped = reaper.await.unwrap_or(0);
    let _ = tokio::join!(janitor, heartbeat, watchdog);
    let flushed = flusher.join().unwrap_or(0);
    let reports = reporter.join().unwrap_or(0);
    match tokio::time::timeout(Duration::from_secs(5), serving).await {
        Ok(Ok(Ok(()))) => info!("server drained"),
        Ok(Ok(Err(err))) => warn!("server stopped with an error: {}", err),
        Ok(Err(err)) => warn!("server task failed: {}", err),
        Err(_) => warn!("server did not drain within 5s"),
    }
    info!("stopped: {} sessions reaped, {} requests flushed, {} reports, {} pool alerts", reaped, flushed, reports, watchdog_alerts.load(Ordering::Relaxed));
    eprintln!("user-service stopped after {:?}", started.elapsed());
    Ok(())
}
