//! Shared state: what the server and the workers share, built once at start-up.
//!
//! Extracted from `fn main` in src/main.rs by `nova-refactor apply split-entrypoint`.

use std::sync::Arc;
use std::time::Duration;
use crate::Registry;

/// Builds the shared state (lines 20-23 of the original `fn main`).
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) timeout: Duration,
    pub(crate) registry: Arc<Registry>,
}

impl AppState {
    pub(crate) fn init() -> Self {
        let timeout = Duration::from_secs(5);
        let registry = Registry::new();
        // shadowed: the second `registry` wraps the first
        let registry = Arc::new(registry);
        Self { timeout, registry }
    }
}

/// Builds the shared state (lines 25-26 of the original `fn main`).
#[derive(Clone)]
pub(crate) struct AppStatePart2 {
    pub(crate) totals: Vec<u32>,
}

impl AppStatePart2 {
    pub(crate) fn init() -> Self {
        let limits = limits();
        let totals: Vec<u32> = limits.collect();
        Self { totals }
    }
}

fn limits() -> impl Iterator<Item = u32> {
    vec![1, 2, 3].into_iter()
}
