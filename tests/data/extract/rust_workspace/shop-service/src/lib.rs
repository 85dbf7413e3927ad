pub mod error;
pub mod models;
pub mod orders;
pub mod pricing;

pub use error::ShopError;

/// The shop's routes, registered as Nova's main.rs registers them: attribute-macro handlers
/// with `.service(..)` in the scope that prefixes their paths, a plain fn with `.route(..)`.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(
        actix_web::web::scope("/orders")
            .service(orders::latest)
            .service(orders::refund)
            .route("/{id}", actix_web::web::get().to(orders::show)),
    );
}
