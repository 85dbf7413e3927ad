//! The items routes: the catalog, as JSON.

use actix_web::{web, HttpResponse};

use crate::catalog::Catalog;

pub async fn list(catalog: web::Data<Catalog>) -> HttpResponse {
    HttpResponse::Ok().json(&catalog.names)
}

pub async fn one(catalog: web::Data<Catalog>, id: web::Path<usize>) -> HttpResponse {
    match catalog.names.get(id.into_inner()) {
        Some(name) => HttpResponse::Ok().json(name),
        None => HttpResponse::NotFound().finish(),
    }
}
