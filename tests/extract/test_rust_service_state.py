"""The state and middleware a service's binary takes from the monolith's `main`
(rust_service_state, rust_service_names, rust_service_layers), on small `main.rs` texts: the
backward slice, what resolves from the new crate, what blocks and where, the middleware around
the owned routes. The examples' whole runs, over HTTP, are in test_rust_services and
test_rust_axum_service."""

from __future__ import annotations

from pathlib import Path

from nova_refactor.codemods.extract import rust_service_inline as inline
from nova_refactor.codemods.extract import rust_service_layers as layers
from nova_refactor.codemods.extract import rust_service_state as state
from nova_refactor.codemods.extract.rust_service_names import Scope, main_imports
from nova_refactor.frontends.rust.syntax import parse

ACTIX = b"""mod config;
mod handlers;
mod services;

use std::sync::Arc;

use actix_web::middleware::DefaultHeaders;
use actix_web::{web, App, HttpServer};

use crate::config::Config;
use crate::services::audit::AuditLog;
use crate::services::users::UserService;

fn token() -> String {
    "t".into()
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    // the configuration first
    let config = Config::from_env();
    let mut origins = Vec::new();
    origins.push(config.origin.clone());
    let users = Arc::new(UserService::new(config.clone(), origins));
    let audit = AuditLog::new(token());
    let started = std::time::Instant::now();
    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::from(users.clone()))
            .app_data(web::Data::new(audit.clone()))
            .wrap(DefaultHeaders::new().add(("x-service", "users")))
            .service(
                web::scope("/api")
                    .wrap(handlers::authenticate())
                    .app_data(web::Data::new(started))
                    .route("/users", web::get().to(handlers::users::list))
                    .service(web::scope("/admin").wrap(DefaultHeaders::new())
                        .route("/x", web::get().to(handlers::users::x))),
            )
    })
    .bind("127.0.0.1:8080")?
    .run()
    .await
}
"""

AXUM = b"""use axum::Router;

fn main() {
    let state = AppState::new();
    let users = Router::new().route("/{id}", get(h::one)).route_layer(Auth::new());
    let api = Router::new().nest("/users", users).layer(Trace::new());
    let app = Router::new()
        .route("/health", get(h::health))
        .nest("/api", api)
        .layer(Compression::new())
        .with_state(state);
}
"""


def _scope(tree_root) -> Scope:  # type: ignore[no-untyped-def]
    owners = {("config",): ("shared", "src/config.rs"),
              ("services", "users"): ("users", "src/services/users.rs"),
              ("services", "audit"): ("audit", "src/services/audit.rs"),
              ("handlers",): ("entrypoint", "src/handlers/mod.rs")}
    return Scope(owners, "users", "users_service", "user_common", frozenset(),
                 frozenset({"actix_web"}), main_imports(tree_root))


def _crate(folder: Path, main: bytes, **others: str) -> Path:
    """A crate of `src/main.rs` and `others` (`routes="..."` is src/routes.rs)."""
    (folder / "src").mkdir(parents=True, exist_ok=True)
    (folder / "Cargo.toml").write_text('[package]\nname = "users"\nversion = "0.1.0"\n')
    (folder / "src/main.rs").write_bytes(main)
    for name, body in others.items():
        (folder / "src" / f"{name}.rs").write_text(body)
    return folder


def _wired(folder: Path, needed: set[str], owned: list[str], framework: str = "actix_web",
           scope=None) -> state.Wiring:  # type: ignore[no-untyped-def]
    """What extract-service's binary takes of the crate's main, as rust_service reads it: the
    route facts of the owned routes (GET), their nodes found again in main as inlined."""
    read = inline.source(folder)
    root = parse(read.text).root_node
    scope = scope(root) if scope is not None else _scope(root)
    scope.imports = read.imports
    found = layers.owned_layers(folder, [("GET", path) for path in owned])
    sites = layers.Sites(folder, layers.Site(root, read.where, None), read.origin,
                         inline.file_imports)
    return state.wire(state.Main(root, read.where), scope, needed, framework, found, sites)


def _wire(folder: Path, needed: set[str], owned: list[str]) -> state.Wiring:
    return _wired(_crate(folder, ACTIX), needed, owned)


