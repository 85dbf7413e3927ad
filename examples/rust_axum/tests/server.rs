//! The built binary, end to end: subcommands, a few routes over real HTTP, the healthcheck
//! against a running server and the graceful shutdown on SIGINT.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_feed-service");

fn request(port: u16, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("server listens");
    let raw = format!(
        "{} {} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{}",
        method, path, body.len(), body
    );
    stream.write_all(raw.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, response.to_lowercase())
}

#[test]
fn subcommands_answer_without_serving() {
    let run = |args: &[&str], addr: &str| Command::new(BIN).args(args).env("FEED_SERVICE_ADDR", addr).output().unwrap();
    assert!(String::from_utf8_lossy(&run(&["version"], "").stdout).starts_with("feed-service 0.1.0"));
    assert_eq!(run(&["nope"], "").status.code(), Some(2));
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    assert_eq!(run(&["healthcheck"], &format!("127.0.0.1:{}", port)).status.code(), Some(1));
}

#[test]
fn serves_and_shuts_down_gracefully() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{}", port);
    let child = Command::new(BIN)
        .env("FEED_SERVICE_ADDR", &addr)
        .env("RANK_INTERVAL_MS", "20")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "server did not start listening");
        thread::sleep(Duration::from_millis(20));
    }
    let (status, response) = request(port, "GET", "/health", "");
    assert!(status == 200 && response.contains("x-service: feed-service"), "{}", response);
    assert_eq!(request(port, "POST", "/api/v1/users/7/follows", r#"{"follower":1}"#).0, 201);
    assert_eq!(request(port, "POST", "/api/v1/posts", r#"{"author":7,"text":"hi"}"#).0, 201);
    let feed_deadline = Instant::now() + Duration::from_secs(5);
    while !request(port, "GET", "/api/v1/users/1/feed", "").1.contains("\"text\":\"hi\"") {
        assert!(Instant::now() < feed_deadline, "the ranker never rebuilt the feed");
        thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(request(port, "GET", "/admin/stats", "").0, 401); // no ADMIN_TOKEN: admin is off
    let probe = Command::new(BIN).arg("healthcheck").env("FEED_SERVICE_ADDR", &addr).output().unwrap();
    assert_eq!(probe.status.code(), Some(0));

    let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "exit status {:?}: {}", output.status, log);
    assert!(log.contains("shutdown requested") && log.contains("server drained"), "{}", log);
    assert!(log.contains("feed-service stopped after"), "{}", log);
}
