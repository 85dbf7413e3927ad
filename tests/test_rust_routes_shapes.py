"""Route shapes taken from real actix-web and axum services (fixtures written by us)."""

from __future__ import annotations

from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.model import Route

DATA = Path(__file__).parent / "data" / "rust"


def inventory(path: Path) -> list[Route]:
    return list(analyze([path], Options(use_cache=False)).routes)


def table(path: Path) -> set[tuple[str, str, str, bool]]:
    return {(r.method, r.path, r.handler, r.mounted) for r in inventory(path)}


def test_attribute_handlers_reached_through_glob_and_named_reexports() -> None:
    assert table(DATA / "glob_reexport") == {
        ("GET", "/api/v1/feed", "handlers::feed::get_feed", True),
        ("POST", "/api/v1/feed/invalidate", "handlers::feed::invalidate_feed_cache", True),
        ("GET", "/api/v1/reels", "handlers::reels::get_feed", True),
        ("POST", "/api/v1/reels/{id}/like", "handlers::reels::like_video", True),
        # the attribute repeats the scope's prefix: actix serves both
        ("GET", "/api/v1/api/v1/trending", "handlers::trending::get_trending", True),
        ("GET", "/api/v1/trending/hidden", "handlers::trending::hidden", False),
        ("GET", "/metrics", "<closure at main.rs:11>", True),
    }


def test_closure_handlers_are_named_by_place_not_by_source() -> None:
    (metrics,) = [r for r in inventory(DATA / "glob_reexport") if r.path == "/metrics"]
    assert metrics.endpoint == "<closure at main.rs:11>"
    assert "\n" not in metrics.handler and "html" not in metrics.handler


def test_configure_into_inline_modules_and_helpers_handed_the_service_config() -> None:
    assert table(DATA / "route_helpers") == {
        ("GET", "/users", "list_users", True),  # .configure(routes::users::configure)
        ("GET", "/admin/users", "list_users", True),  # super::users::configure in mod admin
        ("GET", "/health", "ping", True),  # .configure(|cfg| health(cfg, true))
        ("GET", "/ping", "ping", True),
        ("GET", "/api/orders", "api::list_orders", True),  # orders(cfg) inside api::register
        ("GET", "/api/orders/{id}", "api::get_order", True),
        ("GET", "/api/orders/legacy", "HttpResponse::Gone", True),  # a type's, kept as written
        ("GET", "/api/reports", "api::reports::report", True),  # reports::register(cfg, ..)
        ("GET", "/unused", "ping", False),
    }


def test_axum_routers_from_functions_helpers_extension_traits_and_bound_layers() -> None:
    routes = {(r.method, r.path): r for r in inventory(DATA / "axum_helpers")}
    trace, auth = "TraceLayer::new_for_http()", "middleware::from_fn(ext::auth)"
    assert {key: (r.handler, r.mounted, r.middleware) for key, r in routes.items()} == {
        ("GET", "/health"): ("health", True, (trace,)),
        # `let secured = api.layer(..)` then `.nest("/api/v1", secured)`
        ("GET", "/api/v1/messages"): ("list_messages", True, (trace, auth)),
        ("GET", "/api/v1/me"): ("me", True, (trace, auth)),
        ("DELETE", "/api/v1/me"): ("<closure at main.rs:35>", True, (trace, auth)),
        # `with_users(Router::new())`: a function handed a Router adds routes to it
        ("GET", "/v2/users"): ("ext::list_users", True, (trace,)),
        ("GET", "/v2/users/:id"): ("ext::get_user", True, (trace,)),
        # `Router::new().admin_routes()`: an extension-trait method on Router
        ("GET", "/admin/stats"): ("ext::stats", True, (trace,)),
        ("GET", "/admin/unused"): ("ext::stats", False, ()),
        # `.get_route(path, handler)`: a wrapper around `.route(..)`, one route per call
        ("GET", "/public/messages"): ("list_messages", True, (trace,)),
        ("GET", "/stats"): ("ext::stats", True, (trace,)),  # the path from a `const`
        ("GET", "<&dynamic>"): ("health", False, (trace,)),  # merged at no prefix: no "/" added
    }
    wrapped = routes[("GET", "/public/messages")]
    assert (wrapped.file, wrapped.line) == ("src/main.rs", 46)  # the call, not the helper
    assert routes[("GET", "<&dynamic>")].unresolved == "path built at run time from `&dynamic`"
    assert all(not r.unresolved for key, r in routes.items() if key[1] != "<&dynamic>")


def test_computed_prefixes_are_unresolved_and_not_mounted(tmp_path: Path) -> None:
    (tmp_path / "main.rs").write_text(
        'const API: &str = "/api";\n'
        "fn app(prefix: String) {\n"
        "    App::new()\n"
        '        .service(web::scope(API).route("/a", web::get().to(a)))\n'
        '        .service(web::scope(&prefix).route("/b", web::get().to(b)));\n}\n')
    found = {(r.path, r.mounted, r.unresolved) for r in inventory(tmp_path)}
    assert found == {("/api/a", True, ""),
                     ("<&prefix>/b", False, "path built at run time from `&prefix`")}


