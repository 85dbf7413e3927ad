"""examples/rust_monolith: its analysis against a reviewed golden file and hand-checked facts,
its reports, and its own `cargo test` (actix-web 4 from crates.io, built once per run)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from nova_refactor.analysis.history.sides import load_analysis
from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.model import Analysis
from nova_refactor.report.machine.analysis_json import analysis_schema, render_json
from nova_refactor.report.markdown.analysis import render_markdown
from tests.cargo_helpers import cargo

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "rust_monolith"
GOLDEN = ROOT / "tests" / "golden" / "rust_monolith.analysis.json"


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyze([EXAMPLE], Options(use_cache=False))


def test_matches_golden(analysis: Analysis, update_goldens: bool) -> None:
    document = render_json(analysis)
    if update_goldens:
        GOLDEN.write_text(json.dumps(json.loads(document), indent=2) + "\n")
    assert GOLDEN.exists(), "run pytest --update-goldens once, then review the file"
    assert json.loads(document) == json.loads(GOLDEN.read_text()), (
        "analysis of examples/rust_monolith changed; if intended, rerun with --update-goldens "
        "and review the diff"
    )
    jsonschema.validate(json.loads(document), analysis_schema())
    assert render_json(load_analysis(document, "doc")) == document


def test_before_table(analysis: Analysis) -> None:
    summary = analysis.summary
    # main.rs is the only entrypoint and still the oversized wiring body
    assert summary.entrypoints == (("src/main.rs", 213),)
    assert summary.files == 23
    assert summary.routes == 16
    assert summary.diagnostics == 0
    # the pool, the cache, three services and the static metrics map
    assert summary.shared_locks == 6
    assert summary.hot_path_acquisitions >= 15


def test_lock_inventory(analysis: Analysis) -> None:
    constructions = {(s.owner, s.primitive) for s in analysis.locks if s.role == "construction"}
    assert constructions == {
        ("DbPool.idle", "Arc<Mutex>"), ("ResponseCache.entries", "Arc<RwLock>"),
        ("UserService.users", "Arc<Mutex>"), ("SessionService.sessions", "Arc<Mutex>"),
        ("StreamService.state", "Arc<tokio::sync::Mutex>"), ("REQUEST_COUNTS", "Mutex"),
    }
    held = [(s.function, s.path, s.line) for s in analysis.locks if s.held_across_await]
    assert held == [("StreamService::publish", "src/services/streams.rs", 33)]
    cold = {s.function for s in analysis.locks if s.role == "acquisition" and not s.hot_path}
    # authenticate is really hot (see the xfail below); the others run in workers. (The admin
    # view's `format!("users_total {}", users.count())` makes UserService::count,
    # SessionService::active and DbPool::idle hot: format! arguments are expressions.)
    assert cold == {"ResponseCache::evict_expired", "SessionService::reap_expired",
                    "StreamService::heartbeat", "MetricsService::flush",
                    "SessionService::authenticate"}


@pytest.mark.xfail(reason="an actix extractor (`impl FromRequest for CurrentUser`) runs on every "
                          "request of the handlers taking it; hot-path analysis does not follow "
                          "extractors yet (#15, locks)", strict=False)
def test_locks_reached_through_an_extractor_are_hot(analysis: Analysis) -> None:
    hot = {s.function for s in analysis.locks if s.role == "acquisition" and s.hot_path}
    assert "SessionService::authenticate" in hot


def test_main_anatomy_hand_checked(analysis: Analysis) -> None:
    (entry,) = analysis.entrypoints
    assert [s.render() for s in entry.signals] == ["`fn main` (#[tokio::main]) in src/main.rs"]
    assert [(s.kind, s.start_line, s.end_line) for s in entry.segments] == [
        ("cli", 41, 49), ("config", 52, 60), ("cli", 63, 74), ("state", 77, 89),
        ("services", 92, 101), ("background", 102, 143), ("routes", 146, 188),
        ("server", 189, 191), ("background", 192, 192), ("shutdown", 195, 212),
    ]
    state = entry.segments[3]
    assert {"pool", "cache", "stop_tx", "stop_rx", "running"} <= set(state.defines)
    assert entry.segments[4].uses == ("cache", "config", "pool", "running", "stop_rx")
    assert entry.segments[6].reasons[0] == "calls `App::new`"


def test_route_inventory_with_middleware(analysis: Analysis) -> None:
    routes = {(r.method, r.path): r for r in analysis.routes}
    assert routes["GET", "/api/v1/users/{id}"].handler == "user_routes::get_user"
    # actix-web's middleware::from_fn, as written in the source
    assert routes["DELETE", "/admin/cache"].middleware == (
        "from_fn(handlers::request_log)", "from_fn(handlers::require_admin)")
    assert routes["POST", "/api/v1/sessions"].middleware == (
        "from_fn(handlers::request_log)", "from_fn(handlers::no_store)")
    assert routes["GET", "/health"].middleware == ("from_fn(handlers::request_log)",)
    assert routes["GET", "/admin/metrics"].file == "src/handlers/admin.rs"
    assert all(r.framework == "actix-web" and r.mounted for r in analysis.routes)


def test_domain_modules_import_each_other(analysis: Analysis) -> None:
    edges = {(e.source, e.target) for e in analysis.imports}
    assert ("src/services/users.rs", "src/db.rs") in edges
    assert ("src/handlers/users.rs", "src/services/users.rs") in edges
    assert ("src/main.rs", "src/handlers/mod.rs") in edges
    assert ("src/jobs.rs", "src/services/sessions.rs") in edges


def test_markdown_shows_rust_facts(analysis: Analysis) -> None:
    text = render_markdown(analysis)
    assert "## Entrypoint anatomy: src/main.rs" in text
    assert "| DELETE | /admin/cache | handlers::admin::purge_cache | purge_cache | " \
           "src/handlers/admin.rs:41 | from_fn(handlers::request_log), " \
           "from_fn(handlers::require_admin) |" in text
    assert "Arc\\<tokio::sync::Mutex>" in text and "held across await" in text
    assert "| \\<ServiceError as fmt::Display>::fmt |" in text


@pytest.mark.slow
def test_example_crate_builds_and_passes_its_own_tests(rust_examples) -> None:
    done = cargo(["test", "--locked", "--quiet"], rust_examples["rust_monolith"])
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    # the handlers through actix_web::test, and the binary end to end
    assert done.stdout.count("test result: ok") == 2, done.stdout


def test_terminal_table_shows_rust_facts(analysis: Analysis) -> None:
    from nova_refactor.report.terminal.analysis import analysis_view, render_to_text

    text = render_to_text(analysis_view(analysis), width=220)
    assert "Entrypoint anatomy: src/main.rs (213 lines)" in text
    assert "`fn main` (#[tokio::main]) in src/main.rs" in text
    assert "middleware" in text and "from_fn(handlers::require_admin)" in text
    assert "Arc<tokio::sync::Mutex>" in text and "(held" in text and "across await)" in text
    for kind in ("cli", "config", "state", "services", "background", "routes",
                 "server", "shutdown"):
        assert f"│ {kind} " in text
