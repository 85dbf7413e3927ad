// actix-web: `.configure(..)` into inline modules, and helpers handed the ServiceConfig.
mod api;

use actix_web::{web, App, HttpResponse, HttpServer};

async fn list_users() -> HttpResponse {
    HttpResponse::Ok().finish()
}

async fn ping() -> HttpResponse {
    HttpResponse::Ok().finish()
}

mod routes {
    pub mod users {
        use actix_web::web;

        pub fn configure(cfg: &mut web::ServiceConfig) {
            cfg.route("/users", web::get().to(crate::list_users));
        }
    }

    pub mod admin {
        use actix_web::web;

        pub fn configure(cfg: &mut web::ServiceConfig) {
            cfg.service(web::scope("/admin").configure(super::users::configure));
        }
    }
}

// Never configured anywhere: its route is listed, not mounted.
fn unused(cfg: &mut web::ServiceConfig) {
    cfg.route("/unused", web::get().to(ping));
}

fn health(cfg: &mut web::ServiceConfig, with_ping: bool) {
    cfg.route("/health", web::get().to(ping));
    if with_ping {
        cfg.route("/ping", web::get().to(ping));
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .configure(routes::users::configure)
            .configure(routes::admin::configure)
            .configure(|cfg| health(cfg, true))
            .service(web::scope("/api").configure(api::register))
    })
    .bind("127.0.0.1:8080")?
    .run()
    .await
}
