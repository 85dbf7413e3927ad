//! The records the services keep and the JSON they render to.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: u64,
    pub name: String,
    pub email: String,
    pub active: bool,
}

impl User {
    pub fn to_json(&self) -> String {
        format!(
            "{{\"id\":{},\"name\":\"{}\",\"email\":\"{}\",\"active\":{}}}",
            self.id,
            escape(&self.name),
            escape(&self.email),
            self.active
        )
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub user_id: u64,
    #[allow(dead_code)] // kept for the session audit log of Phase 3
    pub created: Instant,
    pub last_seen: Instant,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamEvent {
    pub seq: u64,
    pub user_id: u64,
    pub kind: String,
    pub payload: String,
}

impl StreamEvent {
    pub fn to_json(&self) -> String {
        format!(
            "{{\"seq\":{},\"user_id\":{},\"kind\":\"{}\",\"payload\":\"{}\"}}",
            self.seq,
            self.user_id,
            escape(&self.kind),
            escape(&self.payload)
        )
    }
}

pub fn escape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

pub fn now_millis() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_quotes_and_control_characters() {
        assert_eq!(escape("a\"b\n"), "a\\\"b\\n");
        let user = User { id: 7, name: "Ann".into(), email: "a@x.org".into(), active: true };
        assert_eq!(user.to_json(), "{\"id\":7,\"name\":\"Ann\",\"email\":\"a@x.org\",\"active\":true}");
    }
}
