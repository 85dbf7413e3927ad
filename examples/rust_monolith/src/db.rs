//! The database pool: connections behind a semaphore, handed out with a timeout.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::errors::ServiceError;

#[derive(Debug)]
pub struct Connection {
    pub id: usize,
    pub queries: u64,
}

#[derive(Clone)]
pub struct DbPool {
    url: String,
    idle: Arc<Mutex<Vec<Connection>>>,
    permits: Arc<Semaphore>,
    size: usize,
}

pub struct PooledConnection {
    conn: Option<Connection>,
    pool: DbPool,
    _permit: tokio::sync::OwnedSemaphorePermit,
}

impl PooledConnection {
    /// Which connection of the pool this is (the healthcheck prints it).
    pub fn id(&self) -> usize {
        self.conn.as_ref().map(|c| c.id).unwrap_or(0)
    }

    pub fn query(&mut self, _sql: &str) -> u64 {
        let conn = self.conn.as_mut().expect("connection present until drop");
        conn.queries += 1;
        conn.queries
    }
}

impl Drop for PooledConnection {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.pool.idle.lock().unwrap().push(conn);
        }
    }
}

impl DbPool {
    pub fn connect(url: &str, size: usize) -> Result<DbPool, ServiceError> {
        if !url.starts_with("memory://") && !url.starts_with("postgres://") {
            return Err(ServiceError::Config(format!("unsupported database url {}", url)));
        }
        let idle = (0..size).map(|id| Connection { id, queries: 0 }).collect();
        Ok(DbPool {
            url: url.to_string(),
            idle: Arc::new(Mutex::new(idle)),
            permits: Arc::new(Semaphore::new(size)),
            size,
        })
    }

    pub async fn get(&self) -> Result<PooledConnection, ServiceError> {
        let permit = tokio::time::timeout(Duration::from_secs(2), self.permits.clone().acquire_owned())
            .await
            .map_err(|_| ServiceError::Unavailable("database pool exhausted".into()))?
            .map_err(|_| ServiceError::Unavailable("database pool closed".into()))?;
        let conn = self.idle.lock().unwrap().pop();
        Ok(PooledConnection { conn, pool: self.clone(), _permit: permit })
    }

    pub fn idle(&self) -> usize {
        self.idle.lock().unwrap().len()
    }

    pub fn size(&self) -> usize {
        self.size
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}
