mod handlers;
mod store;

use std::sync::{Arc, Mutex};

use actix_web::middleware::Logger;
use actix_web::{web, App, HttpServer};
use clap::Parser;

use crate::store::{Mailer, OrderStore};

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
    let cli = Cli::parse();
    if cli.check {
        println!("ok");
        return Ok(());
    }

    // shared state: the store, a hit counter behind a Mutex, the mailer
    let store = web::Data::new(OrderStore::open("memory://").expect("store opens"));
    let hits = web::Data::new(Mutex::new(0u64));
    let mailer = Arc::new(Mailer::connect("orders@example.com").await);

    let bind = cli.bind.clone();
    HttpServer::new(move || {
        App::new()
            .wrap(Logger::default())
            .app_data(store.clone())
            .app_data(hits.clone())
            .app_data(web::Data::from(mailer.clone()))
            .route("/health", web::get().to(handlers::health))
            .service(
                web::scope("/orders")
                    .route("", web::get().to(handlers::list))
                    .route("", web::post().to(handlers::create)),
            )
            .service(web::scope("/admin").configure(handlers::admin))
    })
    .bind(bind)?
    .run()
    .await
}
