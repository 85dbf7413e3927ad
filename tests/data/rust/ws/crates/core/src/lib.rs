//! Core types.
pub mod models;
pub mod store;
#[path = "../../../legacy/compat.rs"]
pub mod compat;

pub use models::Order;
