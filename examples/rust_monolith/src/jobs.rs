//! Background jobs that run while the server is up; each stops on the shutdown signal.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use tokio::sync::watch;

use crate::cache::ResponseCache;
use crate::services::metrics::MetricsService;
use crate::services::sessions::SessionService;

pub fn spawn_session_reaper(sessions: Arc<SessionService>, every: Duration, mut stop: watch::Receiver<bool>) -> tokio::task::JoinHandle<usize> {
    tokio::spawn(async move {
        let mut reaped = 0;
        let mut ticker = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    let n = sessions.reap_expired();
                    if n > 0 {
                        info!("reaped {} expired sessions", n);
                    }
                    reaped += n;
                }
                _ = stop.changed() => break,
            }
        }
        reaped
    })
}

pub fn spawn_cache_janitor(cache: ResponseCache, every: Duration, mut stop: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    let evicted = cache.evict_expired();
                    debug!("cache janitor evicted {}", evicted);
                }
                _ = stop.changed() => return,
            }
        }
    })
}

pub fn spawn_metrics_flusher(metrics: Arc<MetricsService>, running: Arc<AtomicBool>) -> thread::JoinHandle<u64> {
    thread::spawn(move || {
        let mut last = 0;
        while running.load(Ordering::Relaxed) {
            last = metrics.flush();
            thread::sleep(Duration::from_millis(200));
        }
        last
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_stop_on_shutdown() {
        let sessions = Arc::new(SessionService::new(Duration::from_secs(60)));
        let cache = ResponseCache::new(Duration::from_secs(30));
        let (stop_tx, stop_rx) = watch::channel(false);
        let reaper = spawn_session_reaper(sessions, Duration::from_millis(5), stop_rx.clone());
        let janitor = spawn_cache_janitor(cache, Duration::from_millis(5), stop_rx);
        let running = Arc::new(AtomicBool::new(true));
        let flusher = spawn_metrics_flusher(Arc::new(MetricsService::new()), running.clone());
        tokio::time::sleep(Duration::from_millis(20)).await;
        stop_tx.send(true).unwrap();
        running.store(false, Ordering::Relaxed);
        assert_eq!(reaper.await.unwrap(), 0);
        janitor.await.unwrap();
        flusher.join().unwrap();
    }
}
