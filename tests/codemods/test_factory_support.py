"""Helpers an app factory calls leave an oversized routes.py for support modules below it
(LightRAG's shape, with the limits lowered so a small fixture is over them)."""

from __future__ import annotations

from nova_refactor.codemods.python import planner
from tests.codemods.harness import probe, split_case

LIMIT = 100  # the lowered file-size limit every written module must be under


def test_factory_helpers_go_to_support_modules_under_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(planner, "ROUTES_LIMIT", 60)
    monkeypatch.setattr(planner, "SUPPORT_LINES", 30)
    split = split_case(tmp_path, "fastapi_factory_helpers", entrypoint="server.py")
    written = {c.path: split.text(c.path) for c in split.proposal.changeset.changes}
    sizes = {path: text.count("\n") for path, text in written.items()}
    assert all(lines < LIMIT for lines in sizes.values()), sizes
    support = sorted(p for p in written if p.startswith("routes_support"))
    assert len(support) >= 2, sizes
    # the factory and its routes stay in routes.py, which imports the helpers it calls
    assert "def create_app(args):" in written["routes.py"]
    assert "def create_embedding_function(" not in written["routes.py"]
    # a helper waits for the one it reads: _normalise is in an earlier support module
    home = {name: p for p in support for name in ("def _normalise(",
                                                    "def create_embedding_function(")
            if name in written[p]}
    assert home["def _normalise("] <= home["def create_embedding_function("], home
    # rebound through `global`: one home, not a support module
    assert not any("def count_request(" in written[p] for p in support)
    checks = "\n".join(split.outcome.checks)
    assert "pyflakes: no new warnings" in checks, checks
    assert "route inventory identical (2 routes)" in checks, checks
    assert "no import cycle among" in checks, checks
    before = probe(split.before)
    assert before.startswith("exit=0\n") and "requests 2" in before
    assert probe(split.after) == before


def test_a_routes_module_under_the_limit_keeps_its_helpers(tmp_path):
    split = split_case(tmp_path, "fastapi_factory_helpers", entrypoint="server.py")
    written = [c.path for c in split.proposal.changeset.changes]
    assert not any(p.startswith("routes_support") for p in written), written


def test_state_helpers_nothing_in_app_state_reads_go_to_support_modules_above_it(
        tmp_path, monkeypatch):
    monkeypatch.setattr(planner, "ROUTES_LIMIT", 25)
    monkeypatch.setattr(planner, "SUPPORT_LINES", 30)
    split = split_case(tmp_path, "fastapi_factory_helpers", entrypoint="server.py")
    written = {c.path: split.text(c.path) for c in split.proposal.changeset.changes}
    state = [p for p in written if p.startswith("state_support")]
    assert state, sorted(written)
    # the config class only the factory reads leaves app_state; the constants it reads stay
    assert any("class ConfigCache:" in written[p] for p in state)
    assert "DEFAULT_MODEL =" in written["app_state.py"]
    assert "request_count = 0" in written["app_state.py"]
    checks = "\n".join(split.outcome.checks)
    assert "pyflakes: no new warnings" in checks and "no import cycle" in checks, checks
    assert probe(split.after) == probe(split.before)
