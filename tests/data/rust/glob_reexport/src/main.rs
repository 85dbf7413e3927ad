mod handlers;

use actix_web::{web, App, HttpResponse, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .route(
                "/metrics",
                web::get().to(|| async {
                    HttpResponse::Ok()
                        .content_type("text/plain")
                        .body("<html>\n  a whole page\n</html>")
                }),
            )
            .service(
                web::scope("/api/v1")
                    .service(
                        web::scope("/feed")
                            .service(handlers::get_feed)
                            .service(handlers::invalidate_feed_cache),
                    )
                    .service(handlers::reels::get_feed)
                    .service(handlers::like_reel)
                    .service(handlers::get_trending),
            )
    })
    .bind("127.0.0.1:8080")?
    .run()
    .await
}
