//! The records the services keep, the JSON they render to and the request bodies they accept.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: u64,
    pub name: String,
    pub email: String,
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub user_id: u64,
    #[allow(dead_code)] // kept for the session audit log of Phase 3
    pub created: Instant,
    pub last_seen: Instant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StreamEvent {
    pub seq: u64,
    pub user_id: u64,
    pub kind: String,
    pub payload: String,
}

/// `POST /api/v1/users`.
#[derive(Debug, Deserialize)]
pub struct NewUser {
    pub name: String,
    pub email: String,
}

/// `PUT /api/v1/users/{id}`: every field optional.
#[derive(Debug, Deserialize)]
pub struct UserPatch {
    pub name: Option<String>,
    pub active: Option<bool>,
}

/// `POST /api/v1/sessions`.
#[derive(Debug, Deserialize)]
pub struct Login {
    pub user_id: u64,
}

/// `POST /api/v1/events`.
#[derive(Debug, Deserialize)]
pub struct NewEvent {
    pub kind: String,
    #[serde(default)]
    pub payload: String,
}

pub fn now_millis() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_render_and_patches_parse() {
        let user = User { id: 7, name: "Ann \"A\"".into(), email: "a@x.org".into(), active: true };
        let json = serde_json::to_string(&user).unwrap();
        assert_eq!(json, "{\"id\":7,\"name\":\"Ann \\\"A\\\"\",\"email\":\"a@x.org\",\"active\":true}");
        let patch: UserPatch = serde_json::from_str("{\"active\":false}").unwrap();
        assert_eq!((patch.name, patch.active), (None, Some(false)));
    }
}
