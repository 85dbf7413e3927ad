"""`nova_refactor.api`: the same answers as the commands, as values and exceptions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nova_refactor import api
from nova_refactor.codemods.protocol import Proposal
from nova_refactor.errors import UsageError
from tests.codemods.harness import CASES, tree_bytes

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "python_monolith"


def test_analyze_check_and_propose_agree_on_the_example() -> None:
    analysis = api.analyze(EXAMPLE, use_cache=False, jobs=1)
    assert analysis.summary.routes == 54
    outcome = api.check(EXAMPLE, use_cache=False, jobs=1)
    assert outcome.result.broken  # the monolith breaks the default pack
    assert {j.finding.rule for j in outcome.result.judged} >= {"entrypoint-size"}
    proposal = api.propose(EXAMPLE, services=3, cochange=False, use_cache=False, jobs=1)
    assert len(proposal.services) == 3


def test_apply_proposes_then_write_and_undo_round_trip(tmp_path: Path) -> None:
    root = tmp_path / "flask_app"
    shutil.copytree(CASES / "flask_app" / "before", root)
    before = tree_bytes(root)
    change = api.apply("extract-routes", root)
    assert isinstance(change, Proposal) and tree_bytes(root) == before  # nothing written
    done = api.write(change)
    assert done.entry is not None and (root / "routes.py").is_file()
    api.undo(root)
    assert tree_bytes(root) == before


def test_errors_are_raised_not_printed(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no Python"):
        api.analyze(tmp_path)
    with pytest.raises(UsageError, match="not available yet"):
        api.apply("lock-to-actor", tmp_path, lock="STATS")
