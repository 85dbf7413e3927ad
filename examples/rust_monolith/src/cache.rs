//! The response cache: TTL entries behind an `RwLock`, hit and miss counters.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

pub struct CacheEntry {
    body: String,
    stored: Instant,
}

#[derive(Clone)]
pub struct ResponseCache {
    entries: Arc<RwLock<HashMap<String, CacheEntry>>>,
    ttl: Duration,
    hits: Arc<AtomicU64>,
    misses: Arc<AtomicU64>,
}

impl ResponseCache {
    pub fn new(ttl: Duration) -> Self {
        ResponseCache {
            entries: Arc::new(RwLock::new(HashMap::new())),
            ttl,
            hits: Arc::new(AtomicU64::new(0)),
            misses: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn get(&self, key: &str) -> Option<String> {
        let entries = self.entries.read().unwrap();
        match entries.get(key) {
            Some(entry) if entry.stored.elapsed() < self.ttl => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(entry.body.clone())
            }
            _ => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    pub fn put(&self, key: &str, body: &str) {
        let mut entries = self.entries.write().unwrap();
        entries.insert(key.to_string(), CacheEntry { body: body.to_string(), stored: Instant::now() });
    }

    pub fn invalidate_prefix(&self, prefix: &str) -> usize {
        let mut entries = self.entries.write().unwrap();
        let before = entries.len();
        entries.retain(|key, _| !key.starts_with(prefix));
        before - entries.len()
    }

    pub fn evict_expired(&self) -> usize {
        let mut entries = self.entries.write().unwrap();
        let before = entries.len();
        let ttl = self.ttl;
        entries.retain(|_, entry| entry.stored.elapsed() < ttl);
        before - entries.len()
    }

    pub fn stats(&self) -> (usize, u64, u64) {
        let size = self.entries.read().unwrap().len();
        (size, self.hits.load(Ordering::Relaxed), self.misses.load(Ordering::Relaxed))
    }
}
