//! tally-service: counts words sent over TCP. `main` wires configuration, state, a worker
//! thread and the accept loop; two of its bindings have types only the compiler knows
//! (`HashMap::new()` and a `collect()` without annotations).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

fn main() -> std::io::Result<()> {
    // Configuration from the environment.
    let addr = std::env::var("TALLY_ADDR").unwrap_or_else(|_| "127.0.0.1:7070".to_string());
    let limit = std::env::var("TALLY_LIMIT").ok().and_then(|v| v.parse::<usize>().ok()).unwrap_or(64);
    let banner = format!("tally-service on {} (limit {})", addr, limit);
    println!("{}", banner);

    // State: the tallies (typed by their first insert), the stop words (typed by collect).
    let mut tallies = HashMap::new();
    tallies.insert("started".to_string(), 1u64);
    let stop_words = ["a", "an", "the"].iter().map(|w| w.to_string()).collect();
    let tallies = Arc::new(Mutex::new(tallies));
    let stop_words: Arc<Vec<String>> = Arc::new(stop_words);
    // `File::open(..)?`: a std constructor our index does not type; the compiler does
    let words_file = File::open("/dev/null")?;

    // Worker: folds the words each connection sends into the tallies.
    let (words_tx, words_rx) = mpsc::channel::<String>();
    let worker_tallies = tallies.clone();
    let worker_stop = stop_words.clone();
    let worker = thread::spawn(move || {
        for word in words_rx {
            if worker_stop.contains(&word) {
                continue;
            }
            *worker_tallies.lock().unwrap().entry(word).or_insert(0) += 1;
        }
    });

    // Server: one line of words per connection, answered with the current size.
    let listener = TcpListener::bind(&addr)?;
    for stream in listener.incoming().take(limit) {
        let mut stream = stream?;
        let mut line = String::new();
        BufReader::new(&stream).read_line(&mut line)?;
        for word in line.split_whitespace() {
            let _ = words_tx.send(word.to_lowercase());
        }
        let size = tallies.lock().unwrap().len();
        writeln!(stream, "{}", size)?;
    }

    // Shutdown: close the channel, wait for the worker.
    drop(words_tx);
    drop(words_file);
    let _ = worker.join();
    println!("{} words counted", tallies.lock().unwrap().len());
    Ok(())
}
