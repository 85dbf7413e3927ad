#[macro_use]
mod macros;
mod handlers;

use handlers::health;
use startup::anyhow::Context;
use startup::tracing_subscriber::{self, layer::SubscriberExt};
#[cfg(not(feature = "no-macros"))]
use startup::try_join;
use startup::{load, AppState, Store};

/// The crate's own argument parser: the split's cli module must not define a second one.
fn parse_args() -> Vec<String> {
    std::env::args().collect()
}

/// A macro of main.rs itself: only modules declared below it can use it.
macro_rules! checked {
    ($value:expr) => {
        $value.max(1)
    };
}

fn main() -> Result<(), String> {
    let args: Vec<String> = parse_args();
    if args.iter().any(|a| a == "--version") {
        println!("startup 0.1.0");
        return Ok(());
    }
    let path: String;
    if args.len() > 1 {
        path = args[1].clone();
    } else {
        path = "startup.db".to_string();
    }

    let layers: usize = tracing_subscriber::registry()
        .with("fmt")
        .with("json")
        .init();
    log_line!(format!("{layers} log layers"));

    let store: Store = Store::open(&path).context("opening the store")?;
    let state: AppState = AppState {
        name: store.path.clone(),
    };
    let (first, second): (u32, u32) = try_join!(load(1), load(2))?;
    let first: u32 = checked!(first);
    let status: String = health().to_string();

    let worker: std::thread::JoinHandle<u32> = std::thread::spawn(move || first + second);
    let total = worker.join().map_err(|_| "worker panicked".to_string())?;
    println!("{} {} {}", state.name, status, total);
    Ok(())
}
