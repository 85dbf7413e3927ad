"""routes.rs within the plan's file-size limit, for axum: when the generated routes.rs would
pass it, each domain nest (`/posts`, `/users`, `/admin`; not the versioning nest `/api/v1`,
whose children are the domains) gets its own `routes/<domain>.rs` with a
`fn router(..) -> Router<S>`, mounted in place. On examples/rust_axum (axum 0.8) with the limit
lowered so that its routes.rs passes it: the same route inventory, middleware included,
`cargo check` and the crate's own tests pass."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nova_refactor.codemods import runner
from nova_refactor.codemods.protocol import Proposal
from nova_refactor.codemods.rust import route_scopes, router_nests
from tests.cargo_helpers import cargo_env
from tests.helpers import propose

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "rust_axum"


def _split(tmp_path: Path, monkeypatch) -> Proposal:
    monkeypatch.setattr(route_scopes, "ROUTES_LINES", 20)
    crate = tmp_path / "feed-service"
    shutil.copytree(EXAMPLE, crate, ignore=shutil.ignore_patterns("target"))
    return propose("split-entrypoint", crate)


def test_domain_nests_get_a_module_each(tmp_path, monkeypatch) -> None:
    proposal = _split(tmp_path, monkeypatch)
    texts = {c.path: c.after.decode() for c in proposal.changeset.changes}
    # `admin` is named in routes.rs already (`use crate::handlers::{admin, ..}`)
    assert {"src/routes/posts.rs", "src/routes/users.rs", "src/routes/admin_routes.rs"} \
        <= set(texts)
    assert "src/routes/api_v1.rs" not in texts  # a versioning nest: its children are domains
    routes = texts["src/routes.rs"]
    assert "mod posts;" in routes and "mod admin_routes;" in routes
    # mounted where the nests were, the bindings that held the routers gone
    assert '.nest("/posts", posts::router())' in routes
    assert '.nest("/admin", admin_routes::router(state.clone()))' in routes
    assert "let post_router" not in routes and "let admin_router" not in routes
    assert '.nest("/api/v1", api)' in routes
    admin = texts["src/routes/admin_routes.rs"]
    assert "pub(crate) fn router(state: AppState) -> Router<AppState> {" in admin
    assert "handlers::require_admin" in admin and "use crate::state::AppState;" in admin
    posts = texts["src/routes/posts.rs"]
    assert "pub(crate) fn router() -> Router<AppState> {" in posts
    assert "use crate::handlers::posts as post_routes;" in posts
    assert any("3 domain nests get a module each" in n for n in proposal.plan.notes)


def test_within_the_limit_routes_rs_stays_one_file(tmp_path) -> None:
    crate = tmp_path / "feed-service"
    shutil.copytree(EXAMPLE, crate, ignore=shutil.ignore_patterns("target"))
    paths = {c.path for c in propose("split-entrypoint", crate).changeset.changes}
    assert not any(p.startswith("src/routes/") for p in paths)


ROUTES = """use axum::Router;

pub(crate) fn router(state: AppState, limits: &Limits) -> Router {
    let window = limits.window;
    let throttled = Router::new().route("/", get(list)).layer(window);
    Router::new()
        .nest("/reports", Router::new()
            .route("/daily", get(daily))
            .nest("/{id}/parts", Router::new().route("/", get(parts))))
        .nest("/throttled", throttled)
        .nest("/v2", Router::new().route("/ping", get(ping)))
        .with_state(STATE)
}
"""


def _nests(monkeypatch, routes: str) -> tuple[str, list[route_scopes.ScopeModule]]:
    monkeypatch.setattr(route_scopes, "ROUTES_LINES", 5)
    found = router_nests.split_nests(routes)
    assert found is not None
    return found


def test_an_inline_nest_moves_with_the_nests_inside_it(monkeypatch) -> None:
    routes, modules = _nests(monkeypatch, ROUTES.replace("STATE", "state"))
    assert [m.name for m in modules] == ["reports"]  # /v2 versions, `throttled` reads `window`
    assert '.nest("/reports", reports::router())' in routes
    code = modules[0].code
    assert "pub(crate) fn router() -> Router<AppState> {" in code
    assert '.nest("/{id}/parts", Router::new().route("/", get(parts)))' in code
    # a router that reads another local binding stays: that binding's type is not known here
    assert '.nest("/throttled", throttled)' in routes and "let throttled" in routes


def test_the_state_type_comes_from_with_state_or_the_return_type(monkeypatch) -> None:
    with pytest.raises(router_nests.UnknownState, match="with_state"):
        _nests(monkeypatch, ROUTES.replace("STATE", "Arc::new(state)"))
    returned = ROUTES.replace("        .with_state(STATE)\n", "").replace(
        "-> Router {", "-> Router<Shared> {")
    assert "-> Router<Shared> {" in _nests(monkeypatch, returned)[1][0].code
    stateless = ROUTES.replace("        .with_state(STATE)\n", "")
    assert "pub(crate) fn router() -> Router {" in _nests(monkeypatch, stateless)[1][0].code


@pytest.mark.slow
def test_nested_routers_compile_and_pass_the_crates_tests(tmp_path, monkeypatch,
                                                         rust_examples) -> None:
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    proposal = _split(tmp_path, monkeypatch)
    outcome = runner.write(proposal, verify="cargo test --locked --offline --quiet")
    assert outcome.checks[0] == "route inventory identical (16 routes, middleware included)"
    assert outcome.compiled == "compiled: yes"
    assert outcome.verify_output.count("test result: ok") == 2


ITEMS = Path(__file__).resolve().parents[1] / "data" / "codemods" / "rust_axum_items"


def _items_crate(tmp_path: Path, monkeypatch) -> Path:
    """The items fixture (main.rs long because of its handlers and `build_router()`) with its
    `/items` routes written as an inline nest."""
    monkeypatch.setattr(route_scopes, "ROUTES_LINES", 5)
    crate = tmp_path / "catalog-service"
    shutil.copytree(ITEMS, crate, ignore=shutil.ignore_patterns("target"))
    main = crate / "src" / "main.rs"
    flat = ('        .route("/items", get(list_items).post(create_item))\n'
            '        .route("/items/{id}/name", get(item_name))\n')
    assert flat in main.read_text()
    main.write_text(main.read_text().replace(flat, (
        '        .nest("/items", Router::new()\n'
        '            .route("/", get(list_items).post(create_item))\n'
        '            .route("/{id}/name", get(item_name)))\n')))
    return crate


def test_a_router_moved_out_of_main_rs_nests_with_routes_rs_imports(tmp_path,
                                                                     monkeypatch) -> None:
    proposal = propose("split-entrypoint", _items_crate(tmp_path, monkeypatch))
    texts = {c.path: c.after.decode() for c in proposal.changeset.changes}
    assert '.nest("/items", items::router())' in texts["src/routes.rs"]
    items = texts["src/routes/items.rs"]
    # the handlers moved to handlers.rs with the items: routes.rs's imports, not main.rs's
    assert "use crate::handlers::list_items;" in items and "use crate::list_items;" not in items
    assert "use crate::models::AppState;" in items


@pytest.mark.slow
def test_a_nest_of_a_moved_router_compiles(tmp_path, monkeypatch, rust_examples) -> None:
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    proposal = propose("split-entrypoint", _items_crate(tmp_path, monkeypatch))
    outcome = runner.write(proposal, verify="cargo test --offline --quiet")
    assert outcome.checks[0] == "route inventory identical (4 routes, middleware included)"
    assert outcome.compiled == "compiled: yes"
    assert "test result: ok. 1 passed" in outcome.verify_output
