#[tokio::main]
async fn main() { let m = tokio::sync::Mutex::new(1); *m.lock().await += 1; tokio::time::sleep(std::time::Duration::from_millis(1)).await; }