def test_the_slice_builds_what_the_handlers_extract_with_its_mutations_and_imports(
        tmp_path) -> None:  # type: ignore[no-untyped-def]
    wiring = _wire(tmp_path, {"UserService"}, ["/api/users"])
    assert not wiring.blocked
    assert wiring.setup == (
        "    // the configuration first\n    let config = Config::from_env();\n"
        "    let mut origins = Vec::new();\n    origins.push(config.origin.clone());\n"
        "    let users = Arc::new(UserService::new(config.clone(), origins));\n"
        "    let started = std::time::Instant::now();\n")
    # the /api scope's app_data is around the owned route: registered too
    assert wiring.registrations == [".app_data(web::Data::from(users.clone()))",
                                    ".app_data(web::Data::new(started))"]
    assert wiring.uses == ["use actix_web::middleware::DefaultHeaders;",
                           "use actix_web::web;", "use std::sync::Arc;",
                           "use user_common::config::Config;",
                           "use users_service::services::users::UserService;"]
    # AuditLog is another service's and reads an item of main.rs: left out, and said why
    assert any(n.startswith("not registered: .app_data(web::Data::new(audit.clone())) "
                            "(src/main.rs:30) needs src/main.rs:25 (let audit) reads ")
               for n in wiring.notes)


def test_middleware_around_every_owned_route_is_carried_the_rest_is_named(tmp_path) -> None:
    wiring = _wire(tmp_path, {"UserService"}, ["/api/users", "/api/admin/x"])
    # App-level DefaultHeaders resolves (actix_web); the /api scope's reads crate::handlers
    assert wiring.layers == ['.wrap(DefaultHeaders::new().add(("x-service", "users")))']
    assert "middleware not carried: .wrap(handlers::authenticate()) (src/main.rs:34) needs " \
           "handlers = crate::handlers (src/handlers/mod.rs, in the monolith)" in wiring.notes
    assert "middleware not carried: .wrap(..) (src/main.rs:37) wraps /api/admin/x but not " \
           "every route the service owns" in wiring.notes


def test_a_needed_registration_that_reads_the_monolith_blocks_the_binary(tmp_path) -> None:
    wiring = _wire(tmp_path, {"UserService", "AuditLog"}, ["/api/users"])
    assert wiring.blocked == [
        "AuditLog: .app_data(web::Data::new(audit.clone())) (src/main.rs:30) needs "
        "src/main.rs:25 (let audit) reads AuditLog = crate::services::audit::AuditLog "
        "(src/services/audit.rs, in the monolith); src/main.rs:25 (let audit) reads token (an "
        "item of main.rs or not imported there)"]
    assert wiring.setup == "" and wiring.registrations == [] and wiring.carried == []
    # what to move so that the binary can build it, per monolith file
    assert "to build AuditLog (.app_data(web::Data::new(audit.clone())) (src/main.rs:30)): " \
           "move to the shared library src/services/audit.rs (AuditLog); write in the bin " \
           "what main.rs has itself: token" in wiring.notes
    missing = _wire(tmp_path, {"Mailer"}, ["/api/users"]).blocked
    assert missing == ["Mailer: src/main.rs registers no value of it that the service can "
                       "build"]


def test_axum_layers_wrap_what_their_router_holds_outermost_first(tmp_path) -> None:
    found = layers.owned_layers(_crate(tmp_path, AXUM), [
        ("GET", "/api/users/{id}"), ("GET", "/health"), ("GET", "/nowhere")])
    assert [(m.call, m.code) for m in found["/api/users/{id}"] or ()] == [
        ("with_state", "state"), ("layer", "Compression::new()"), ("layer", "Trace::new()"),
        ("route_layer", "Auth::new()")]
    assert [(m.call, m.code) for m in found["/health"] or ()] == [
        ("with_state", "state"), ("layer", "Compression::new()")]
    assert found["/nowhere"] is None
    notes: list[str] = []
    # the state and the layer around both served routes; the rest wraps one only: named
    assert [m.code for m in layers.around(found, notes)] == ["state", "Compression::new()"]
    assert notes == [
        "route /nowhere: not found in the route inventory of the monolith's src/; its "
        "middleware is not known",
        "middleware not carried: .layer(..) (src/main.rs:6) wraps /api/users/{id} but not "
        "every route the service owns",
        "middleware not carried: .route_layer(..) (src/main.rs:5) wraps /api/users/{id} but "
        "not every route the service owns"]


