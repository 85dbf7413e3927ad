//! Shared state: what the server and the workers share, built once at start-up.
//!
//! Extracted from `fn main` in src/main.rs by `nova-refactor apply split-entrypoint`.

use std::sync::{Arc, Mutex};
use actix_web::web;
use crate::store::{Mailer, OrderStore};

/// Builds the shared state (lines 30-32 of the original `fn main`).
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) store: web::Data<OrderStore>,
    pub(crate) hits: web::Data<Mutex<u64>>,
    pub(crate) mailer: Arc<Mailer>,
}

impl AppState {
    pub(crate) async fn init() -> Self {
        let store = web::Data::new(OrderStore::open("memory://").expect("store opens"));
        let hits = web::Data::new(Mutex::new(0u64));
        let mailer = Arc::new(Mailer::connect("orders@example.com").await);
        Self { store, hits, mailer }
    }
}
