use actix_web::{web, HttpResponse};

async fn get_order() -> HttpResponse {
    HttpResponse::Ok().finish()
}

async fn list_orders() -> HttpResponse {
    HttpResponse::Ok().finish()
}

// A helper that calls other helpers with the ServiceConfig it was handed.
pub fn register(cfg: &mut web::ServiceConfig) {
    orders(cfg);
    reports::register(cfg, "weekly");
}

fn orders(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/orders")
            .route("", web::get().to(list_orders))
            .route("/{id}", web::get().to(get_order))
            .route("/legacy", web::get().to(HttpResponse::Gone)),
    );
}

mod reports {
    use actix_web::{web, HttpResponse};

    async fn report() -> HttpResponse {
        HttpResponse::Ok().finish()
    }

    pub fn register(cfg: &mut web::ServiceConfig, _kind: &str) {
        cfg.route("/reports", web::get().to(report));
    }
}
