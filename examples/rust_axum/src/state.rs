//! What every handler shares, cloned into each request by `Router::with_state`.

use std::sync::atomic::AtomicU64;
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use crate::config::Config;
use crate::feed::FeedIndex;
use crate::limiter::RateLimiter;
use crate::models::FeedEvent;
use crate::store::PostStore;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub posts: Arc<PostStore>,
    pub feeds: Arc<RwLock<FeedIndex>>,
    pub limiter: Arc<RateLimiter>,
    pub events: broadcast::Sender<FeedEvent>,
    pub requests: Arc<AtomicU64>,
}
