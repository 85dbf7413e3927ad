//! Configuration from the environment.

use std::env;
use std::time::Duration;

use crate::errors::AppError;

#[derive(Debug, Clone)]
pub struct Config {
    pub bind_addr: String,
    pub admin_token: String,
    pub feed_size: usize,
    pub rate_limit_per_minute: u32,
    pub max_in_flight: usize,
    pub request_timeout: Duration,
    pub rank_interval: Duration,
    pub log_level: String,
}

impl Config {
    pub fn from_env() -> Result<Config, AppError> {
        let config = Config {
            bind_addr: env::var("FEED_SERVICE_ADDR").unwrap_or_else(|_| "127.0.0.1:8090".into()),
            admin_token: env::var("ADMIN_TOKEN").unwrap_or_default(),
            feed_size: parse_env("FEED_SIZE", 50)?,
            rate_limit_per_minute: parse_env("RATE_LIMIT_PER_MINUTE", 600)?,
            max_in_flight: parse_env("MAX_IN_FLIGHT", 512)?,
            request_timeout: Duration::from_millis(parse_env("REQUEST_TIMEOUT_MS", 5000)?),
            rank_interval: Duration::from_millis(parse_env("RANK_INTERVAL_MS", 2000)?),
            log_level: env::var("LOG_LEVEL").unwrap_or_else(|_| "info".into()),
        };
        if config.feed_size == 0 || config.max_in_flight == 0 {
            return Err(AppError::Invalid("FEED_SIZE and MAX_IN_FLIGHT must be positive".into()));
        }
        Ok(config)
    }
}

fn parse_env<T: std::str::FromStr>(name: &str, default: T) -> Result<T, AppError> {
    match env::var(name) {
        Ok(raw) => raw.trim().parse().map_err(|_| AppError::Invalid(format!("{} is not a valid number: {:?}", name, raw))),
        Err(_) => Ok(default),
    }
}
