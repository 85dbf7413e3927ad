//! The handlers and middleware in an `App` built like main's, driven by `actix_web::test`.

use std::sync::Arc;
use std::time::Duration;

use actix_web::middleware::from_fn;
use actix_web::{test, web, App};
use serde_json::{json, Value};

use super::{admin, health, no_store, require_admin, sessions, streams, users};
use crate::cache::ResponseCache;
use crate::config::Config;
use crate::db::DbPool;
use crate::services::metrics::MetricsService;
use crate::services::sessions::SessionService;
use crate::services::streams::StreamService;
use crate::services::users::UserService;

fn config() -> Config {
    let mut config = Config::from_env().expect("defaults are valid");
    config.admin_token = "secret".into();
    config
}

macro_rules! app {
    () => {{
        let pool = DbPool::connect("memory://test", 2).unwrap();
        let cache = ResponseCache::new(Duration::from_secs(30));
        App::new()
            .app_data(web::Data::new(config()))
            .app_data(web::Data::new(pool.clone()))
            .app_data(web::Data::new(cache.clone()))
            .app_data(web::Data::from(Arc::new(UserService::new(pool.clone(), cache))))
            .app_data(web::Data::new(SessionService::new(Duration::from_secs(60))))
            .app_data(web::Data::new(StreamService::new(2, pool)))
            .app_data(web::Data::new(MetricsService::new()))
            .route("/health", web::get().to(health::health))
            .route("/ready", web::get().to(health::readiness))
            .service(
                web::scope("/api/v1")
                    .wrap(from_fn(no_store))
                    .route("/users", web::get().to(users::list_users))
                    .route("/users", web::post().to(users::create_user))
                    .route("/users/{id}", web::get().to(users::get_user))
                    .route("/users/{id}", web::put().to(users::update_user))
                    .route("/users/{id}", web::delete().to(users::delete_user))
                    .route("/sessions", web::post().to(sessions::login))
                    .route("/sessions/current", web::get().to(sessions::whoami))
                    .route("/events", web::post().to(streams::publish_event))
                    .route("/events/since/{seq}", web::get().to(streams::recent_events)),
            )
            .service(web::scope("/admin").configure(admin::configure).wrap(from_fn(require_admin)))
    }};
}

#[actix_web::test]
async fn probes_answer() {
    let app = test::init_service(app!()).await;
    let health: Value = test::call_and_read_body_json(&app, test::TestRequest::get().uri("/health").to_request()).await;
    assert_eq!(health, json!({ "status": "ok" }));
    let ready: Value = test::call_and_read_body_json(&app, test::TestRequest::get().uri("/ready").to_request()).await;
    assert_eq!(ready, json!({ "ready": true, "idle": 2 }));
}

#[actix_web::test]
async fn users_crud_with_cache_and_errors() {
    let app = test::init_service(app!()).await;
    let create = test::TestRequest::post().uri("/api/v1/users").set_json(json!({ "name": "Ann", "email": "ann@example.com" }));
    let res = test::call_service(&app, create.to_request()).await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers().get("cache-control").unwrap(), "no-store");
    let again = test::TestRequest::post().uri("/api/v1/users").set_json(json!({ "name": "B", "email": "ann@example.com" }));
    assert_eq!(test::call_service(&app, again.to_request()).await.status(), 409);
    let list = || test::TestRequest::get().uri("/api/v1/users").to_request();
    assert_eq!(test::call_service(&app, list()).await.headers().get("x-cache").unwrap(), "miss");
    assert_eq!(test::call_service(&app, list()).await.headers().get("x-cache").unwrap(), "hit");
    let patch = test::TestRequest::put().uri("/api/v1/users/1").set_json(json!({ "active": false }));
    let patched: Value = test::call_and_read_body_json(&app, patch.to_request()).await;
    assert_eq!(patched["active"], json!(false));
    let delete = test::TestRequest::delete().uri("/api/v1/users/1").to_request();
    assert_eq!(test::call_service(&app, delete).await.status(), 204);
    let missing = test::TestRequest::get().uri("/api/v1/users/1").to_request();
    assert_eq!(test::call_service(&app, missing).await.status(), 404);
}

#[actix_web::test]
async fn sessions_guard_the_event_stream() {
    let app = test::init_service(app!()).await;
    let create = test::TestRequest::post().uri("/api/v1/users").set_json(json!({ "name": "Ann", "email": "a@x.org" }));
    test::call_service(&app, create.to_request()).await;
    let login = test::TestRequest::post().uri("/api/v1/sessions").set_json(json!({ "user_id": 1 }));
    let token: Value = test::call_and_read_body_json(&app, login.to_request()).await;
    let auth = ("authorization", format!("Bearer {}", token["token"].as_str().unwrap()));
    let me = test::TestRequest::get().uri("/api/v1/sessions/current").insert_header(auth.clone());
    let me: Value = test::call_and_read_body_json(&app, me.to_request()).await;
    assert_eq!(me["name"], json!("Ann"));
    let anonymous = test::TestRequest::post().uri("/api/v1/events").set_json(json!({ "kind": "click" }));
    assert_eq!(test::call_service(&app, anonymous.to_request()).await.status(), 401);
    for n in 0..3 {
        let event = test::TestRequest::post().uri("/api/v1/events").insert_header(auth.clone());
        let res = test::call_service(&app, event.set_json(json!({ "kind": "click", "payload": n.to_string() })).to_request()).await;
        assert_eq!(res.status(), 201);
    }
    let recent: Value = test::call_and_read_body_json(&app, test::TestRequest::get().uri("/api/v1/events/since/3").to_request()).await;
    assert_eq!(recent.as_array().map(Vec::len), Some(1)); // capacity 2: the oldest events were dropped
}

#[actix_web::test]
async fn admin_scope_needs_the_token() {
    let app = test::init_service(app!()).await;
    let anonymous = test::TestRequest::get().uri("/admin/metrics").to_request();
    assert_eq!(test::call_service(&app, anonymous).await.status(), 401);
    let stats = test::TestRequest::get().uri("/admin/streams").insert_header(("x-admin-token", "secret"));
    let stats: Value = test::call_and_read_body_json(&app, stats.to_request()).await;
    assert_eq!(stats, json!({ "buffered": 0, "last_seq": 0, "dropped": 0 }));
    let metrics = test::TestRequest::get().uri("/admin/metrics").insert_header(("x-admin-token", "secret"));
    let text = test::call_and_read_body(&app, metrics.to_request()).await;
    assert!(String::from_utf8_lossy(&text).contains("users_total 0"));
}
