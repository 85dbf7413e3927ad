mod routes_impl;
mod state;

use std::sync::{Arc, Mutex};

use axum::routing::{get, post};
use axum::Router;
use tokio::sync::mpsc;
use tower_http::trace::TraceLayer;

use crate::state::{sweep, Settings, Shared};

#[tokio::main]
async fn main() {
    // hand-rolled arguments: `--version` answers and exits
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--version") {
        println!("catalog 0.1.0");
        return;
    }
    let settings = Settings::from_env();

    let shared = Arc::new(Shared { items: Mutex::new(Vec::new()) });
    let (events_tx, mut events_rx) = mpsc::channel::<String>(64);

    // the sweeper borrows a clone of the state; the logger takes the receiver for good
    let sweeper = tokio::spawn(sweep(shared.clone()));
    let logger = tokio::spawn(async move {
        while let Some(event) = events_rx.recv().await {
            println!("event: {}", event);
        }
    });
    let ticker_shared = shared.clone();
    let ticker = std::thread::spawn(move || {
        let count: usize = ticker_shared.items.lock().unwrap().len();
        count
    });

    let app = Router::new()
        .route("/", get(routes_impl::root))
        .route("/items", get(routes_impl::items).post(routes_impl::add))
        .layer(TraceLayer::new_for_http())
        .with_state(shared.clone());

    let listener = tokio::net::TcpListener::bind(("0.0.0.0", settings.port)).await.unwrap();
    events_tx.send("started".into()).await.unwrap();
    axum::serve(listener, app).await.unwrap();
    drop(events_tx);
    let _ = sweeper.await;
    let _ = logger.await;
    let _ = ticker.join();
}
