"""The Rust split of `fn main` on small crates (actix-web with clap, axum with hand-rolled
arguments, shadowed and untypeable bindings): exact after-trees, typed state, what stays and
why. rustfmt is switched off here so the trees do not depend on the machine's toolchain."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from nova_refactor.codemods import runner
from nova_refactor.codemods.rust import propose as rust_propose
from nova_refactor.report.terminal.apply import plan_lines
from tests.codemods.harness import CASES, GOLDEN
from tests.helpers import propose

RUST_CASES = ["rust_actix", "rust_axum", "rust_shadowing"]
# a placeholder type would be `_`, `impl ..`, `todo!()`-style, or a type parameter we made up
PLACEHOLDER = re.compile(r":\s*(_|impl\b|T\b|Unknown)|todo!|unimplemented!")


@pytest.fixture(autouse=True)
def _no_rustfmt(monkeypatch):
    monkeypatch.setattr(rust_propose, "rustfmt_binary", lambda: None)


@pytest.fixture(autouse=True)
def _no_cargo(monkeypatch):
    """These crates need actix-web, axum and clap. Now that crates.io is reachable their
    sources are often cached, and `cargo check --offline` would compile them in every test's
    temp dir: compiling is the examples' tests' job (tests/cargo_helpers.py), so cargo is
    hidden from the split here."""
    cargo = shutil.which("cargo")
    if cargo is not None:
        hidden = os.path.realpath(os.path.dirname(cargo))
        kept = [p for p in os.environ.get("PATH", "").split(os.pathsep)
                if p and os.path.realpath(p) != hidden]
        monkeypatch.setenv("PATH", os.pathsep.join(kept))


def split(tmp_path: Path, case: str, codemod: str = "split-entrypoint"):
    target = tmp_path / case
    shutil.copytree(CASES / case / "before", target)
    proposal = propose(codemod, target)
    # these crates need actix-web, axum, clap: compiling them is the examples' tests' job
    outcome = runner.write(proposal, compile_=False)
    return target, proposal, outcome


def assert_tree(target: Path, proposal, case: str, update: bool) -> dict[str, str]:
    folder = GOLDEN / case / proposal.plan.codemod
    written = {c.path: (target / c.path).read_text() for c in proposal.changeset.changes}
    if update:
        shutil.rmtree(folder, ignore_errors=True)
        for path, text in written.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text)
    expected = {p.relative_to(folder).as_posix(): p.read_text() for p in folder.rglob("*.rs")}
    assert sorted(written) == sorted(expected)
    for path, text in written.items():
        assert text == expected[path], f"{path} differs from {folder / path}"
    return written


@pytest.mark.parametrize("case", RUST_CASES)
def test_split_matches_reviewed_tree_and_keeps_counts(tmp_path, update_goldens, case):
    target, proposal, outcome = split(tmp_path, case)
    written = assert_tree(target, proposal, case, update_goldens)
    # our own count only: "identical" is said when the compiler agreed
    assert outcome.checks[0].startswith("route inventory counted the same by our own model")
    assert outcome.compiled == "not verifiable: --no-compile"
    for path, text in written.items():
        assert not PLACEHOLDER.search(text), path
    again = propose("split-entrypoint", target)
    assert again.changeset.empty, "a second run must find nothing to do"


def test_actix_state_routes_and_clap(tmp_path):
    target, proposal, outcome = split(tmp_path, "rust_actix")
    state = (target / "src/app_state.rs").read_text()
    # Arc<Mutex<..>> state captured by the server closure: a typed, cloneable field
    assert "pub(crate) hits: web::Data<Mutex<u64>>," in state
    assert "pub(crate) mailer: Arc<Mailer>," in state
    assert "#[derive(Clone)]" in state and "pub(crate) async fn init() -> Self" in state
    routes = (target / "src/routes.rs").read_text()
    assert "pub(crate) fn configure(cfg: &mut web::ServiceConfig, store: &web::Data<OrderStore>" \
        in routes
    assert routes.index(".app_data(store.clone())") < routes.index('.route("/health"')
    main = (target / "src/main.rs").read_text()
    assert ".wrap(Logger::default())" in main  # app-level middleware stays on the App
    assert ".configure(|cfg| routes::configure(cfg, &store, &hits, &mailer))" in main
    cli = (target / "src/cli.rs").read_text()
    assert "pub(crate) fn parse_args() -> Cli {" in cli
    assert "pub(crate) fn early_exit(cli: &Cli) -> Option<std::io::Result<()>>" in cli
    assert "return Some(Ok(()));" in cli
    assert "if let Some(exit) = cli::early_exit(&cli) {\n        return exit;" in main
    assert "kept 4 routes, 3 app_data registrations" in outcome.checks[1]
    # the plan lists routes.rs with the App chain's moved lines; the server itself stays
    assert "routes" in [m.name for m in proposal.plan.used_modules()]
    moved = [p for p in proposal.plan.moved if p.module == "routes"]
    assert len(moved) == 1 and moved[0].names == ("configure",)
    stays = [p for p in proposal.plan.stays if p.kind == "routes" and "App stay" in p.reason]
    assert stays and all(p.end_line < moved[0].start_line or p.start_line > moved[0].end_line
                         for p in stays)


def test_axum_router_spawn_captures_and_hand_rolled_args(tmp_path):
    target, _, outcome = split(tmp_path, "rust_axum")
    routes = (target / "src/routes.rs").read_text()
    assert "pub(crate) fn router(shared: &Arc<Shared>) -> Router {" in routes
    background = (target / "src/background.rs").read_text()
    # borrowed capture: a reference; moved capture (the receiver, unused later): by value
    assert "pub(crate) fn start(shared: &Arc<Shared>, mut events_rx: mpsc::Receiver<String>)" \
        in background
    assert "pub(crate) sweeper: tokio::task::JoinHandle<usize>," in background
    assert "pub(crate) logger: tokio::task::JoinHandle<()>," in background
    assert "pub(crate) ticker: std::thread::JoinHandle<usize>," in background
    main = (target / "src/main.rs").read_text()
    # the shutdown sequence stays in main, on the handles background.rs returns
    assert "let _ = sweeper.await;\n    let _ = logger.await;\n    let _ = ticker.join();" in main
    assert "return Some(());" in (target / "src/cli.rs").read_text()
    assert "3 spawned tasks/threads" in outcome.checks[1]


def test_untypeable_and_shadowed_bindings_stay_with_reasons(tmp_path):
    target, proposal, _ = split(tmp_path, "rust_shadowing")
    lines = "\n".join(plan_lines(proposal.plan))
    assert "defines `cache`, used later by main, whose type cannot be inferred" in lines
    assert "defines `worker`, used later by main, whose type cannot be inferred" in lines
    state = (target / "src/app_state.rs").read_text()
    # both `let registry` statements move together; the field is the shadowing one's type
    assert "let registry = Registry::new();" in state and "let registry = Arc::new(registry);" \
        in state
    assert "pub(crate) registry: Arc<Registry>," in state
    assert "pub(crate) timeout: Duration," in state
    main = (target / "src/main.rs").read_text()
    assert "let cache = HashMap::new();" in main  # HashMap<?, ?>: not moved, never guessed


@pytest.mark.parametrize("codemod,created", [
    ("extract-state", {"src/app_state.rs"}), ("extract-routes", {"src/routes.rs"}),
    ("extract-cli", {"src/cli.rs"}), ("extract-background", set()),
])
def test_single_extractions(tmp_path, codemod, created):
    target, proposal, outcome = split(tmp_path, "rust_actix", codemod)
    assert {c.path for c in proposal.changeset.changes if c.created} == created
    if created:
        assert outcome.entry is not None
        runner.undo(target)
    for path in (CASES / "rust_actix" / "before").rglob("*.rs"):
        relative = path.relative_to(CASES / "rust_actix" / "before")
        assert (target / relative).read_bytes() == path.read_bytes()


def test_extractions_compose_one_after_another(tmp_path):
    target, _, _ = split(tmp_path, "rust_actix", "extract-state")
    proposal = propose("extract-routes", target)
    runner.write(proposal, compile_=False)
    routes = (target / "src/routes.rs").read_text()
    # the second codemod reads the field types of the AppState the first one wrote (main
    # no longer imports `Mutex`, so the type is written with its path)
    assert "hits: &web::Data<std::sync::Mutex<u64>>" in routes
    assert "by `nova-refactor apply extract-routes`" in routes


def test_configure_through_a_closure_mounts_its_routes(tmp_path):
    """`.configure(|cfg| routes::configure(cfg, &state))`, the shape the split writes, is
    followed by the route inventory (with the App's middleware)."""
    from nova_refactor.analysis.run.pipeline import Options, analyze

    (tmp_path / "src").mkdir()
    (tmp_path / "src/main.rs").write_text(
        "mod routes;\nuse actix_web::{web, App, HttpServer, middleware::Logger};\n"
        "#[actix_web::main]\nasync fn main() -> std::io::Result<()> {\n"
        "    let n = web::Data::new(1u8);\n"
        "    HttpServer::new(move || App::new().wrap(Logger::default())\n"
        "        .configure(|cfg| routes::configure(cfg, &n)))\n"
        "        .bind(\"0:80\")?.run().await\n}\n")
    (tmp_path / "src/routes.rs").write_text(
        "use actix_web::web;\n"
        "pub(crate) fn configure(cfg: &mut web::ServiceConfig, n: &web::Data<u8>) {\n"
        "    cfg.app_data(n.clone()).route(\"/ping\", web::get().to(ping));\n}\n"
        "async fn ping() -> &'static str { \"pong\" }\n")
    routes = analyze([tmp_path], Options(use_cache=False)).routes
    assert [(r.method, r.path, r.middleware, r.mounted) for r in routes] == [
        ("GET", "/ping", ("Logger::default()",), True)]


def test_cli_apply_dispatches_to_rust_and_reports_checks(tmp_path):
    from typer.testing import CliRunner

    from nova_refactor.cli.app import app

    target = tmp_path / "rust_axum"
    shutil.copytree(CASES / "rust_axum" / "before", target)
    cli = CliRunner()
    shown = cli.invoke(app, ["apply", "split-entrypoint", str(target)], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.stdout
    assert "Plan: split-entrypoint on src/main.rs" in shown.stdout
    assert "+++ b/src/background.rs" in shown.stdout and "dry run" in shown.stdout
    assert "runs their build scripts and proc macros" in shown.stdout  # cargo check runs code
    written = cli.invoke(app, ["apply", "split-entrypoint", str(target), "--write",
                               "--no-compile"], env={"COLUMNS": "200"})
    assert written.exit_code == 0, written.stdout
    assert "checked: route inventory counted the same by our own model (3 routes, middleware " \
        "included); not compiled" in written.stdout
    assert "not verifiable: --no-compile" in written.stdout
    undone = cli.invoke(app, ["undo", str(target)], env={"COLUMNS": "200"})
    assert undone.exit_code == 0 and "removed 4 file(s)" in undone.stdout


def test_helper_used_only_by_moved_code_moves_with_it(tmp_path):
    """`fn limits()` is called only by the statements that go to app_state.rs: it goes there
    too (not `use crate::limits;`), while `Registry`, which main still uses, stays."""
    target, _, _ = split(tmp_path, "rust_shadowing")
    state = (target / "src/app_state.rs").read_text()
    main = (target / "src/main.rs").read_text()
    assert "fn limits() -> impl Iterator<Item = u32>" in state
    assert "use crate::limits;" not in state and "fn limits" not in main
    assert "struct Registry" in main and "use crate::Registry;" in state


def test_a_closure_handler_that_moves_is_the_same_route() -> None:
    """The split moves a closure handler from main.rs to routes.rs on purpose; the route is
    named by where the closure stands, so the post-write comparison must not call it lost."""
    from types import SimpleNamespace

    from nova_refactor.codemods.rust.verify import _route

    def route(handler: str, endpoint: str, path: str = "/docs"):
        return SimpleNamespace(method="GET", path=path, handler=handler, endpoint=endpoint,
                               framework="actix-web", mounted=True, middleware=("cors",))

    before = route("<closure at main.rs:629>", "<closure at main.rs:629>")
    after = route("<closure at routes.rs:72>", "<closure at routes.rs:72>")
    assert _route(before) == _route(after)
    assert _route(before) != _route(route("<closure at routes.rs:72>", "x", "/other"))
    assert _route(route("handlers::a", "a")) != _route(route("handlers::b", "b"))