def test_the_binary_repeats_the_slice_or_stops_at_start_naming_what_blocks(tmp_path) -> None:
    from nova_refactor.codemods.extract import rust_service_bins as bins
    from nova_refactor.codemods.extract.rust_service import service_crate
    from nova_refactor.codemods.extract.rust_service_files import OwnedRoute

    crate = service_crate("users")
    routes = [OwnedRoute("GET", "/api/users", "crate::handlers::users::list", "users::list")]
    served = bins.actix_main(crate, routes, _wire(tmp_path, {"UserService"}, ["/api/users"]))
    assert "    let users = Arc::new(UserService::new(config.clone(), origins));\n" in served
    assert "            .app_data(web::Data::from(users.clone()))\n" \
           "            .app_data(web::Data::new(started))\n" \
           '            .wrap(DefaultHeaders::new().add(("x-service", "users")))\n' \
           "            .configure(users_service::routes::configure)\n" in served
    assert "async fn main() -> std::io::Result<()> {" in served and "exit(2)" not in served
    stopped = bins.actix_main(crate, routes, _wire(tmp_path, {"AuditLog"}, ["/api/users"]))
    assert "//! - AuditLog: .app_data(web::Data::new(audit.clone())) (src/main.rs:30)" in stopped
    assert "std::process::exit(2);" in stopped and "HttpServer" not in stopped


SPLIT_MAIN = """mod app_state;
mod routes;

use actix_web::{App, HttpServer};

use crate::config::Config;

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let config = Config::from_env();
    let app_state::AppState { users, jobs: workers, .. } =
        app_state::AppState::init(&config).await?;
    HttpServer::new(move || {
        App::new()
            .configure(|cfg| routes::configure(cfg, &config, &users))
    })
    .bind("127.0.0.1:8080")?
    .run()
    .await
}
"""
SPLIT_STATE = """use std::sync::Arc;

use crate::config::Config;
use crate::services::users::UserService;

pub(crate) struct AppState {
    pub(crate) users: Arc<UserService>,
}

impl AppState {
    pub(crate) async fn init(config: &Config) -> std::io::Result<Self> {
        let users = Arc::new(UserService::new(config.clone()));
        let spawned = 3;
        Ok(Self { users, jobs: spawned })
    }
}
"""
SPLIT_ROUTES = """use actix_web::web;

pub(crate) fn configure(cfg: &mut web::ServiceConfig, config: &Config, users: &Arc<UserService>) {
    cfg.app_data(web::Data::new(config.clone()))
        .app_data(web::Data::from(users.clone()))
        .route("/users", web::get().to(handlers::users::list));
}
"""


def test_after_split_entrypoint_init_and_configure_are_read_where_they_are_written(
        tmp_path) -> None:  # type: ignore[no-untyped-def]
    from nova_refactor.codemods.extract import rust_service_inline as inline

    _crate(tmp_path, SPLIT_MAIN.encode(), app_state=SPLIT_STATE, routes=SPLIT_ROUTES)
    read = inline.source(tmp_path)
    wiring = _wired(tmp_path, {"UserService"}, ["/users"])
    assert not wiring.blocked
    assert wiring.setup == ("    let config = Config::from_env();\n"
                            "    let users = Arc::new(UserService::new(config.clone()));\n")
    assert wiring.carried == [".app_data(web::Data::new(config.clone())) (src/routes.rs:4)",
                              ".app_data(web::Data::from(users.clone())) (src/routes.rs:5)"]
    assert "use users_service::services::users::UserService;" in wiring.uses
    # a field bound under another name is read from init's expression
    assert "    let workers = spawned;\n" in read.text.decode()


def test_a_type_not_read_from_its_constructor_is_assumed_among_the_carried_ones(tmp_path):
    assert state.needed_data("s: web::Data<Arc<ExperimentState>>, p: Data<PgPool>") == {
        "ExperimentState", "PgPool"}
    text = ACTIX.replace(b"let started = std::time::Instant::now();",
                         b"let started = actix_web::rt::pool(4);")
    wiring = _wired(_crate(tmp_path, text), {"UserService", "PgPool"}, ["/api/users"])
    assert not wiring.blocked
    assert "PgPool: no registration of main is seen to build it; assumed among those of a " \
           "type not read here" in wiring.notes


