"""The shapes of Nova's user-service `main.rs` (proerror77/Nova@40ba1ed7), small: a lib + bin
package whose `main.rs` reaches its types through the library (`feed_service::config::Config`,
re-exported `services::{FeedService, Store}`), start-up where state, services and workers
interleave, spawned consumers, a CORS builder inside the server closure and a shutdown
sequence after `server.await`. Real actix-web 4, actix-cors and tokio: cargo checks the split
when those crates are in the local registry."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.codemods import runner
from nova_refactor.codemods.rust import halves
from nova_refactor.codemods.rust import propose as rust_propose
from tests.helpers import propose

CASE = Path(__file__).resolve().parents[1] / "data" / "codemods" / "rust_nova_shapes" / "before"
CRATES = ("actix-web-4", "actix-cors-0.7", "tokio-1")


@pytest.fixture
def crate(tmp_path) -> Path:
    target = tmp_path / "feed-service"
    shutil.copytree(CASE, target)
    return target


def _plan(crate: Path, main_lines: int | None = None, monkeypatch=None):
    if main_lines is not None:
        monkeypatch.setattr(rust_propose, "MAIN_LINES", main_lines)
    return propose("split-entrypoint", crate)


def _texts(crate: Path, proposal) -> dict[str, str]:
    return {Path(c.path).name: c.after.decode() for c in proposal.changeset.changes
            if c.after is not None}


def test_types_come_through_the_library_and_its_reexports(crate):
    proposal = _plan(crate)
    assert not [n for n in proposal.plan.notes if "cannot be inferred" in n]
    state = _texts(crate, proposal)["app_state.rs"]
    # `Config::from_env()?`-style constructors of the library, `pub use feed::FeedService`,
    # `pub use store::*` and a library function returning a channel pair
    assert "pub(crate) server_config: Config," in state
    assert "pub(crate) feed: Arc<FeedService>," in state
    assert "pub(crate) job_sender: tokio::sync::mpsc::Sender<u64>," in state
    assert "pub(crate) worker_handle: tokio::task::JoinHandle<()>," in state
    # `handlers::digest` is a path, not a use of the local `digest`: it is not returned
    assert "digest:" not in state


def test_interleaved_start_up_is_one_ordered_init(crate):
    proposal = _plan(crate)
    state = _texts(crate, proposal)["app_state.rs"]
    order = ["Config::from_env()", "Store::connect(", "let feed =", "let requests =",
             "let digest =", "jobs::create_queue(", "jobs::spawn_worker(", "tokio::spawn("]
    positions = [state.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert "AppStatePart" not in state and "second" not in " ".join(proposal.plan.notes)
    reasons = {p.reason for p in proposal.plan.placements if p.module == "app_state"}
    assert any(r.startswith("ordered start-up (services)") for r in reasons)


def test_spawned_consumers_are_background_in_the_anatomy(crate):
    result = analyze([crate], Options(use_cache=False, jobs=1))
    entry = next(e for e in result.entrypoints if e.path == "src/main.rs")
    main = (crate / "src/main.rs").read_text().splitlines()
    ticker = next(i for i, line in enumerate(main, 1) if "let ticker_handle" in line)
    kinds = [s.kind for s in entry.segments if s.start_line <= ticker <= s.end_line]
    assert kinds == ["background"]  # `.tick()` and `println!` inside the task do not count
    after = next(i for i, line in enumerate(main, 1) if "drop(job_sender_shutdown)" in line)
    kinds = [s.kind for s in entry.segments if s.start_line <= after <= s.end_line]
    assert kinds == ["shutdown"]  # runs once the server has returned


def test_short_main_keeps_its_shutdown(crate):
    proposal = _plan(crate)
    texts = _texts(crate, proposal)
    assert texts["main.rs"].count("\n") < 100
    assert "background.rs" not in texts  # the workers start in the ordered init
    assert "ticker_handle.abort();" in texts["main.rs"]
    assert "Cors::default()" in texts["main.rs"]


def test_long_main_moves_shutdown_and_cors_builder(crate, monkeypatch):
    """With a 40-line target (Nova's main is still 113 lines at this point), the shutdown
    sequence after `server.await` goes to `background::stop` and the CORS builder of the
    server closure to `routes::cors`; every count is kept."""
    proposal = _plan(crate, 40, monkeypatch)
    texts = _texts(crate, proposal)
    main = texts["main.rs"]
    flat = re.sub(r"\s+", "", main)
    assert "background::stop(job_sender_shutdown,worker_handle,ticker_handle,sweeper_handle" \
        in flat
    assert "let cors = routes::cors(&server_config);" in main
    assert main.rstrip().endswith("result\n}".rstrip()) and "let result = server.await;" in main
    assert "pub(crate) async fn stop(" in texts["background.rs"]
    assert "pub(crate) fn cors(server_config: &Config) -> Cors {" in texts["routes.rs"]
    compile_here = _registry_has(CRATES) and bool(os.environ.get("NOVA_CARGO_TESTS"))
    if compile_here:  # minutes on a cold target dir: opt-in, one shared target dir
        monkeypatch.setenv("CARGO_TARGET_DIR", str(Path(tempfile.gettempdir()) / "nova-shapes"))
    outcome = runner.write(proposal, compile_=compile_here)
    # "identical" is said only when the compiler agreed; otherwise our own count says so
    assert "(4 routes, middleware included)" in outcome.checks[0]
    assert outcome.checks[1] == ("kept 4 routes, 3 app_data registrations, 3 spawned "
                                 "tasks/threads, 9 shutdown steps")
    if compile_here:
        assert outcome.compiled == "compiled: yes"


def _registry_has(crates: tuple[str, ...]) -> bool:
    cache = Path.home() / ".cargo" / "registry" / "cache"
    names = {p.name for p in cache.glob("*/*.crate")} if cache.is_dir() else set()
    return shutil.which("cargo") is not None and \
        all(any(n.startswith(c) for n in names) for c in crates)


def test_start_up_too_long_for_one_module_is_halved_in_order(crate, monkeypatch):
    """Nova's ordered init would make a 526-line app_state.rs: its second half becomes
    `AppServices::build(app_state)`, which takes the first half's struct whole."""
    monkeypatch.setattr(halves, "LONG", 10)
    proposal = _plan(crate, 40, monkeypatch)
    texts = _texts(crate, proposal)
    main = texts["main.rs"]
    assert "let app_state = app_state::AppState::init().await;" in main
    assert "} = app_services::AppServices::build(app_state);" in main
    services = texts["app_services.rs"]
    assert "pub(crate) fn build(app_state: crate::app_state::AppState) -> Self {" in services
    assert re.search(r"let crate::app_state::AppState \{[^}]*\bdigest,[^}]*\.\.\s*\} = "
                     r"app_state;", services)
    # what main reads later from the first half is handed on by the second
    assert "pub(crate) server_config: Config," in services
    state = texts["app_state.rs"]
    assert state.index("Config::from_env()") < state.index("Store::connect(")
    assert "tokio::spawn(" in services and "tokio::spawn(" not in state
    outcome = runner.write(proposal, compile_=False)
    assert outcome.checks[1] == ("kept 4 routes, 3 app_data registrations, 3 spawned "
                                 "tasks/threads, 9 shutdown steps")


def test_bindings_typed_by_a_convention_are_named_in_the_plan(tmp_path):
    """Another crate's type the index cannot see: a fallible constructor (`Client::open`) and
    a documented client method are typed by convention, and the plan says which; a binding no
    rule covers stays in main with its reason, never a placeholder."""
    crate = tmp_path / "conv"
    (crate / "src").mkdir(parents=True)
    (crate / "Cargo.toml").write_text('[package]\nname = "conv"\nversion = "0.1.0"\n'
                                      'edition = "2021"\n')
    (crate / "src" / "main.rs").write_text(
        "fn main() {\n"
        "    let redis_client = redis::Client::open(\"redis://x\").expect(\"client\");\n"
        "    let manager = redis_client.get_connection().expect(\"connection\");\n"
        "    let other = thirdparty::Thing::make();\n"
        "    let cache = std::collections::HashMap::<String, u32>::new();\n"
        "    println!(\"{:?}\", (manager, other, cache));\n"
        "}\n")
    notes = propose("extract-state", crate).plan.notes
    assert "line 2: `redis_client` typed by convention: `Client::open` is a fallible " \
        "constructor returning `Result<Client, _>`" in notes
    assert any(n.startswith("line 3: `manager` typed by convention: `Client::get_connection` "
                            "returns `redis::Connection`") for n in notes)
    assert not any("`other` typed" in n for n in notes)


def test_a_halved_start_up_next_to_a_hand_written_app_state(crate, monkeypatch):
    """The crate's own `mod app_state;` with its own `AppState`: the start-up goes to
    `startup_state.rs` as `StartupState::init`, and the second half takes that struct by its
    new path and name (not the crate's `crate::app_state::AppState`)."""
    monkeypatch.setattr(halves, "LONG", 10)
    (crate / "src" / "app_state.rs").write_text(
        "//! What the handlers share (written by hand).\n\n"
        "pub struct AppState {\n    pub started: std::time::Instant,\n}\n\n"
        "impl AppState {\n    pub fn now() -> Self {\n"
        "        Self { started: std::time::Instant::now() }\n    }\n}\n")
    main = crate / "src" / "main.rs"
    code = main.read_text()
    store = '        .expect("Failed to connect the store");\n'
    assert store in code
    main.write_text("mod app_state;\n\nuse app_state::AppState;\n" + code.replace(
        store, store + '    let shared = AppState::now();\n'
        '    println!("up since {:?}", shared.started);\n'))
    texts = _texts(crate, _plan(crate, 40, monkeypatch))
    assert "app_state.rs" not in texts
    assert "let app_state = startup_state::StartupState::init().await;" in texts["main.rs"]
    services = texts["app_services.rs"]
    assert "pub(crate) fn build(app_state: crate::startup_state::StartupState) -> Self {" \
        in services
    assert "let crate::startup_state::StartupState {" in services
    assert "crate::app_state::" not in services
