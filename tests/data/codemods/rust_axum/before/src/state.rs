use std::sync::Mutex;
use std::time::Duration;

pub struct Shared {
    pub items: Mutex<Vec<String>>,
}

pub struct Settings {
    pub port: u16,
    pub sweep: Duration,
}

impl Settings {
    pub fn from_env() -> Settings {
        Settings { port: 3000, sweep: Duration::from_secs(30) }
    }
}

pub async fn sweep(shared: std::sync::Arc<Shared>) -> usize {
    shared.items.lock().unwrap().len()
}
