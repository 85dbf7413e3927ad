//! Posts, feed entries and the request bodies the API accepts.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Post {
    pub id: u64,
    pub author: u64,
    pub text: String,
    pub likes: u64,
}

#[derive(Debug, Deserialize)]
pub struct NewPost {
    pub author: u64,
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub struct Follow {
    pub follower: u64,
}

#[derive(Debug, Deserialize)]
pub struct Page {
    #[serde(default)]
    pub limit: Option<usize>,
}

/// What the background fan-out hears about: a post was published or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedEvent {
    Published(u64),
    Removed(u64),
}
