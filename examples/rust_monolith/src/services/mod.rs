//! The domain services.

pub mod metrics;
pub mod sessions;
pub mod streams;
pub mod users;
