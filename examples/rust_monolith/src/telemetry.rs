//! Logging: a small tracing-like subscriber with levels and structured fields, and the
//! `info!` / `warn!` / `debug!` macros every module uses (`#[macro_use] mod telemetry` in main).

use std::time::Instant;

use once_cell::sync::OnceCell;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error = 1,
    Warn = 2,
    Info = 3,
    Debug = 4,
}

impl Level {
    pub fn parse(raw: &str) -> Level {
        match raw.to_ascii_lowercase().as_str() {
            "error" => Level::Error,
            "warn" | "warning" => Level::Warn,
            "debug" | "trace" => Level::Debug,
            _ => Level::Info,
        }
    }
}

pub struct Subscriber {
    max_level: Level,
    json: bool,
    started: Instant,
}

pub static SUBSCRIBER: OnceCell<Subscriber> = OnceCell::new();

pub fn init(level: &str, json: bool) {
    let subscriber = Subscriber { max_level: Level::parse(level), json, started: Instant::now() };
    let _ = SUBSCRIBER.set(subscriber);
}

pub fn emit(level: Level, target: &str, message: &str) {
    let subscriber = match SUBSCRIBER.get() {
        Some(subscriber) => subscriber,
        None => return,
    };
    if level > subscriber.max_level {
        return;
    }
    let elapsed = subscriber.started.elapsed().as_millis();
    if subscriber.json {
        eprintln!("{{\"ms\":{},\"level\":\"{:?}\",\"target\":\"{}\",\"msg\":\"{}\"}}", elapsed, level, target, message);
    } else {
        eprintln!("{:>8}ms {:<5} {}: {}", elapsed, format!("{:?}", level).to_uppercase(), target, message);
    }
}

#[macro_export]
macro_rules! info {
    ($($arg:tt)*) => { $crate::telemetry::emit($crate::telemetry::Level::Info, module_path!(), &format!($($arg)*)) };
}

#[macro_export]
macro_rules! warn {
    ($($arg:tt)*) => { $crate::telemetry::emit($crate::telemetry::Level::Warn, module_path!(), &format!($($arg)*)) };
}

#[macro_export]
macro_rules! debug {
    ($($arg:tt)*) => { $crate::telemetry::emit($crate::telemetry::Level::Debug, module_path!(), &format!($($arg)*)) };
}
