use actix_cors::Cors;
use actix_web::{middleware::Logger, web, App, HttpServer};
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use feed_service::{
    config::Config,
    handlers,
    services::{jobs, FeedService, Store},
};

#[actix_web::main]
async fn main() -> io::Result<()> {
    // Load configuration (declared in the library: `feed_service::config::Config`)
    let config = Config::from_env().expect("Failed to load configuration");
    println!(
        "starting feed-service, production: {}",
        config.is_production()
    );

    // The store, through a glob re-export (`pub use store::*`)
    let store = Store::connect("memory://feeds")
        .await
        .expect("Failed to connect the store");

    // Services and state interleave, as in a real main
    let feed = Arc::new(FeedService::new(store.clone()));
    let requests = web::Data::new(AtomicU64::new(0));
    let digest = Arc::new(FeedService::new(store.clone()));
    let (job_sender, job_receiver) = jobs::create_queue(16);

    // Workers: a queue consumer and two periodic tasks
    let worker_handle = jobs::spawn_worker(job_receiver);
    let ticker_handle = tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(60));
        loop {
            interval.tick().await;
            println!("feed holds {} items", digest.count());
        }
    });
    let sweeper_requests = requests.clone();
    let sweeper_handle = tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(300));
        loop {
            interval.tick().await;
            sweeper_requests.store(0, Ordering::Relaxed);
        }
    });

    let server_config = config.clone();
    let bind_address = format!("{}:{}", config.host, config.port);
    let job_sender_shutdown = job_sender.clone();

    let server = HttpServer::new(move || {
        let feed = feed.clone();
        // CORS from the configured origins
        let cors_builder = Cors::default();
        let mut cors = cors_builder;
        for origin in server_config.allowed_origins.split(',') {
            let origin = origin.trim();
            if origin == "*" {
                cors = cors.allow_any_origin();
            } else {
                cors = cors.allowed_origin(origin);
            }
        }
        cors = cors.allow_any_method().max_age(3600);

        App::new()
            .app_data(web::Data::new(feed.clone()))
            .app_data(requests.clone())
            .app_data(web::Data::new(job_sender.clone()))
            .wrap(cors)
            .wrap(Logger::default())
            .route("/health", web::get().to(handlers::health))
            .service(
                web::scope("/api/v1")
                    .route("/feed", web::get().to(handlers::list_feed))
                    .route("/feed", web::post().to(handlers::post_item))
                    .route("/feed/digest", web::get().to(handlers::digest)),
            )
    })
    .bind(&bind_address)?
    .workers(2)
    .run();

    let result = server.await;

    // Cleanup: stop the workers, in order
    println!("server stopped; stopping workers");
    drop(job_sender_shutdown);
    match tokio::time::timeout(Duration::from_secs(5), worker_handle).await {
        Ok(Ok(())) => println!("queue worker stopped"),
        Ok(Err(e)) => println!("queue worker failed: {e}"),
        Err(_) => println!("queue worker did not stop in time"),
    }
    ticker_handle.abort();
    match tokio::time::timeout(Duration::from_secs(5), ticker_handle).await {
        Ok(_) => println!("ticker stopped"),
        Err(_) => println!("ticker did not stop in time"),
    }
    sweeper_handle.abort();
    match tokio::time::timeout(Duration::from_secs(5), sweeper_handle).await {
        Ok(_) => println!("sweeper stopped"),
        Err(_) => println!("sweeper did not stop in time"),
    }
    println!("all workers stopped");

    result
}
