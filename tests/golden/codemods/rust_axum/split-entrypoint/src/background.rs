//! Background work: every spawned task and thread, started together.
//! The handles go back to main, whose shutdown sequence stops and awaits them.
//!
//! Extracted from `fn main` in src/main.rs by `nova-refactor apply split-entrypoint`.

use std::sync::Arc;
use tokio::sync::mpsc;
use crate::state::{sweep, Shared};

/// Starts the background work (lines 27-37 of the original `fn main`).
pub(crate) struct Background {
    pub(crate) sweeper: tokio::task::JoinHandle<usize>,
    pub(crate) logger: tokio::task::JoinHandle<()>,
    pub(crate) ticker: std::thread::JoinHandle<usize>,
}

impl Background {
    pub(crate) fn start(shared: &Arc<Shared>, mut events_rx: mpsc::Receiver<String>) -> Self {
        let sweeper = tokio::spawn(sweep(shared.clone()));
        let logger = tokio::spawn(async move {
            while let Some(event) = events_rx.recv().await {
                println!("event: {}", event);
            }
        });
        let ticker_shared = shared.clone();
        let ticker = std::thread::spawn(move || {
            let count: usize = ticker_shared.items.lock().unwrap().len();
            count
        });
        Self { sweeper, logger, ticker }
    }
}
