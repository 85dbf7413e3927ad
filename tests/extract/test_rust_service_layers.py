"""The middleware and state of a service's binary come from the route facts, whatever shape
mounts the owned routes: our fixture crates (tests/data/extract) mount them through a
`configure(cfg)` function (actix-web: a scope's `app_data` and `wrap` there, the App's `wrap`
in main) and through a router built in another function (axum: its `layer` there, the app's
`layer` and `with_state` in main). The plan says what the binary repeats; written, each
compiles (cargo check of the monolith and the new crate) and the service's own binary answers
its routes over HTTP as the monolith does, headers of both middleware included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.codemods import registry, runner
from tests.cargo_helpers import cargo_env, has_cargo
from tests.helpers import propose
from tests.http_helpers import answer, built_binaries, serving

DATA = Path(__file__).resolve().parents[1] / "data" / "extract"
SCOPE = 'DefaultHeaders::new().add(("x-scope", "api"))'
APP = 'DefaultHeaders::new().add(("x-app", "shop"))'


def _copy(tmp_path: Path, name: str) -> Path:
    crate = tmp_path / name
    shutil.copytree(DATA / name, crate, ignore=shutil.ignore_patterns("target"))
    return crate


def _plan(crate: Path, name: str):  # type: ignore[no-untyped-def]  # a codemod Proposal
    options = registry.ExtractOptions(proposal=DATA / f"{name}.proposal.json", service="items")
    return propose("extract-service", crate, options=options)


def test_a_routes_facts_carry_its_layers_outermost_first_with_where_each_is_written() -> None:
    found = analyze([DATA / "rust_configure"], Options(use_cache=False, jobs=1))
    items = next(r for r in found.routes if r.path == "/api/items")
    assert [(m.call, m.code, f"{m.file}:{m.line}") for m in items.layers] == [
        ("wrap", APP, "src/main.rs:18"),  # the App's, around the configure function
        ("wrap", SCOPE, "src/routes.rs:14"),  # the scope's, a later call wraps the earlier
        ("app_data", "web::Data::new(shelf)", "src/routes.rs:13")]
    assert items.middleware == (APP, SCOPE)  # as before: the wraps' text
    health = next(r for r in found.routes if r.path == "/health")
    assert [m.code for m in health.layers] == [APP]


def test_configure_mounted_routes_get_the_scopes_state_and_both_wraps(tmp_path) -> None:
    """The lead's note of session 4: such a service got "its middleware is not known" (and,
    its state unseen, a binary that stops at start)."""
    notes = [n for n in _plan(_copy(tmp_path, "rust_configure"), "rust_configure").plan.notes
             if n.startswith("bin: ")]
    assert notes == ["bin: repeats .app_data(web::Data::new(shelf)) (src/routes.rs:13)",
                     f"bin: repeats .wrap({SCOPE}) (src/routes.rs:14)",
                     f"bin: repeats .wrap({APP}) (src/main.rs:18)"]


def test_a_router_of_another_function_brings_its_layers_one_around_one_route_only(
        tmp_path) -> None:  # type: ignore[no-untyped-def]
    planned = _plan(_copy(tmp_path, "rust_router_fn"), "rust_router_fn")
    layer = "bin: repeats .layer(SetResponseHeaderLayer::overriding(HeaderName::from_stati...)"
    assert [n for n in planned.plan.notes if n.startswith("bin: ")] == [
        "bin: repeats .with_state(shelf) (src/main.rs:24)",
        f"{layer} (src/api.rs:19)", f"{layer} (src/main.rs:23)",
        f"{layer} (src/api.rs:15), around /api/items/{{id}} only"]
    # routes.rs builds the two groups apart; the binary layers the second one alone
    written = {c.path: c.after.decode() for c in planned.changeset.changes}
    routes = written["services/items-service/src/routes.rs"]
    assert "        .merge(group_0())\n        .merge(group_1())\n" in routes
    assert 'pub fn group_1() -> Router<crate::catalog::Catalog> {\n    Router::new()\n' \
        '        .route("/api/items/{id}", routing::get(crate::items::one))\n}' in routes
    main = written["services/items-service/src/main.rs"]
    assert "        .merge(items_service::routes::group_1()\n            .layer(" \
        'SetResponseHeaderLayer::overriding(HeaderName::from_static("x-item"), ' in main


ITEMS = [("GET", "/api/items"), ("GET", "/api/items/1"), ("GET", "/api/items/7"),
         ("GET", "/api/items/x")]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "monolith", "app_header"), [
    ("rust_configure", "shop", "shop"), ("rust_router_fn", "market", "market")])
def test_the_service_binary_answers_as_the_monolith_headers_included(
        tmp_path, monkeypatch, name: str, monolith: str, app_header: str) -> None:
    if not has_cargo():
        pytest.skip("cargo is not installed")
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    crate = _copy(tmp_path, name)
    done = runner.write(_plan(crate, name))
    assert done.checks[0] == "compiled: yes (cargo check of the monolith and of " \
                             "services/items-service)"
    assert done.checks[-1] == "route inventory identical (3 routes)"
    binaries = built_binaries(crate, [monolith, "items-service"], tmp_path / "bin",
                              cargo_env())
    with serving(binaries[monolith], f"{monolith.upper()}_ADDR", cargo_env()) as before, \
            serving(binaries["items-service"], "ITEMS_SERVICE_ADDR", cargo_env()) as after:
        answers = [(answer(after, *r), answer(before, *r)) for r in ITEMS]
    for request, (got, expected) in zip(ITEMS, answers, strict=True):
        assert got[:2] == expected[:2], request
        assert got[2].get("x-app") == expected[2].get("x-app") == app_header, request
        assert got[2].get("x-scope") == expected[2].get("x-scope") == "api", request
        assert got[2].get("x-item") == expected[2].get("x-item"), request
    if name == "rust_router_fn":  # the layer around one route only: there, and only there
        assert [got[2].get("x-item") for got, _ in answers] == [None, "one", "one", "one"]
    assert answers[0][0][:2] == (200, '["apple","pear"]')  # served with its state


ORDER = b"""use actix_web::middleware::{Compress, DefaultHeaders};
use actix_web::{web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let first = 1u32;
    let second = String::from("b");
    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(first))
            .wrap(Compress::default())
            .app_data(web::Data::new(second.clone()))
            .service(web::scope("/api").app_data(web::Data::new(3u8)).wrap(DefaultHeaders::new())
                .route("/x", web::get().to(x::get)))
    })
    .bind("127.0.0.1:8080")?
    .run()
    .await
}
"""


def test_registrations_outer_builder_first_as_written_and_middleware_innermost_first(tmp_path):
    from tests.extract.test_rust_service_state import _crate, _wired

    wiring = _wired(_crate(tmp_path, ORDER), set(), ["/api/x"])
    assert wiring.registrations == [".app_data(web::Data::new(first))",
                                    ".app_data(web::Data::new(second.clone()))",
                                    ".app_data(web::Data::new(3u8))"]
    assert wiring.layers == [".wrap(DefaultHeaders::new())", ".wrap(Compress::default())"]
