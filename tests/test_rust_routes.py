"""Route inventories of real actix-web and axum code, across files and crates."""

from __future__ import annotations

from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.model import Route

DATA = Path(__file__).parent / "data" / "rust"


def inventory(path: Path) -> list[Route]:
    return list(analyze([path], Options(use_cache=False)).routes)


def rows(routes: list[Route]) -> set[tuple[str, str, str, int, tuple[str, ...], bool]]:
    return {(r.method, r.path, r.handler, r.line, r.middleware, r.mounted) for r in routes}


def test_actix_web_builder_scopes_resources_attributes_and_configure() -> None:
    log, admin = "Logger::default()", 'Logger::new("%a")'
    assert rows(inventory(DATA / "actix_app.rs")) == {
        ("GET", "/health", "actix_app::health", 8, (log,), True),
        ("POST", "/api/echo", "actix_app::echo", 13, (log,), True),
        ("GET", "/api/users", "actix_app::list_users", 54, (log,), True),
        ("GET", "/api/users/{id}", "actix_app::get_user", 57, (log,), True),
        ("DELETE", "/api/users/{id}", "actix_app::delete_user", 58, (log,), True),
        ("GET", "/admin/stats", "actix_app::stats", 35, (log, admin), True),
        ("DELETE", "/admin/stats", "actix_app::reset", 36, (log, admin), True),
    }


def test_axum_router_nest_merge_layer_and_method_routers() -> None:
    trace = "TraceLayer::new_for_http()"
    admin = "middleware::from_fn(require_admin)"
    assert rows(inventory(DATA / "axum_app.rs")) == {
        ("GET", "/health", "axum_app::health", 56, (trace,), True),
        ("GET", "/api/v1/items", "axum_app::list_items", 47, (trace,), True),
        ("POST", "/api/v1/items", "axum_app::add_item", 47, (trace,), True),
        ("GET", "/api/v1/items/:id", "axum_app::get_item", 48, (trace,), True),
        ("GET", "/api/v1/admin/stats", "axum_app::health", 42, (trace, admin), True),
        ("GET", "/version", "axum_app::health", 58, (trace,), True),
    }
    assert {r.framework for r in inventory(DATA / "axum_app.rs")} == {"axum"}


def test_routes_mounted_from_another_module_and_crate() -> None:
    routes = inventory(DATA / "ws")
    assert {(r.method, r.path, r.handler, r.file, r.mounted) for r in routes} == {
        ("GET", "/orders/{id}", "handlers::orders::get_order",
         "crates/api/src/handlers/orders.rs", True),
        ("GET", "/admin/orders", "handlers::orders::list_orders",
         "crates/api/src/handlers/mod.rs", True),
    }


def test_unregistered_attribute_handler_is_not_mounted(tmp_path: Path) -> None:
    code = '#[post("/orphan")]\nasync fn orphan() -> String { todo!() }\n'
    (tmp_path / "lib.rs").write_text(code)
    (route,) = inventory(tmp_path)
    assert (route.method, route.path, route.mounted) == ("POST", "/orphan", False)


def test_test_modules_register_no_routes(tmp_path: Path) -> None:
    (tmp_path / "lib.rs").write_text(
        "#[cfg(test)]\nmod tests {\n"
        "    fn app() { App::new().route(\"/t\", web::get().to(h)); }\n}\n"
    )
    assert inventory(tmp_path) == []


def test_routers_bound_to_a_name_are_built_where_they_are_mounted(tmp_path: Path) -> None:
    (tmp_path / "main.rs").write_text("""\
#[tokio::main]
async fn main() {
    let api = Router::new().route("/items", get(list));
    let app = Router::new().route("/", get(root)).nest("/api", api);
    axum::serve(listener, app).await.unwrap();
}

fn actix() {
    let users = web::scope("/users").route("/{id}", web::get().to(user));
    HttpServer::new(move || App::new().service(users.clone()).service(web::scope("/v1")));
}
""")
    found = {(r.method, r.path, r.handler) for r in inventory(tmp_path)}
    assert ("GET", "/", "root") in found and ("GET", "/api/items", "list") in found
    assert ("GET", "/items", "list") not in found
    assert ("GET", "/users/{id}", "user") in found


def test_routes_command_on_rust_json() -> None:
    import json

    from typer.testing import CliRunner

    from nova_refactor.cli.app import app

    result = CliRunner().invoke(app, ["routes", str(DATA / "axum_app.rs"), "--no-cache",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    routes = data["routes"] if isinstance(data, dict) else data
    nested = next(r for r in routes if r["path"] == "/api/v1/admin/stats")
    assert nested["framework"] == "axum"
    assert nested["middleware"] == ["TraceLayer::new_for_http()",
                                    "middleware::from_fn(require_admin)"]


def test_a_module_reaches_handlers_through_its_own_use_items(tmp_path: Path) -> None:
    """The split's `routes.rs` gets `use svc::handlers::{self, ..}` (the lib crate's module,
    not one beside it): `.service(handlers::get_feed)` is the attribute route all the same."""
    (tmp_path / "Cargo.toml").write_text(
        '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n'
        '[lib]\npath = "src/lib.rs"\n[[bin]]\nname = "svc"\npath = "src/main.rs"\n')
    src = tmp_path / "src"
    (src / "handlers").mkdir(parents=True)
    (src / "lib.rs").write_text("pub mod handlers;\n")
    (src / "handlers" / "mod.rs").write_text("mod feed;\npub use feed::*;\n")
    (src / "handlers" / "feed.rs").write_text(
        '#[get("/feed")]\npub async fn get_feed() -> &\'static str { "" }\n')
    (src / "routes.rs").write_text(
        "use actix_web::web;\nuse svc::handlers::{self};\n\n"
        "pub(crate) fn configure(cfg: &mut web::ServiceConfig) {\n"
        '    cfg.service(web::scope("/api").service(handlers::get_feed));\n}\n')
    (src / "main.rs").write_text(
        "mod routes;\nuse actix_web::{App, HttpServer};\n\n#[actix_web::main]\n"
        "async fn main() -> std::io::Result<()> {\n"
        "    HttpServer::new(|| App::new().configure(|cfg| routes::configure(cfg)))\n"
        '        .bind("0.0.0.0:8080")?.run().await\n}\n')
    found = {(r.method, r.path, r.mounted) for r in inventory(tmp_path)}
    assert found == {("GET", "/api/feed", True)}
