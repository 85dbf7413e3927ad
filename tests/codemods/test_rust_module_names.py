"""A hand-written module named like a split target (issue #17): real services keep their URL
paths in a `routes.rs` of constants (`pub const USERS: &str = "/users";`) or their shared
state in an `app_state.rs`. Such a module is not an earlier split: the split goes on under the
first free name of the table (`http_routes`, `startup_state`), says why in the plan, and a
second apply finds nothing to do.

The crates are the two examples (so the suite's shared target dir has their dependencies
built) given the real shapes: examples/rust_monolith (actix-web 4) whose route registrations
name a hand-written `mod routes;` of path constants, examples/rust_axum whose `AppState` lives
in a hand-written `app_state.rs`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nova_refactor.codemods import runner
from nova_refactor.codemods.protocol import Proposal
from nova_refactor.codemods.rust import targets
from nova_refactor.codemods.rust.crate_index import Scope
from tests.cargo_helpers import cargo_env
from tests.codemods.harness import tree_bytes
from tests.helpers import propose

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PATHS = """//! The service's URL paths, in one place: the router, the handlers' redirects and the
//! integration tests name them from here.

pub const HEALTH: &str = "/health";
pub const READY: &str = "/ready";
pub const API_V1: &str = "/api/v1";
pub const USERS: &str = "/users";
pub const USER: &str = "/users/{id}";
pub const SESSIONS: &str = "/sessions";
pub const EVENTS: &str = "/events";
pub const EVENTS_SINCE: &str = "/events/since/{seq}";
pub const ADMIN: &str = "/admin";
"""
# main.rs registrations rewritten to name the constants, as the real services do
CONSTANTS = (("mod models;\n", "mod models;\nmod routes;\n"),
             ('.route("/health"', ".route(routes::HEALTH"),
             ('.route("/ready"', ".route(routes::READY"),
             ('web::scope("/api/v1")', "web::scope(routes::API_V1)"),
             ('web::resource("/users")', "web::resource(routes::USERS)"),
             ('web::resource("/users/{id}")', "web::resource(routes::USER)"),
             ('web::scope("/sessions")', "web::scope(routes::SESSIONS)"),
             ('.route("/events",', ".route(routes::EVENTS,"),
             ('.route("/events/since/{seq}"', ".route(routes::EVENTS_SINCE"),
             ('web::scope("/admin")', "web::scope(routes::ADMIN)"))


def _copy(example: str, to: Path) -> Path:
    crate = to / example
    shutil.copytree(EXAMPLES / example, crate, ignore=shutil.ignore_patterns("target"))
    return crate


def _with_path_constants(tmp_path: Path) -> Path:
    crate = _copy("rust_monolith", tmp_path)
    (crate / "src" / "routes.rs").write_text(PATHS)
    main = crate / "src" / "main.rs"
    code = main.read_text()
    for old, new in CONSTANTS:
        assert old in code, old  # the example changed: update CONSTANTS
        code = code.replace(old, new)
    main.write_text(code)
    return crate


def _with_hand_written_app_state(tmp_path: Path) -> Path:
    """The axum example with its `state.rs` (the `AppState` handlers extract) named
    `app_state.rs`, the split's own name for start-up state."""
    crate = _copy("rust_axum", tmp_path)
    src = crate / "src"
    (src / "state.rs").rename(src / "app_state.rs")
    for path in src.rglob("*.rs"):
        code = path.read_text()
        path.write_text(code.replace("crate::state::", "crate::app_state::")
                        .replace("\nmod state;\n", "\nmod app_state;\n"))
    return crate


def _texts(proposal: Proposal) -> dict[str, str]:
    return {c.path: c.after.decode() for c in proposal.changeset.changes if c.after is not None}


def test_a_path_constants_routes_rs_is_kept_and_the_router_goes_to_http_routes(tmp_path):
    crate = _with_path_constants(tmp_path)
    proposal = propose("split-entrypoint", crate)
    texts = _texts(proposal)
    assert "src/routes.rs" not in texts and "src/http_routes.rs" in texts
    main, routes = texts["src/main.rs"], texts["src/http_routes.rs"]
    assert "mod routes;" in main and "mod http_routes;" in main
    assert ".configure(|cfg| http_routes::configure(cfg, " in main
    assert "use crate::routes;" in routes and "web::resource(routes::USERS)" in routes
    assert "routes::" not in main.replace("http_routes::", "")  # every registration moved
    plan = proposal.plan
    assert ("http_routes", "src/http_routes.rs") in {(m.name, m.path) for m in plan.modules}
    moved = [p for p in plan.placements if p.module == "http_routes"]
    assert moved and "become http_routes::configure" in moved[0].reason
    (why,) = [n for n in plan.notes if "hand-written" in n]
    assert why.startswith("http_routes.rs holds what the table calls routes.rs: `routes` (a "
                          "hand-written module main.rs declares)")
    assert not [n for n in plan.notes if "declared already" in n]


