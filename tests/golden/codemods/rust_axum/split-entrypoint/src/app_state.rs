//! Shared state: what the server and the workers share, built once at start-up.
//!
//! Extracted from `fn main` in src/main.rs by `nova-refactor apply split-entrypoint`.

use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use crate::state::Shared;

/// Builds the shared state (lines 23-24 of the original `fn main`).
pub(crate) struct AppState {
    pub(crate) shared: Arc<Shared>,
    pub(crate) events_tx: mpsc::Sender<String>,
    pub(crate) events_rx: mpsc::Receiver<String>,
}

impl AppState {
    pub(crate) fn init() -> Self {
        let shared = Arc::new(Shared { items: Mutex::new(Vec::new()) });
        let (events_tx, mut events_rx) = mpsc::channel::<String>(64);
        Self { shared, events_tx, events_rx }
    }
}
