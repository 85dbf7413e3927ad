use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// `async fn` only parses in edition 2018 and later: rustfmt must be told the real edition.
async fn warm_up(cache: Arc<Mutex<HashMap<String, u32>>>) -> usize {
    cache.lock().unwrap().len()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cache: Arc<Mutex<HashMap<String, u32>>> = Arc::new(Mutex::new(HashMap::new()));
    let limits: Arc<Mutex<HashMap<String, u32>>> = Arc::new(Mutex::new(HashMap::new()));
    let pending = warm_up(cache.clone());
    drop(pending);
    println!("{} {}", args.len(), limits.lock().unwrap().len());
}
