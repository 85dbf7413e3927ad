//! The built binary, end to end: subcommands, every route over real HTTP, the workers and the
//! graceful shutdown on SIGINT. Whatever `main` looks like inside, this must keep passing.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_user-service");

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(BIN);
    command.args(args).env("LOG_LEVEL", "error").stdin(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("binary runs")
}

fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("server listens");
    let mut raw = format!("{} {} HTTP/1.1\r\nhost: localhost\r\n", method, path);
    for (name, value) in headers {
        raw.push_str(&format!("{}: {}\r\n", name, value));
    }
    if !body.is_empty() {
        raw.push_str("content-type: application/json\r\n");
    }
    raw.push_str(&format!("connection: close\r\ncontent-length: {}\r\n\r\n{}", body.len(), body));
    stream.write_all(raw.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head.to_lowercase(), body.to_string())
}

fn start(port: u16) -> Child {
    let child = Command::new(BIN)
        .env("USER_SERVICE_ADDR", format!("127.0.0.1:{}", port))
        .env("ADMIN_TOKEN", "secret")
        .env("STREAM_CAPACITY", "3")
        .env("LOG_LEVEL", "info")
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
    child
}

#[test]
fn subcommands_answer_without_serving() {
    let help = run(&["help"], &[]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("healthcheck"));
    let version = run(&["--version"], &[]);
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("user-service 0.1.0"));
    assert_eq!(run(&["nope"], &[]).status.code(), Some(2));
    assert_eq!(run(&["serve"], &[("DB_POOL_SIZE", "0")]).status.code(), Some(2));
    let check = run(&["healthcheck"], &[]);
    assert_eq!(check.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&check.stdout).starts_with("ok: memory://users"));
    assert_eq!(run(&["healthcheck"], &[("DATABASE_URL", "mysql://db")]).status.code(), Some(1));
}

#[test]
fn serves_every_route_and_shuts_down_gracefully() {
    let port = free_port();
    let child = start(port);
    let (status, head, body) = request(port, "GET", "/health", &[], "");
    assert_eq!((status, body.as_str()), (200, "{\"status\":\"ok\"}"));
    assert!(head.contains("x-service: user-service"));
    assert!(request(port, "GET", "/ready", &[], "").2.contains("\"ready\":true"));

    let (status, head, body) = request(port, "POST", "/api/v1/users", &[], r#"{"name":"Ann","email":"ann@example.com"}"#);
    assert_eq!(status, 201);
    assert!(body.contains("\"id\":1") && head.contains("cache-control: no-store"));
    assert_eq!(request(port, "POST", "/api/v1/users", &[], r#"{"name":"B","email":"ann@example.com"}"#).0, 409);
    assert_eq!(request(port, "GET", "/api/v1/users/1", &[], "").0, 200);
    assert_eq!(request(port, "GET", "/api/v1/users/abc", &[], "").0, 400);
    assert!(request(port, "GET", "/api/v1/users", &[], "").1.contains("x-cache: miss"));
    assert!(request(port, "GET", "/api/v1/users", &[], "").1.contains("x-cache: hit"));
    assert!(request(port, "PUT", "/api/v1/users/1", &[], r#"{"name":"Annie"}"#).2.contains("Annie"));

    let login = request(port, "POST", "/api/v1/sessions", &[], r#"{"user_id":1}"#).2;
    let token = login.split('"').nth(3).expect("a token").to_string();
    let auth = format!("Bearer {}", token);
    assert!(request(port, "GET", "/api/v1/sessions/current", &[("authorization", &auth)], "").2.contains("Annie"));
    for n in 0..5 {
        let event = request(port, "POST", "/api/v1/events", &[("authorization", &auth)], &format!(r#"{{"kind":"click","payload":"{}"}}"#, n));
        assert_eq!(event.0, 201);
    }
    let recent = request(port, "GET", "/api/v1/events/since/4", &[], "").2;
    assert!(recent.contains("\"seq\":5") && !recent.contains("\"seq\":4"));
    assert_eq!(request(port, "POST", "/api/v1/events", &[], r#"{"kind":"x"}"#).0, 401);

    assert_eq!(request(port, "GET", "/admin/metrics", &[], "").0, 401);
    let admin = [("x-admin-token", "secret")];
    assert!(request(port, "GET", "/admin/metrics", &admin, "").2.contains("users_total 1"));
    assert!(request(port, "GET", "/admin/cache", &admin, "").2.contains("\"hits\":1"));
    assert!(request(port, "DELETE", "/admin/cache", &admin, "").2.contains("\"purged\""));
    assert!(request(port, "GET", "/admin/streams", &admin, "").2.contains("{\"buffered\":3,"));
    assert_eq!(request(port, "DELETE", "/api/v1/sessions/current", &[("authorization", &auth)], "").0, 204);
    assert_eq!(request(port, "DELETE", "/api/v1/users/1", &[], "").0, 204);
    assert_eq!(request(port, "GET", "/api/v1/users/1", &[], "").0, 404);

    // SIGINT: ctrl_c resolves, the workers stop, the server drains, exit code 0.
    let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "exit status {:?}: {}", output.status, log);
    assert!(log.contains("shutdown requested") && log.contains("server drained"), "{}", log);
    assert!(log.contains("stopped: 0 sessions reaped"), "{}", log);
    assert!(log.contains("user-service stopped after"), "{}", log);
}
