mod handlers;
mod store;
mod app_state;
mod routes;
mod cli;

use actix_web::middleware::Logger;
use actix_web::{App, HttpServer};
use clap::Parser;

/// Command line of the orders service.
#[derive(Parser, Debug)]
struct Cli {
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: String,
    #[arg(long)]
    check: bool,
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let cli = cli::parse_args();
    if let Some(exit) = cli::early_exit(&cli) {
        return exit;
    }

    // shared state: the store, a hit counter behind a Mutex, the mailer
    let app_state::AppState { store, hits, mailer } = app_state::AppState::init().await;

    let bind = cli.bind.clone();
    HttpServer::new(move || {
        App::new()
            .wrap(Logger::default())
            .configure(|cfg| routes::configure(cfg, &store, &hits, &mailer))
    })
    .bind(bind)?
    .run()
    .await
}
