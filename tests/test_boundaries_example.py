"""The bundled monolith's proposal: a reviewed golden, and what an architect would expect."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.analysis.boundaries.propose import propose
from nova_refactor.analysis.graph.dependencies import build_graph
from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.report.machine.contracts import render_contracts
from nova_refactor.report.machine.graph_formats import render_proposal_json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "python_monolith"
GOLDEN = ROOT / "tests" / "golden" / "python_monolith.boundaries.json"


@pytest.fixture(scope="module")
def analysis():
    return analyze([EXAMPLE], Options(use_cache=False))


@pytest.fixture(scope="module")
def proposal(analysis):
    # history off: the golden must not depend on this repository's commits
    return propose(analysis, BoundaryOptions(history=False))


def test_matches_golden(proposal, update_goldens: bool) -> None:
    document = render_proposal_json(proposal)
    if update_goldens:
        GOLDEN.write_text(document)
    assert GOLDEN.exists(), "run pytest --update-goldens once, then review the file"
    assert json.loads(document) == json.loads(GOLDEN.read_text()), (
        "boundaries of examples/python_monolith changed; if intended, rerun with "
        "--update-goldens and review the diff"
    )


def test_services_shared_library_and_entrypoint(proposal) -> None:
    assert {s.name: s.modules for s in proposal.services} == {
        "analytics": ("services/analytics.py",), "media": ("services/media.py",),
        "posts": ("services/posts.py",), "streaming": ("services/streaming.py",),
        "users": ("services/users.py",),
    }
    # utils.py: not for its name, but because posts and media use it and main.py wires it
    assert proposal.shared.modules == ("models.py", "services/__init__.py", "storage.py",
                                       "utils.py")
    assert proposal.entrypoints == ("main.py",)
    assert proposal.crossings == ()


def test_routes_and_locks_land_with_their_service(proposal) -> None:
    owned = {s.name: {r.path for r in s.routes} for s in proposal.services}
    assert "/api/v1/posts/<int:post_id>" in owned["posts"]
    assert "/api/v1/streams/<int:stream_id>/chat" in owned["streaming"]
    assert "/api/v1/media/<int:asset_id>" in owned["media"]
    streaming = next(s for s in proposal.services if s.name == "streaming")
    assert streaming.locks == ("StreamService._lock (services/streaming.py:47)",)
    assert any("Repository._lock" in lock for lock in proposal.shared.locks)
    # handlers in main.py go where the service objects they use live
    login = next(r for r in next(s for s in proposal.services if s.name == "users").routes
                 if r.path == "/api/v1/auth/login")
    assert login.why == "handler main.login uses user_service"
    assert {"/api/v1/feed", "/api/v1/trending", "/api/v1/search"} <= owned["posts"]
    # operations and admin endpoints stay with the entrypoint (the gateway)
    assert {r.path for r in proposal.unassigned_routes} == {
        "/", "/admin/cache/flush", "/admin/maintenance", "/admin/stats", "/admin/workers",
        "/api/v1/auth/logout", "/api/v1/events", "/api/v1/search/index", "/health", "/metrics",
        "/ready", "/version"}


def test_graph_of_the_example(analysis) -> None:
    report = build_graph(analysis)
    assert report.cycles == ()
    assert report.most_depended_on[0] == ("storage.py", 8)
    main = next(n for n in report.nodes if n.path == "main.py")
    assert main.entrypoint and main.fan_out == 8
    utils_edge = next(e for e in report.edges if (e.source, e.target) == ("main.py", "utils.py"))
    assert utils_edge.weight == 6  # `import utils`: six attributes used (utils.paginate, ...)


@pytest.mark.slow
def test_emitted_contracts_hold_on_the_example(analysis, proposal, tmp_path: Path) -> None:
    config = tmp_path / "contracts.toml"
    config.write_text(render_contracts(proposal, analysis))
    lint = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run([str(lint), str(config), "--no-cache"], cwd=EXAMPLE, capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Proposed services are independent KEPT" in proc.stdout


@pytest.mark.parametrize("wanted", [2, 3])
def test_merged_services_keep_the_routes_their_members_owned(analysis, proposal,
                                                              wanted: int) -> None:
    merged = propose(analysis, BoundaryOptions(history=False, services=wanted))
    assert len(merged.services) == wanted
    # merging can only settle a route whose evidence was split between the merged services
    assert {r.path for r in merged.unassigned_routes} <= {
        r.path for r in proposal.unassigned_routes}
    # /api/v1/users routes follow services/users.py into whichever service now holds it
    holder = next(s for s in merged.services if "services/users.py" in s.modules)
    assert any("/users" in route.path for route in holder.routes)
