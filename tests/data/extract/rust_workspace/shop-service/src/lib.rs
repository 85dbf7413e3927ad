pub mod error;
pub mod models;
pub mod orders;
pub mod pricing;

pub use error::ShopError;
