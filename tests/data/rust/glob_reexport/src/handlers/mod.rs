// The shape of Nova's user-service: handlers reach `main.rs` through glob re-exports, and one
// module is re-exported by name under other names (which shadow nothing of the globs).
pub mod feed;
pub mod reels;
pub mod trending;

pub use feed::*;
pub use reels::{get_feed as get_reels_feed, like_video as like_reel};
pub use trending::*;
