"""examples/rust_monolith split in three crates, with the hand-edited proposal in
tests/data/extract (authentication and the session store go to the shared library, as a user
would move them): extract-common, then the streams and users services. Each write compiles
(cargo check of the monolith and the new crate); `cargo test` of the whole workspace passes,
the new crates' route tests included; the route inventory is identical; a second run changes
nothing; undo restores every byte. Built in the suite's shared target dir."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nova_refactor.codemods import registry, runner
from nova_refactor.codemods.extract.proposal_file import read_proposal
from nova_refactor.codemods.extract.rust_service import plan_rust_service
from tests.cargo_helpers import cargo_env
from tests.helpers import propose
from tests.http_helpers import answer, built_binaries, serving

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "rust_monolith"
PROPOSAL = ROOT / "tests" / "data" / "extract" / "rust_monolith.proposal.json"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".nova-refactor" not in p.parts and "target" not in p.parts}


def _copy(tmp_path: Path) -> Path:
    crate = tmp_path / "user-service"
    shutil.copytree(EXAMPLE, crate, ignore=shutil.ignore_patterns("target"))
    return crate


def test_a_service_waits_for_the_shared_library_and_for_the_services_it_uses(tmp_path) -> None:
    crate = _copy(tmp_path)
    proposal = read_proposal(PROPOSAL)
    streams = plan_rust_service(crate, proposal, proposal.service("streams"))
    assert "src/handlers/streams.rs:6: the service uses crate::errors::ServiceError of the " \
           "shared library, which is not in libs/user-common yet; run extract-common first" \
        in [r.render() for r in streams.refusals]
    assert streams.texts == {}  # refused: nothing planned
    users = plan_rust_service(crate, proposal, proposal.service("users"))
    assert any(r.render().startswith("src/handlers/users.rs:9: the service uses "
                                     "crate::services::streams::StreamService of service "
                                     "streams; the "
                                     "proposal cuts this edge") and
               "extract service streams first" in r.message for r in users.refusals)


def test_a_use_of_the_monolith_is_refused_with_its_line(tmp_path) -> None:
    crate = _copy(tmp_path)
    text = (crate / "src/services/streams.rs").read_text()
    (crate / "src/services/streams.rs").write_text(
        text.replace("use crate::db::DbPool;", "use crate::db::DbPool;\nuse crate::jobs;"))
    proposal = read_proposal(PROPOSAL)
    planned = plan_rust_service(crate, proposal, proposal.service("streams"))
    assert any(r.render().startswith(
        'src/services/streams.rs:6: the service uses crate::jobs, which is in src/jobs.rs of '
        'service jobs, an edge the proposal does not cut: move "src/jobs.rs" from service '
        'jobs to the proposal\'s "shared" modules (then run extract-common) or service '
        'streams\'s "modules"') for r in planned.refusals)


@pytest.mark.slow
def test_common_and_two_services_of_the_rust_example(tmp_path, monkeypatch, rust_examples):
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    crate = _copy(tmp_path)
    original = _tree(crate)
    options = registry.ExtractOptions(proposal=PROPOSAL)
    common = runner.write(propose("extract-common", crate, options=options))
    assert common.checks[0].startswith("compiled: yes")

    streams = propose("extract-service", crate, options=registry.ExtractOptions(
        proposal=PROPOSAL, service="streams"))
    notes = "\n".join(streams.plan.notes)
    assert "edge src/handlers/users.rs:9 -> src/services/streams.rs: cut by the proposal, " \
           "would become a call (StreamService); for now an import of " \
           "streams_service::services::streams" in notes
    assert "edge src/main.rs:35 -> src/services/streams.rs: an import of the new crate" in notes
    done = runner.write(streams)
    assert done.checks[0] == "compiled: yes (cargo check of the monolith and of " \
                             "services/streams-service)"
    assert done.checks[1].startswith("visibility: 0 item(s) widened")  # nothing it must widen
    # the proposal's 4 crossings (cut edges, still imports) are reported as before, none new
    assert done.checks[2] == "contracts hold (gate rule boundaries): 4 crossing(s) the " \
                             "proposal names, as before the move; none new"
    assert done.checks[3] == "route inventory identical (16 routes)"
    assert "pub(crate) struct StreamState" in \
        (crate / "services/streams-service/src/services/streams.rs").read_text()

    users_options = registry.ExtractOptions(proposal=PROPOSAL, service="users")
    users = runner.write(propose("extract-service", crate, options=users_options),
                         verify="cargo test --workspace --offline --quiet")
    # UserService::count was pub(crate); main.rs and the admin handler call it: widened
    assert users.checks[1].startswith("visibility: 1 item(s) widened to pub") and \
        "services/users-service/src/services/users.rs:85" in users.checks[1]
    assert users.checks[2].startswith("contracts hold")
    assert users.checks[3] == "route inventory identical (16 routes)"
    contracts = (crate / "contracts.toml").read_text()
    assert 'modules = ["services/users-service/src/handlers/users.rs", ' in contracts
    # monolith (unit + server), user-common, streams-service and users-service route tests
    assert "test result: FAILED" not in users.verify_output
    assert users.verify_output.count("test result: ok. 1 passed") >= 2
    manifest = (crate / "services/users-service/Cargo.toml").read_text()
    assert 'streams-service = { path = "../streams-service" }' in manifest
    assert 'user-common = { path = "../../libs/user-common" }' in manifest
    main = (crate / "src/services/mod.rs").read_text()
    assert "pub use users_service::services::users;" in main

    _same_answers_as_the_monolith(crate, tmp_path)

    assert propose("extract-service", crate, options=users_options).changeset.empty
    for _ in range(3):
        runner.undo(crate)
    assert _tree(crate) == original


STREAMS = [("GET", "/api/v1/events/since/1000", ""),  # StreamService from web::Data: 200 []
           ("GET", "/api/v1/events/since/abc", ""),  # the app's PathConfig error handler: 400
           ("POST", "/api/v1/events", '{"kind": "k", "payload": "p"}')]  # SessionService: 401
USERS = [("POST", "/api/v1/users", '{"name": "ann", "email": "ann@example.com"}'),
         ("GET", "/api/v1/users/1", ""), ("GET", "/api/v1/users", ""),
         ("PUT", "/api/v1/users/1", '{"name": "anne"}'), ("DELETE", "/api/v1/users/1", ""),
         ("GET", "/api/v1/users/1", ""), ("GET", "/api/v1/users/x", "")]


def _same_answers_as_the_monolith(crate: Path, tmp_path: Path) -> None:
    """Each service's own binary, over HTTP, answers its routes as the monolith does: the
    state its handlers extract is built and registered as the monolith's main does it."""
    main = (crate / "services/users-service/src/main.rs").read_text()
    assert ".app_data(web::Data::from(users.clone()))" in main
    assert "let users = Arc::new(UserService::new(pool.clone(), cache.clone()));" in main
    # the middleware of main is in src/handlers/mod.rs, which stays: named, not carried
    assert "middleware not carried: .wrap(from_fn(handlers::request_log))" in main
    binaries = built_binaries(crate, ["user-service", "streams-service", "users-service"],
                              tmp_path / "bin", cargo_env())
    env = {**cargo_env(), "LOG_LEVEL": "error"}
    for package, requests in (("streams-service", STREAMS), ("users-service", USERS)):
        variable = f"{package.upper().replace('-', '_')}_ADDR"
        with serving(binaries["user-service"], "USER_SERVICE_ADDR", env) as monolith, \
                serving(binaries[package], variable, env) as service:
            answers = [(answer(service, *r)[:2], answer(monolith, *r)[:2]) for r in requests]
        for request, (got, expected) in zip(requests, answers, strict=True):
            assert got == expected, request
        assert answers[0][0][0] in (200, 201), answers  # served with its state, not a 500
