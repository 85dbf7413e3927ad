//! Request metrics: per-route counters in a process-wide map.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use once_cell::sync::Lazy;

pub static REQUEST_COUNTS: Lazy<Mutex<HashMap<String, u64>>> = Lazy::new(|| Mutex::new(HashMap::new()));

pub struct MetricsService {
    started: Instant,
    flushed: AtomicU64,
}

impl MetricsService {
    pub fn new() -> Self {
        MetricsService { started: Instant::now(), flushed: AtomicU64::new(0) }
    }

    pub fn record(&self, route: &str) {
        *REQUEST_COUNTS.lock().unwrap().entry(route.to_string()).or_insert(0) += 1;
    }

    pub fn snapshot(&self) -> Vec<(String, u64)> {
        let mut counts: Vec<(String, u64)> = REQUEST_COUNTS.lock().unwrap().iter().map(|(k, v)| (k.clone(), *v)).collect();
        counts.sort();
        counts
    }

    pub fn flush(&self) -> u64 {
        let total: u64 = REQUEST_COUNTS.lock().unwrap().values().sum();
        self.flushed.store(total, Ordering::Relaxed);
        total
    }

    pub fn uptime(&self) -> Duration {
        self.started.elapsed()
    }
}
