//! The library half of a lib + bin package, as in Nova's user-service: `main.rs` reaches
//! everything through `feed_service::..`.
pub mod config;
pub mod handlers;
pub mod services;

pub use config::Config;
