//! A per-client fixed-window rate limiter behind a std `Mutex`, consulted on every API request.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
    per_window: u32,
    window: Duration,
}

impl RateLimiter {
    pub fn new(per_window: u32, window: Duration) -> Self {
        RateLimiter { windows: Mutex::new(HashMap::new()), per_window, window }
    }

    /// Whether `client` may make one more request in the current window.
    pub fn allow(&self, client: &str) -> bool {
        let mut windows = self.windows.lock().unwrap();
        let now = Instant::now();
        let entry = windows.entry(client.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.per_window
    }

    pub fn purge_expired(&self) -> usize {
        let mut windows = self.windows.lock().unwrap();
        let before = windows.len();
        let window = self.window;
        windows.retain(|_, (started, _)| started.elapsed() < window);
        before - windows.len()
    }

    pub fn reset(&self) -> usize {
        let mut windows = self.windows.lock().unwrap();
        let cleared = windows.len();
        windows.clear();
        cleared
    }
}
