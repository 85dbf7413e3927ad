mod memory;

pub use self::memory::MemoryStore;
use super::models::Order;

pub trait Store {
    fn get(&self, id: u64) -> Option<Order>;
}
