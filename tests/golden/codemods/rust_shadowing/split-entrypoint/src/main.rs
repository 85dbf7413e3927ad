mod app_state;

use std::collections::HashMap;
use std::sync::RwLock;

struct Registry {
    names: RwLock<HashMap<String, u32>>,
}

impl Registry {
    fn new() -> Registry {
        Registry { names: RwLock::new(HashMap::new()) }
    }
}

fn main() {
    let app_state::AppState { timeout, registry } = app_state::AppState::init();
    let cache = HashMap::new();
    let app_state::AppStatePart2 { totals } = app_state::AppStatePart2::init();

    let worker_registry = registry.clone();
    let worker = std::thread::spawn(move || {
        let names = worker_registry.names.read().unwrap();
        names.len()
    });

    let counted = worker.join().unwrap();
    println!("{} {:?} {} {:?} {}", counted, timeout, cache.len() as u32 + 0 * totals.len() as u32, totals, registry.names.read().unwrap().len());
    let _: &HashMap<String, u32> = &cache;
}
