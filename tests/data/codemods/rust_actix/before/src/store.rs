use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Default)]
pub struct OrderStore {
    orders: AtomicU64,
}

impl OrderStore {
    pub fn open(url: &str) -> Result<OrderStore, String> {
        if url.is_empty() {
            return Err("no url".into());
        }
        Ok(OrderStore::default())
    }

    pub fn count(&self) -> u64 {
        self.orders.load(Ordering::Relaxed)
    }

    pub fn add(&self) {
        self.orders.fetch_add(1, Ordering::Relaxed);
    }
}

pub struct Mailer {
    pub from: String,
}

impl Mailer {
    pub async fn connect(from: &str) -> Mailer {
        Mailer { from: from.to_string() }
    }
}
