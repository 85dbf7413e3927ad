pub mod feeds;
pub mod webfinger;
