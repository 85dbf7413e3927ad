//! Re-exports, as Nova's services: a named `pub use` and a glob.
mod feed;
pub mod jobs;
mod store;

pub use feed::FeedService;
pub use store::*;
