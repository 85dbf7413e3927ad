"""The route and lock figures are the same in every document: drawn from `Summary`."""

from __future__ import annotations

import re
from pathlib import Path

from nova_refactor import api
from nova_refactor.analysis.naming import is_test
from nova_refactor.analysis.run.summary import counted_routes
from nova_refactor.planning.markdown import plan_files
from nova_refactor.report.markdown.analysis import render_markdown

PY = Path(__file__).resolve().parents[1] / "examples" / "python_monolith"


def test_plan_and_analysis_agree_on_routes_and_locks() -> None:
    plan = api.plan(PY, cochange=False, use_cache=False, jobs=1)
    analysis, summary = plan.analysis, plan.analysis.summary
    assert summary.routes == counted_routes(analysis.routes) == 54
    built = [s for s in analysis.locks if s.role == "construction" and s.primitive !=
             "mutable global"]
    # The example's tests build locks of their own; test code is out of the inventory unless
    # --include-tests, so the figure counts only what the inventory holds.
    assert not any(is_test(s.path) for s in built)
    assert summary.shared_locks == len(built) == 11

    files = plan_files(plan)
    text = files["PLAN.md"]
    assert f"| Shared locks | {summary.shared_locks} |" in text
    assert f"| Mutable globals | {summary.mutable_globals} |" in text
    phase2 = re.search(r"(\d+) shared locks and mutable globals \(test code left out([^)]*)\)",
                       text)
    assert phase2 is not None
    owners = int(phase2.group(1))
    if owners != summary.shared_locks + summary.mutable_globals:  # then it says how they meet
        assert f"{summary.shared_locks} shared locks and {summary.mutable_globals}" in phase2[2]
    declared = [t for t in files.values() if "It declares" in t]
    in_main = counted_routes(r for r in analysis.routes if r.file == "main.py")
    assert declared and all(f"It declares {in_main} route(s)" in t for t in declared)
    assert "| Routes | 54 |" in render_markdown(analysis)
