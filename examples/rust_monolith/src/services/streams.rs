//! The event stream: a bounded buffer behind a tokio `Mutex`, persisted through the pool.

use std::sync::Arc;

use crate::db::DbPool;
use crate::errors::ServiceError;
use crate::models::StreamEvent;

pub(crate) struct StreamState {
    events: Vec<StreamEvent>,
    next_seq: u64,
    dropped: u64,
}

pub struct StreamService {
    state: Arc<tokio::sync::Mutex<StreamState>>,
    capacity: usize,
    pool: DbPool,
}

impl StreamService {
    pub fn new(capacity: usize, pool: DbPool) -> Self {
        let state = StreamState { events: Vec::new(), next_seq: 1, dropped: 0 };
        StreamService { state: Arc::new(tokio::sync::Mutex::new(state)), capacity, pool }
    }

    /// Appends an event. The stream lock is held while the event is persisted: every publisher
    /// waits for the database while holding it (the contention the refactor plan removes).
    pub async fn publish(&self, user_id: u64, kind: &str, payload: &str) -> Result<StreamEvent, ServiceError> {
        if kind.is_empty() {
            return Err(ServiceError::Invalid("event kind is required".into()));
        }
        let mut state = self.state.lock().await;
        let event = StreamEvent { seq: state.next_seq, user_id, kind: kind.to_string(), payload: payload.to_string() };
        let mut conn = self.pool.get().await?;
        conn.query("INSERT INTO events (seq, user_id, kind, payload) VALUES ($1, $2, $3, $4)");
        state.next_seq += 1;
        state.events.push(event.clone());
        if state.events.len() > self.capacity {
            let overflow = state.events.len() - self.capacity;
            state.events.drain(..overflow);
            state.dropped += overflow as u64;
        }
        Ok(event)
    }

    pub async fn since(&self, seq: u64, limit: usize) -> Vec<StreamEvent> {
        let state = self.state.lock().await;
        state.events.iter().filter(|e| e.seq > seq).take(limit).cloned().collect()
    }

    pub async fn stats(&self) -> (usize, u64, u64) {
        let state = self.state.lock().await;
        (state.events.len(), state.next_seq - 1, state.dropped)
    }

    pub async fn heartbeat(&self) -> StreamEvent {
        let mut state = self.state.lock().await;
        let event = StreamEvent { seq: state.next_seq, user_id: 0, kind: "heartbeat".into(), payload: String::new() };
        state.next_seq += 1;
        state.events.push(event.clone());
        event
    }
}
