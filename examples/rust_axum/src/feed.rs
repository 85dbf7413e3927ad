//! The feed index: who follows whom and each user's ranked timeline. Shared as
//! `Arc<RwLock<FeedIndex>>`: every feed request reads it, the ranker rewrites it.

use std::collections::{BTreeMap, BTreeSet};

use crate::models::Post;

#[derive(Default)]
pub struct FeedIndex {
    follows: BTreeMap<u64, BTreeSet<u64>>,
    timelines: BTreeMap<u64, Vec<Post>>,
    pub rebuilds: u64,
}

impl FeedIndex {
    pub fn follow(&mut self, follower: u64, author: u64) -> bool {
        self.follows.entry(follower).or_default().insert(author)
    }

    pub fn unfollow(&mut self, follower: u64, author: u64) -> bool {
        self.follows.get_mut(&follower).is_some_and(|authors| authors.remove(&author))
    }

    pub fn followers(&self, author: u64) -> Vec<u64> {
        self.follows.iter().filter(|(_, authors)| authors.contains(&author)).map(|(f, _)| *f).collect()
    }

    pub fn timeline(&self, user: u64, limit: usize) -> Vec<Post> {
        self.timelines.get(&user).map(|posts| posts.iter().take(limit).cloned().collect()).unwrap_or_default()
    }

    /// Drops a removed post from every timeline without waiting for the next rebuild.
    pub fn forget(&mut self, post: u64) -> usize {
        let mut dropped = 0;
        for posts in self.timelines.values_mut() {
            let before = posts.len();
            posts.retain(|p| p.id != post);
            dropped += before - posts.len();
        }
        dropped
    }

    /// Ranks every follower's timeline from the latest posts: most liked first, then newest.
    pub fn rebuild(&mut self, latest: &[Post], size: usize) {
        let mut timelines = BTreeMap::new();
        for (follower, authors) in &self.follows {
            let mut posts: Vec<Post> = latest.iter().filter(|p| authors.contains(&p.author)).cloned().collect();
            posts.sort_by(|a, b| b.likes.cmp(&a.likes).then(b.id.cmp(&a.id)));
            posts.truncate(size);
            timelines.insert(*follower, posts);
        }
        self.timelines = timelines;
        self.rebuilds += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_followed_authors_by_likes_then_recency() {
        let post = |id, author, likes| Post { id, author, text: format!("p{}", id), likes };
        let mut index = FeedIndex::default();
        assert!(index.follow(1, 10) && !index.follow(1, 10));
        index.rebuild(&[post(1, 10, 0), post(2, 10, 5), post(3, 11, 9), post(4, 10, 0)], 2);
        let ids: Vec<u64> = index.timeline(1, 10).iter().map(|p| p.id).collect();
        assert_eq!(ids, vec![2, 4]);
        assert_eq!(index.followers(10), vec![1]);
        assert!(index.unfollow(1, 10) && index.timeline(2, 10).is_empty());
    }
}
