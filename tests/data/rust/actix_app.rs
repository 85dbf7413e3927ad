use actix_web::{get, post, web, App, HttpResponse, HttpServer, Responder, middleware::Logger};
use std::sync::{Arc, Mutex};

struct AppState {
    hits: Arc<Mutex<u64>>,
}

#[get("/health")]
async fn health() -> impl Responder {
    HttpResponse::Ok().finish()
}

#[post("/echo")]
async fn echo(body: String) -> impl Responder {
    HttpResponse::Ok().body(body)
}

async fn list_users(state: web::Data<AppState>) -> HttpResponse {
    let mut hits = state.hits.lock().unwrap();
    *hits += 1;
    HttpResponse::Ok().finish()
}

async fn get_user(path: web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok().body(format!("{}", path.into_inner()))
}

async fn delete_user() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

fn admin_config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/stats")
            .route(web::get().to(stats))
            .route(web::delete().to(reset)),
    );
}

async fn stats() -> HttpResponse { HttpResponse::Ok().finish() }
async fn reset() -> HttpResponse { HttpResponse::Ok().finish() }

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let state = web::Data::new(AppState { hits: Arc::new(Mutex::new(0)) });
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .wrap(Logger::default())
            .service(health)
            .service(
                web::scope("/api")
                    .service(echo)
                    .route("/users", web::get().to(list_users))
                    .service(
                        web::resource("/users/{id}")
                            .route(web::get().to(get_user))
                            .route(web::delete().to(delete_user)),
                    ),
            )
            .service(web::scope("/admin").wrap(Logger::new("%a")).configure(admin_config))
    })
    .bind(("127.0.0.1", 8080))?
    .run()
    .await
}
