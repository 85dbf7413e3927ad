//! Log lines on stderr, filtered by the configured level ("error" < "warn" < "info" < "debug").

use std::fmt::Display;
use std::sync::OnceLock;

static MAX_LEVEL: OnceLock<usize> = OnceLock::new();

fn rank(level: &str) -> usize {
    ["error", "warn", "info", "debug"].iter().position(|l| *l == level).unwrap_or(2)
}

pub fn init(level: &str) {
    let _ = MAX_LEVEL.set(rank(&level.to_ascii_lowercase()));
}

pub fn log(level: &str, message: impl Display) {
    if rank(level) <= *MAX_LEVEL.get().unwrap_or(&2) {
        eprintln!("{:<5} feed-service: {}", level.to_uppercase(), message);
    }
}
