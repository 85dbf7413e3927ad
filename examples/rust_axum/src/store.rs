//! The post store: posts behind a tokio `Mutex`, the like counters in the same map.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::Mutex;

use crate::errors::AppError;
use crate::models::Post;

pub struct PostStore {
    posts: Mutex<BTreeMap<u64, Post>>,
    next_id: AtomicU64,
    write_delay: Duration,
}

impl PostStore {
    pub fn new(write_delay: Duration) -> Self {
        PostStore { posts: Mutex::new(BTreeMap::new()), next_id: AtomicU64::new(1), write_delay }
    }

    /// Stores a post. The map stays locked while the write is "persisted": every writer waits
    /// for the slowest one (the contention a refactor would remove).
    pub async fn publish(&self, author: u64, text: &str) -> Result<Post, AppError> {
        if text.trim().is_empty() || text.len() > 280 {
            return Err(AppError::Invalid("text must have 1 to 280 characters".into()));
        }
        let mut posts = self.posts.lock().await;
        let post = Post { id: self.next_id.fetch_add(1, Ordering::SeqCst), author, text: text.trim().into(), likes: 0 };
        tokio::time::sleep(self.write_delay).await;
        posts.insert(post.id, post.clone());
        Ok(post)
    }

    pub async fn get(&self, id: u64) -> Result<Post, AppError> {
        self.posts.lock().await.get(&id).cloned().ok_or_else(|| AppError::NotFound(format!("post {}", id)))
    }

    pub async fn remove(&self, id: u64) -> Result<Post, AppError> {
        self.posts.lock().await.remove(&id).ok_or_else(|| AppError::NotFound(format!("post {}", id)))
    }

    pub async fn like(&self, id: u64, delta: i64) -> Result<Post, AppError> {
        let mut posts = self.posts.lock().await;
        let post = posts.get_mut(&id).ok_or_else(|| AppError::NotFound(format!("post {}", id)))?;
        post.likes = post.likes.saturating_add_signed(delta);
        Ok(post.clone())
    }

    pub async fn latest(&self, limit: usize) -> Vec<Post> {
        self.posts.lock().await.values().rev().take(limit).cloned().collect()
    }

    pub async fn count(&self) -> usize {
        self.posts.lock().await.len()
    }
}
