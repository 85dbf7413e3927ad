//! Background jobs: the feed ranker and the rate-limit janitor; both stop on the shutdown signal.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::feed::FeedIndex;
use crate::limiter::RateLimiter;
use crate::store::PostStore;

pub fn spawn_ranker(posts: Arc<PostStore>, feeds: Arc<RwLock<FeedIndex>>, size: usize, every: Duration, mut stop: watch::Receiver<bool>) -> JoinHandle<u64> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    let latest = posts.latest(1000).await;
                    feeds.write().unwrap().rebuild(&latest, size);
                }
                _ = stop.changed() => break,
            }
        }
        let rebuilds = feeds.read().unwrap().rebuilds;
        rebuilds
    })
}

pub fn spawn_limit_janitor(limiter: Arc<RateLimiter>, every: Duration, mut stop: watch::Receiver<bool>) -> JoinHandle<usize> {
    tokio::spawn(async move {
        let mut purged = 0;
        let mut ticker = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = ticker.tick() => purged += limiter.purge_expired(),
                _ = stop.changed() => return purged,
            }
        }
    })
}
