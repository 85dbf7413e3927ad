//! Configuration from the environment.

use std::env;
use std::time::Duration;

use crate::errors::ServiceError;

#[derive(Debug, Clone)]
pub struct Config {
    pub bind_addr: String,
    pub database_url: String,
    pub pool_size: usize,
    pub cache_ttl: Duration,
    pub session_ttl: Duration,
    pub admin_token: String,
    pub stream_capacity: usize,
    pub log_level: String,
    pub log_json: bool,
    pub reaper_interval: Duration,
}

impl Config {
    pub fn from_env() -> Result<Config, ServiceError> {
        let config = Config {
            bind_addr: env::var("USER_SERVICE_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into()),
            database_url: env::var("DATABASE_URL").unwrap_or_else(|_| "memory://users".into()),
            pool_size: parse_env("DB_POOL_SIZE", 8)?,
            cache_ttl: Duration::from_secs(parse_env("CACHE_TTL_SECS", 30)?),
            session_ttl: Duration::from_secs(parse_env("SESSION_TTL_SECS", 3600)?),
            admin_token: env::var("ADMIN_TOKEN").unwrap_or_else(|_| "change-me".into()),
            stream_capacity: parse_env("STREAM_CAPACITY", 256)?,
            log_level: env::var("LOG_LEVEL").unwrap_or_else(|_| "info".into()),
            log_json: env::var("LOG_FORMAT").map(|v| v == "json").unwrap_or(false),
            reaper_interval: Duration::from_millis(parse_env("REAPER_INTERVAL_MS", 5000)?),
        };
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), ServiceError> {
        if self.pool_size == 0 || self.pool_size > 256 {
            return Err(ServiceError::Config(format!("DB_POOL_SIZE must be 1..=256, got {}", self.pool_size)));
        }
        if !self.database_url.contains("://") {
            return Err(ServiceError::Config("DATABASE_URL must be a URL".into()));
        }
        if self.stream_capacity == 0 {
            return Err(ServiceError::Config("STREAM_CAPACITY must be positive".into()));
        }
        Ok(())
    }
}

pub fn parse_env<T: std::str::FromStr>(name: &str, default: T) -> Result<T, ServiceError> {
    match env::var(name) {
        Ok(raw) => raw
            .trim()
            .parse()
            .map_err(|_| ServiceError::Config(format!("{} is not a valid number: {:?}", name, raw))),
        Err(_) => Ok(default),
    }
}