FEED = b"""use actix_web::{web, App, HttpServer};

use crate::cache::FeedCache;
use crate::config::Config;
use crate::db::create_pool;
use crate::handlers::feed::FeedState;

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let config = Config::from_env();
    let pool = create_pool(&config.url).await;
    let db_pool = create_pool(&config.url).await;
    let feed_state = web::Data::new(FeedState {
        cache: FeedCache::new(pool.clone()),
    });
    HttpServer::new(move || {
        let feed_state = feed_state.clone();
        App::new()
            .app_data(web::Data::new(db_pool.clone()))
            .app_data(feed_state.clone())
            .service(handlers::feed::get_feed)
    })
    .bind("127.0.0.1:8080")?
    .run()
    .await
}
"""


def test_a_data_bound_before_the_app_is_the_state_it_registers_and_its_reads_are_named(
        tmp_path):  # type: ignore[no-untyped-def]
    """Nova's feed: `let feed_state = web::Data::new(FeedHandlerState { .. })`, registered as
    `.app_data(feed_state.clone())`: the registration provides FeedHandlerState, and the plan
    names each monolith file its slice reads, to move to the shared library."""
    owners = {("config",): ("users", "src/config.rs"), ("cache",): ("users", "src/cache.rs"),
              ("db",): ("entrypoint", "src/db/mod.rs"),
              ("handlers", "feed"): ("feed", "src/handlers/feed.rs")}
    handlers = '#[actix_web::get("/feed")]\nasync fn get_feed() -> &\'static str { "" }\n'
    folder = _crate(tmp_path, FEED.replace(b"use actix_web", b"mod handlers; use actix_web"))
    (folder / "src/handlers").mkdir()
    (folder / "src/handlers/feed.rs").write_text(handlers)
    (folder / "src/handlers/mod.rs").write_text("pub mod feed;\n")
    wiring = _wired(folder, {"FeedState", "PgPool"}, ["/feed"], scope=lambda root: Scope(
        owners, "feed", "feed_service", "user_common", frozenset(), frozenset({"actix_web"}),
        main_imports(root)))
    assert [b.split(" needs ")[0] for b in wiring.blocked] == [
        "FeedState: .app_data(feed_state.clone()) (src/main.rs:20)",
        # a value whose type is not read (create_pool): the refused one named like the type
        "PgPool: src/main.rs registers no value of it that the service can build; by its "
        "name maybe .app_data(web::Data::new(db_pool.clone())) (src/main.rs:19): to build it, "
        "move to the shared library src/config.rs (Config), src/db/mod.rs (create_pool)"]
    assert "to build FeedState (.app_data(feed_state.clone()) (src/main.rs:20)): move to the " \
           "shared library src/cache.rs (FeedCache), src/config.rs (Config), src/db/mod.rs " \
           "(create_pool)" in wiring.notes


def test_with_a_registration_refused_a_type_not_read_is_matched_by_its_binding_name(
        tmp_path):  # type: ignore[no-untyped-def]
    """Nova's identity: `Data<Config>` from `.app_data(web::Data::new(server_config.clone()))`
    (carried) while `db_pool`'s was refused: Config is assumed by its name, PgPool blocks and
    says which registration and what to move; a type no binding is named like blocks."""
    text = ACTIX.replace(b"let started = std::time::Instant::now();",
                         b"let started = actix_web::rt::pool(4);\n    let mailer = token();")
    text = text.replace(b".app_data(web::Data::new(audit.clone()))",
                        b".app_data(web::Data::new(audit.clone()))\n"
                        b"            .app_data(web::Data::new(mailer.clone()))")
    wiring = _wired(_crate(tmp_path, text), {"UserService", "StartedAt", "Mailer", "PgPool"},
                    ["/api/users"])
    assert "StartedAt: assumed to be .app_data(web::Data::new(started)) (src/main.rs:37), a " \
           "registration of a type not read here, by its name" in wiring.notes
    assert wiring.blocked == [
        "Mailer: src/main.rs registers no value of it that the service can build; by its name "
        "maybe .app_data(web::Data::new(mailer.clone())) (src/main.rs:32): to build it, write "
        "in the bin what main.rs has itself: token",
        "PgPool: src/main.rs registers no value of it that the service can build"]