def test_integration_tests_building_the_app_do_not_list_routes_again(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "pub fn build_router() -> Router {\n    Router::new().route(\"/ws\", get(ws))\n}\n")
    (tmp_path / "src" / "main.rs").write_text(
        "#[tokio::main]\nasync fn main() {\n"
        "    axum::serve(listener, my_crate::build_router()).await.unwrap();\n}\n")
    for name in ("a", "b", "c"):
        (tmp_path / "tests" / f"{name}.rs").write_text(
            "async fn start_app() {\n"
            "    let app = my_crate::build_router().with_state(state);\n}\n")
    routes = inventory(tmp_path)
    assert [(r.method, r.path, r.mounted) for r in routes] == [("GET", "/ws", True)]


def test_registrations_under_if_else_and_match_carry_their_condition(tmp_path: Path) -> None:
    (tmp_path / "main.rs").write_text("""\
fn auth(cfg: &mut web::ServiceConfig, reset: bool) {
    cfg.route("/login", web::post().to(login));
    if reset {
        cfg.route("/reset", web::post().to(reset_password));
    } else {
        cfg.route("/reset", web::post().to(HttpResponse::NotFound));
    }
}

fn debug(cfg: &mut web::ServiceConfig) {
    cfg.route("/debug", web::get().to(dump));
}

fn app(mode: Mode) {
    App::new().configure(|cfg| auth(cfg, true)).configure(|cfg| {
        match mode {
            Mode::Dev => debug(cfg),
            Mode::Prod => {}
        }
    });
}
""")
    found = {(r.path, r.handler, r.condition, r.mounted) for r in inventory(tmp_path)}
    assert found == {
        ("/login", "login", "", True),
        ("/reset", "reset_password", "reset", True),
        ("/reset", "HttpResponse::NotFound", "not (reset)", True),
        ("/debug", "dump", "match mode: Mode::Dev", True),
    }


def test_shadowed_bindings_and_a_prefix_chosen_by_if(tmp_path: Path) -> None:
    (tmp_path / "main.rs").write_text("""\
fn router(path: &str) -> Router {
    let api = Router::new().route("/me", get(me));
    let api = api.layer(auth_layer());
    let routes = Router::new().route("/health", get(health)).merge(api);
    let routes = if path.is_empty() {
        routes
    } else {
        Router::new().nest(path, routes)
    };
    routes.with_state(state)
}

#[tokio::main]
async fn main() {
    axum::serve(listener, router(&settings.path)).await.unwrap();
}
""")
    found = {(r.path, r.mounted, r.condition, r.unresolved, r.middleware)
             for r in inventory(tmp_path)}
    computed = "path built at run time from `path`"
    assert found == {
        ("/health", True, "path.is_empty()", "", ()),
        ("/me", True, "path.is_empty()", "", ("auth_layer()",)),
        ("<path>/health", False, "not (path.is_empty())", computed, ()),
        ("<path>/me", False, "not (path.is_empty())", computed, ("auth_layer()",)),
    }


def test_a_router_builder_nothing_calls_is_not_mounted(tmp_path: Path) -> None:
    (tmp_path / "main.rs").write_text("""\
fn legacy_router() -> Router {
    Router::new().route("/legacy", get(old))
}

fn api() -> Router<AppState> {
    Router::new().route("/items", get(items))
}

#[tokio::main]
async fn main() {
    let app = api().with_state(state);
    axum::serve(listener, app).await.unwrap();
}
""")
    found = {(r.path, r.mounted) for r in inventory(tmp_path)}
    assert found == {("/legacy", False), ("/items", True)}


def test_app_bound_with_let_mounts_configure_of_other_workspace_crates() -> None:
    # Lemmy's shape: `let app = App::new().wrap(..); app.configure(..)` in the server closure
    assert {(m, p, h, mounted, c) for m, p, h, mounted, c in (
        (r.method, r.path, r.handler, r.mounted, r.condition)
        for r in inventory(DATA / "bound_app"))} == {
        ("GET", "/sitemap.xml", "sitemap", True, ""),
        ("GET", "/api/v4/site", "get_site", True, ""),  # |cfg| api_routes::config(cfg, &limit)
        ("POST", "/api/v4/post", "create_post", True, ""),  # resource("/post").route(post()..)
        ("GET", "/api/v4/post", "get_post", True, ""),
        ("GET", "/feeds/all.xml", "feeds::all_feed", True, ""),  # .configure(feeds::config)
        # web::redirect(from, to) answers any method
        ("*", "/feeds/inbox.xml", "<redirect to /feeds/all.xml>", True, ""),
        # actix-web inserts the leading slash the registration left out
        ("GET", "/.well-known/webfinger", "webfinger::finger", True, "federation"),
    }
