//! The catalog's storage; its errors are the service's `AppError` (declared in main.rs).

use std::collections::BTreeMap;
use std::sync::RwLock;

pub struct Store {
    items: RwLock<BTreeMap<u64, String>>,
}

impl Store {
    pub fn new() -> Self {
        Store { items: RwLock::new(BTreeMap::new()) }
    }

    pub fn insert(&self, id: u64, name: String) -> Result<(), crate::AppError> {
        let mut items = self.items.write().map_err(|_| crate::AppError::Poisoned)?;
        if items.contains_key(&id) {
            return Err(crate::AppError::Conflict(id));
        }
        items.insert(id, name);
        Ok(())
    }

    pub fn page(&self, from: u64, limit: usize) -> Vec<(u64, String)> {
        let items = self.items.read().unwrap();
        items.range(from..).take(limit).map(|(k, v)| (*k, v.clone())).collect()
    }
}
