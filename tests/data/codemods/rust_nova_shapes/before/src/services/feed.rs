use super::store::Store;

pub struct FeedService {
    store: Store,
}

impl FeedService {
    pub fn new(store: Store) -> Self {
        FeedService { store }
    }

    pub fn count(&self) -> usize {
        self.store.len()
    }

    pub fn push(&self, item: String) {
        self.store.push(item);
    }
}
