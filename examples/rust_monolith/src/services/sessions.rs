//! Sessions: bearer tokens with a sliding TTL.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::errors::ServiceError;
use crate::models::{now_millis, Session, User};

pub struct SessionService {
    sessions: Arc<Mutex<HashMap<String, Session>>>,
    ttl: Duration,
    issued: AtomicU64,
}

impl SessionService {
    pub fn new(ttl: Duration) -> Self {
        SessionService { sessions: Arc::new(Mutex::new(HashMap::new())), ttl, issued: AtomicU64::new(0) }
    }

    pub fn login(&self, user: &User) -> Session {
        let serial = self.issued.fetch_add(1, Ordering::SeqCst);
        let token = format!("s{:x}{:04x}", now_millis(), serial);
        let session = Session { token: token.clone(), user_id: user.id, created: Instant::now(), last_seen: Instant::now() };
        self.sessions.lock().unwrap().insert(token, session.clone());
        session
    }

    pub fn authenticate(&self, token: &str) -> Result<u64, ServiceError> {
        let mut sessions = self.sessions.lock().unwrap();
        match sessions.get_mut(token) {
            Some(session) if session.last_seen.elapsed() < self.ttl => {
                session.last_seen = Instant::now();
                Ok(session.user_id)
            }
            Some(_) => {
                sessions.remove(token);
                Err(ServiceError::Unauthorized)
            }
            None => Err(ServiceError::Unauthorized),
        }
    }

    pub fn logout(&self, token: &str) -> bool {
        self.sessions.lock().unwrap().remove(token).is_some()
    }

    pub fn reap_expired(&self) -> usize {
        let mut sessions = self.sessions.lock().unwrap();
        let before = sessions.len();
        let ttl = self.ttl;
        sessions.retain(|_, s| s.last_seen.elapsed() < ttl);
        before - sessions.len()
    }

    pub fn active(&self) -> usize {
        self.sessions.lock().unwrap().len()
    }
}
