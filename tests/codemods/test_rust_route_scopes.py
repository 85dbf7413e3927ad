"""routes.rs within the plan's file-size limit: when the generated routes.rs would pass it,
each domain scope (`/sessions`, `/admin`; not the versioning scope `/api/v1`, whose children
are the domains) gets its own `routes/<domain>.rs` with a `configure`, mounted in place. On
examples/rust_monolith (actix-web 4) with the limit lowered so that its routes.rs passes it:
the same route inventory, middleware included, `cargo check` and the crate's own tests pass."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nova_refactor.codemods import runner
from nova_refactor.codemods.rust import route_scopes
from tests.cargo_helpers import cargo_env
from tests.helpers import propose

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "rust_monolith"


def _split(tmp_path: Path, monkeypatch) -> tuple[Path, runner.Proposal]:
    monkeypatch.setattr(route_scopes, "ROUTES_LINES", 20)
    crate = tmp_path / "user-service"
    shutil.copytree(EXAMPLE, crate, ignore=shutil.ignore_patterns("target"))
    return crate, propose("split-entrypoint", crate)


def test_domain_scopes_get_a_module_each(tmp_path, monkeypatch) -> None:
    _, proposal = _split(tmp_path, monkeypatch)
    texts = {c.path: c.after.decode() for c in proposal.changeset.changes}
    # `admin` is named in routes.rs already (the handlers' `admin::configure`)
    assert {"src/routes/sessions.rs", "src/routes/admin_routes.rs"} <= set(texts)
    assert "src/routes/api_v1.rs" not in texts  # a versioning scope: its children are domains
    routes = texts["src/routes.rs"]
    assert "mod sessions;" in routes and "mod admin_routes;" in routes
    assert ".configure(|cfg| sessions::configure(cfg))" in routes
    sessions = texts["src/routes/sessions.rs"]
    assert "pub(crate) fn configure(cfg: &mut web::ServiceConfig)" in sessions
    assert 'web::scope("/sessions")' in sessions and "session_routes::login" in sessions
    assert any("domain scopes get a module each" in n for n in proposal.plan.notes)


def test_within_the_limit_routes_rs_stays_one_file(tmp_path) -> None:
    crate = tmp_path / "user-service"
    shutil.copytree(EXAMPLE, crate, ignore=shutil.ignore_patterns("target"))
    paths = {c.path for c in propose("split-entrypoint", crate).changeset.changes}
    assert not any(p.startswith("src/routes/") for p in paths)


@pytest.mark.slow
def test_scoped_routes_compile_and_pass_the_crates_tests(tmp_path, monkeypatch,
                                                        rust_examples) -> None:
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    _, proposal = _split(tmp_path, monkeypatch)
    outcome = runner.write(proposal, verify="cargo test --locked --offline --quiet")
    assert outcome.checks[0] == "route inventory identical (16 routes, middleware included)"
    assert outcome.compiled == "compiled: yes"
    assert outcome.verify_output.count("test result: ok") == 2