def test_a_second_apply_has_nothing_to_do_and_undo_restores_every_byte(tmp_path):
    crate = _with_path_constants(tmp_path)
    before = tree_bytes(crate)
    runner.write(propose("split-entrypoint", crate), compile_=False)
    again = propose("split-entrypoint", crate)
    assert again.changeset.empty, "a second run must find nothing to do"
    assert "http_routes.rs is declared already (an earlier split wrote it): not extracted " \
        "again" in again.plan.notes
    assert not [n for n in again.plan.notes if "app_routes" in n]
    runner.undo(crate)
    assert tree_bytes(crate) == before


def test_the_journal_tells_an_earlier_split_whose_header_was_edited(tmp_path):
    crate = _with_path_constants(tmp_path)
    runner.write(propose("split-entrypoint", crate), compile_=False)
    written = crate / "src" / "http_routes.rs"
    written.write_text("\n".join(line for line in written.read_text().split("\n")
                                 if not line.startswith("//!")))
    assert propose("split-entrypoint", crate).changeset.empty  # the journal says it is ours
    shutil.rmtree(crate / ".nova-refactor")
    names = targets.choose(crate, "src/main.rs", ("routes",), _scope(crate))
    assert names["routes"] == "app_routes" and names.done == []


def _scope(crate: Path, **more: set[str]) -> Scope:
    code = (crate / "src" / "main.rs").read_text()
    modules = {line[4:-1] for line in code.split("\n") if line.startswith("mod ")}
    return Scope("crate", items=more.get("items", set()), modules=modules,
                 imports={name: f"x::{name}" for name in more.get("imports", set())})


def test_a_free_name_is_no_item_use_file_or_dependency_of_the_crate(tmp_path):
    crate = _with_path_constants(tmp_path)
    scope = _scope(crate, items={"http_routes"}, imports={"app_routes"})
    assert targets.choose(crate, "src/main.rs", ("routes",), scope)["routes"] == "routes_2"
    (crate / "src" / "routes_2").mkdir()  # a folder next to main.rs: a module of the library
    manifest = crate / "Cargo.toml"
    manifest.write_text(manifest.read_text().replace(
        "[dependencies]\n", '[dependencies]\nroutes-3 = { path = "../routes-3" }\n'))
    names = targets.choose(crate, "src/main.rs", ("routes", "cli"), scope)
    assert names["routes"] == "routes_4"
    assert names["cli"] == "cli" and set(names.notes) == {"routes"}
    assert "`http_routes` (an item of main.rs); `app_routes` (a `use` name of main.rs); " \
        "`routes_2` (a file or folder next to main.rs that main.rs does not declare); " \
        "`routes_3` (a dependency of the package)" in names.notes["routes"]


def test_a_hand_written_app_state_rs_keeps_its_app_state(tmp_path):
    crate = _with_hand_written_app_state(tmp_path)
    proposal = propose("split-entrypoint", crate)
    texts = _texts(proposal)
    assert "src/app_state.rs" not in texts and "src/startup_state.rs" in texts
    main = texts["src/main.rs"]
    # the generated struct takes another name too: `AppState` is the crate's own
    assert "startup_state::StartupState::init(&config)" in main
    assert "use crate::app_state::AppState;" in texts["src/startup_state.rs"]
    assert "startup_state.rs holds what the table calls app_state.rs: `app_state` (a " \
        "hand-written module main.rs declares) (no `nova-refactor apply` header, not in the " \
        "journal: not an earlier split). The first free name of app_state, startup_state, " \
        "shared_state, app_state_2, .. is taken" in proposal.plan.notes


@pytest.mark.slow
@pytest.mark.parametrize("make", [_with_path_constants, _with_hand_written_app_state])
def test_the_renamed_split_compiles_and_passes_the_crates_tests(tmp_path, monkeypatch,
                                                                 rust_examples, make) -> None:
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    crate = make(tmp_path)
    outcome = runner.write(propose("split-entrypoint", crate),
                           verify="cargo test --locked --offline --quiet")
    assert outcome.checks[0] == "route inventory identical (16 routes, middleware included)"
    assert outcome.compiled == "compiled: yes"
    assert "test result: ok" in outcome.verify_output
    assert propose("split-entrypoint", crate).changeset.empty
