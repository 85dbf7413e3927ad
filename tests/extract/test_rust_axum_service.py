"""examples/rust_axum (axum 0.8) split with the hand-edited proposal in tests/data/extract
(the state, its config, feed index and limiter go to the shared library, as a user would move
them): extract-common, then the users service. `cargo test --workspace` passes, the new
crate's route test included; the route inventory is identical; undo restores every byte.
Built in the suite's shared target dir."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nova_refactor.codemods import registry, runner
from nova_refactor.codemods.extract import rust_service_axum as axum
from nova_refactor.codemods.extract.rust_service import service_crate
from nova_refactor.codemods.extract.rust_service_files import OwnedRoute
from nova_refactor.codemods.plan import Skipped
from tests.cargo_helpers import cargo_env
from tests.helpers import propose
from tests.http_helpers import answer, built_binaries, serving

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "rust_axum"
PROPOSAL = ROOT / "tests" / "data" / "extract" / "rust_axum.proposal.json"
FOLLOW = OwnedRoute("POST", "/users/{id}/follows", "crate::handlers::follows::follow",
                    "follows::follow")
UNFOLLOW = OwnedRoute("DELETE", "/users/{id}/follows", "crate::handlers::follows::unfollow",
                      "follows::unfollow")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".nova-refactor" not in p.parts and "target" not in p.parts}


def test_the_state_type_is_found_through_its_use_line() -> None:
    refusals: list[Skipped] = []
    code = "use feed_common::state::{Config, AppState};\n" \
           "pub async fn f(State(s): State<AppState>) {}\n"
    assert axum.state_type(code, refusals) == "feed_common::state::AppState"
    assert axum.state_type("use a::b::S;\nfn f(s: State<S>) {}\n", refusals) == "a::b::S"
    assert axum.state_type("pub async fn f() {}\n", refusals) == ""
    assert axum.state_type("fn f(a: State<A>, b: State<B>) {}\n", refusals) == ""
    assert axum.state_type("fn f(a: State<Unknown>) {}\n", refusals) == ""
    assert [r.render() for r in refusals] == [
        "the handlers extract several axum states (A, B); one router has one state type",
        "the handlers extract State<Unknown> but no `use` line of the service names where "
        "Unknown is"]


def test_one_method_router_per_path_and_a_stateless_test_that_sends_requests() -> None:
    crate = service_crate("users")
    routes = axum.routes_rs(crate, [UNFOLLOW, FOLLOW], "")
    assert '.route("/users/{id}/follows", routing::delete(crate::handlers::follows::unfollow)' \
           ".post(crate::handlers::follows::follow))" in routes
    assert "pub fn router() -> Router {" in routes
    test = axum.routes_test(crate, [FOLLOW], [("GET", "/posts/1")], "", tower=True)
    assert "use tower::ServiceExt;" in test and '("GET", "/posts/1")' in test
    assert '("POST", "/users/1/follows")' in test  # a concrete path is sent
    main = axum.main_rs(crate, [FOLLOW], "")
    assert "let app = users_service::routes::router();" in main and "state()" not in main
    # no tower: no request is sent, the table is compared
    assert "oneshot" not in axum.routes_test(crate, [FOLLOW], [], "", tower=False)


def test_with_state_the_router_is_typed_and_the_bin_says_what_to_build() -> None:
    crate = service_crate("users")
    assert "pub fn router() -> Router<crate::state::S> {" in \
        axum.routes_rs(crate, [FOLLOW], "crate::state::S")
    main = axum.main_rs(crate, [FOLLOW], "crate::state::S")
    assert "State<users_service::state::S>`, which the monolith's `main` builds" in main
    assert "fn state() -> users_service::state::S {" in main
    assert "std::process::exit(2)" in main


@pytest.mark.slow
def test_common_and_the_users_service_of_the_axum_example(tmp_path, monkeypatch,
                                                          rust_examples):
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    crate = tmp_path / "feed-service"
    shutil.copytree(EXAMPLE, crate, ignore=shutil.ignore_patterns("target"))
    original = _tree(crate)
    common = runner.write(propose("extract-common", crate,
                                  options=registry.ExtractOptions(proposal=PROPOSAL)))
    assert common.checks[0].startswith("compiled: yes")

    options = registry.ExtractOptions(proposal=PROPOSAL, service="users")
    users = runner.write(propose("extract-service", crate, options=options),
                         verify="cargo test --workspace --offline --quiet")
    assert users.checks[0] == "compiled: yes (cargo check of the monolith and of " \
                              "services/users-service)"
    assert users.checks[-1] == "route inventory identical (16 routes)"
    assert "test result: FAILED" not in users.verify_output
    routes = (crate / "services/users-service/src/routes.rs").read_text()
    assert "pub fn router() -> Router<feed_common::state::AppState> {" in routes
    assert routes.count(".route(") == 2  # /followers, and /follows with two methods
    assert "fn registers_exactly_the_routes_it_owns" in \
        (crate / "services/users-service/tests/routes.rs").read_text()
    assert "use users_service::handlers::follows;" in \
        (crate / "src/handlers/mod.rs").read_text()

    _same_answers_as_the_monolith(crate, tmp_path)

    assert propose("extract-service", crate, options=options).changeset.empty
    for _ in range(2):
        runner.undo(crate)
    assert _tree(crate) == original


FOLLOWS = [("POST", "/api/v1/users/2/follows", '{"follower": 1}'),
           ("GET", "/api/v1/users/2/followers", ""),
           ("POST", "/api/v1/users/2/follows", '{"follower": 2}'),
           ("DELETE", "/api/v1/users/2/follows", '{"follower": 1}'),
           ("GET", "/api/v1/users/2/followers", ""), ("GET", "/api/v1/users/x/followers", "")]


def _same_answers_as_the_monolith(crate: Path, tmp_path: Path) -> None:
    """The users service's binary builds the AppState as the monolith's main does, with the
    app's layers around its routes: over HTTP it answers as the monolith, header included."""
    main = (crate / "services/users-service/src/main.rs").read_text()
    assert ".with_state(state);" in main and "fn state()" not in main
    assert ".layer(ConcurrencyLimitLayer::new(config.max_in_flight))" in main
    binaries = built_binaries(crate, ["feed-service", "users-service"], tmp_path / "bin",
                              cargo_env())
    env = {**cargo_env(), "LOG_LEVEL": "error"}
    with serving(binaries["feed-service"], "FEED_SERVICE_ADDR", env) as monolith, \
            serving(binaries["users-service"], "USERS_SERVICE_ADDR", env) as service:
        answers = [(answer(service, *r), answer(monolith, *r)) for r in FOLLOWS]
    for request, (got, expected) in zip(FOLLOWS, answers, strict=True):
        assert got[:2] == expected[:2], request
        assert got[2].get("x-service") == expected[2].get("x-service") == "feed-service"
    assert [got[:2] for got, _ in answers[:2]] == [(201, ""), (200, "[1]")]
