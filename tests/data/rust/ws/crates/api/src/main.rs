mod handlers;

use actix_web::{web, App, HttpServer};
use shop_core::store::{MemoryStore, Store};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .service(handlers::orders::get_order)
            .service(web::scope("/admin").configure(handlers::admin))
    })
    .bind("0.0.0.0:8080")?
    .run()
    .await
}
