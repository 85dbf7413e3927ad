//! Users: CRUD over the pool, with cache invalidation.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::cache::ResponseCache;
use crate::db::DbPool;
use crate::errors::ServiceError;
use crate::models::User;

pub struct UserService {
    users: Arc<Mutex<HashMap<u64, User>>>,
    next_id: AtomicU64,
    pool: DbPool,
    cache: ResponseCache,
}

impl UserService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        UserService { users: Arc::new(Mutex::new(HashMap::new())), next_id: AtomicU64::new(1), pool, cache }
    }

    pub async fn create(&self, name: &str, email: &str) -> Result<User, ServiceError> {
        if name.trim().is_empty() || !email.contains('@') {
            return Err(ServiceError::Invalid("name and a valid email are required".into()));
        }
        let mut conn = self.pool.get().await?;
        conn.query("INSERT INTO users (name, email) VALUES ($1, $2)");
        let mut users = self.users.lock().unwrap();
        if users.values().any(|u| u.email == email) {
            return Err(ServiceError::Conflict(format!("email {} already registered", email)));
        }
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let user = User { id, name: name.trim().to_string(), email: email.to_string(), active: true };
        users.insert(id, user.clone());
        drop(users);
        self.cache.invalidate_prefix("users");
        Ok(user)
    }

    pub async fn get(&self, id: u64) -> Result<User, ServiceError> {
        let mut conn = self.pool.get().await?;
        conn.query("SELECT * FROM users WHERE id = $1");
        self.users.lock().unwrap().get(&id).cloned().ok_or_else(|| ServiceError::NotFound(format!("user {}", id)))
    }

    pub async fn list(&self, only_active: bool) -> Result<Vec<User>, ServiceError> {
        let mut conn = self.pool.get().await?;
        conn.query("SELECT * FROM users ORDER BY id");
        let users = self.users.lock().unwrap();
        let mut found: Vec<User> = users.values().filter(|u| u.active || !only_active).cloned().collect();
        found.sort_by_key(|u| u.id);
        Ok(found)
    }

    pub async fn update(&self, id: u64, name: Option<&str>, active: Option<bool>) -> Result<User, ServiceError> {
        let mut conn = self.pool.get().await?;
        conn.query("UPDATE users SET name = $2, active = $3 WHERE id = $1");
        let mut users = self.users.lock().unwrap();
        let user = users.get_mut(&id).ok_or_else(|| ServiceError::NotFound(format!("user {}", id)))?;
        if let Some(name) = name {
            if name.trim().is_empty() {
                return Err(ServiceError::Invalid("name must not be empty".into()));
            }
            user.name = name.trim().to_string();
        }
        if let Some(active) = active {
            user.active = active;
        }
        let updated = user.clone();
        drop(users);
        self.cache.invalidate_prefix("users");
        Ok(updated)
    }

    pub async fn delete(&self, id: u64) -> Result<(), ServiceError> {
        let mut conn = self.pool.get().await?;
        conn.query("DELETE FROM users WHERE id = $1");
        let removed = self.users.lock().unwrap().remove(&id);
        self.cache.invalidate_prefix("users");
        removed.map(|_| ()).ok_or_else(|| ServiceError::NotFound(format!("user {}", id)))
    }

    pub(crate) fn count(&self) -> usize {
        self.users.lock().unwrap().len()
    }
}
