use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Store {
    items: Arc<Mutex<Vec<String>>>,
}

impl Store {
    pub async fn connect(url: &str) -> Result<Self, String> {
        if url.is_empty() {
            return Err("empty store url".into());
        }
        Ok(Store::default())
    }

    pub fn len(&self) -> usize {
        self.items.lock().unwrap().len()
    }

    pub fn push(&self, item: String) {
        self.items.lock().unwrap().push(item);
    }
}
