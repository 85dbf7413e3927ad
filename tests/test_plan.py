"""`nova-refactor plan`: the generators state measured facts, in phase order, hot paths first."""

from __future__ import annotations

from pathlib import Path

import pytest

from nova_refactor import api
from nova_refactor.gate.coverage import CoverageReport, FileCoverage
from nova_refactor.model import LockSite
from nova_refactor.planning.entry_phase import merged
from nova_refactor.planning.gaps import find_gaps
from nova_refactor.planning.lock_phase import suggest
from nova_refactor.planning.markdown import plan_files
from nova_refactor.planning.model import MigrationPlan
from tests.helpers import propose

ROOT = Path(__file__).resolve().parents[1]
PY = ROOT / "examples" / "python_monolith"
RUST = ROOT / "examples" / "rust_monolith"


@pytest.fixture(scope="module")
def py_plan() -> MigrationPlan:
    return api.plan(PY, cochange=False, use_cache=False, jobs=1)


@pytest.fixture(scope="module")
def rust_plan() -> MigrationPlan:
    return api.plan(RUST, cochange=False, use_cache=False, jobs=1)


def test_phase1_says_exactly_what_the_codemod_planner_moves(py_plan: MigrationPlan) -> None:
    proposal = propose("split-entrypoint", PY)
    entry = py_plan.entry
    assert entry is not None and entry.codemod == "split-entrypoint" and entry.after_measured
    used = proposal.plan.used_modules()
    assert [g.target for g in entry.groups] == [m.path for m in used]
    for group, module in zip(entry.groups, used, strict=True):
        moved = [p for p in proposal.plan.moved if p.module == module.name]
        assert group.names == tuple(n for p in moved for n in p.names)
        assert group.ranges == merged([(p.start_line, p.end_line) for p in moved])
        assert group.lines == sum(p.end_line - p.start_line + 1 for p in moved)
    assert {g.codemod for g in entry.groups} == {"extract-state", "extract-services",
                                                 "extract-background", "extract-routes",
                                                 "extract-cli"}
    after = next(c.after for c in proposal.changeset.changes if c.path == "main.py")
    assert entry.after_lines == after.count(b"\n") < 100 < entry.lines == 1721
    sizes = {c.path: c.after.count(b"\n") for c in proposal.changeset.changes}
    assert {g.target: g.file_lines for g in entry.groups} == {
        p: n for p, n in sizes.items() if p != "main.py"}


def test_phase1_leaves_no_module_over_a_limit_once_routes_go_by_domain(
        py_plan: MigrationPlan) -> None:
    """The split cuts the example's routes into `routes_<domain>.py` modules (issue #16), so
    Phase 1 no longer leaves a module over `file-size` for Phase 3 to fix."""
    routes = next(g for g in py_plan.entry.groups if g.target == "routes.py")
    assert routes.app_objects == ("app",)  # the Flask app moves there
    assert {g.target for g in py_plan.entry.groups} >= {"routes_users.py", "routes_posts.py"}
    assert all(0 < g.file_lines <= 499 for g in py_plan.entry.groups)
    text = plan_files(py_plan)["PLAN.md"]
    assert "**Still over a limit**" not in text
    assert "`file-size` still flags" not in text


def test_metrics_and_adrs_cite_the_measured_facts(py_plan: MigrationPlan) -> None:
    summary = py_plan.analysis.summary
    rows = {m.metric: m for m in py_plan.metrics}
    assert (rows["Entrypoint lines"].now, rows["Entrypoint lines"].where) == ("1721", "main.py:1")
    assert rows["Entrypoint lines"].target == "<= 99" and rows["Entrypoint lines"].met is False
    worst = summary.max_complexity
    assert rows["Max complexity"].where == f"{worst.path}:{worst.line} ({worst.name})"
    assert rows["Lock acquisitions on request paths"].now == str(summary.hot_path_acquisitions)
    assert rows["Line coverage"].met is None  # not measured: never claimed met or not met
    files = plan_files(py_plan)
    split = files["adr/0001-split-main-py-into-a-composition-root.md"]
    assert "`main.py` has 1721 lines (main.py:1); the rule pack allows 99" in split
    assert f"goes from 1721 to {py_plan.entry.after_lines} lines" in split
    for service in py_plan.proposal.services:
        text = next(t for n, t in files.items() if n.endswith(f"extract-the-{service.name}"
                                                               "-service.md"))
        assert f"({service.lines} lines," in text
        assert all(r.where in text for r in service.routes[:8])
        assert "Status: proposed" in text and "## Decision" in text


def test_one_adr_per_service_plus_split_locks_and_library(py_plan: MigrationPlan) -> None:
    titles = [a.title for a in py_plan.adrs]
    assert titles[0] == "Split main.py into a composition root"
    assert titles[1] == "Replace shared locks on request paths"
    assert titles[2] == "Extract the shared library python-monolith-common"
    services = [s.name for s in py_plan.proposal.services]
    assert titles[3:] == [f"Extract the {name} service" for name in services]
    assert [a.filename[:5] for a in py_plan.adrs] == [f"{i:04d}-" for i in range(1, 9)]


def test_phases_come_in_order_and_link_every_adr(py_plan: MigrationPlan) -> None:
    text = plan_files(py_plan)["PLAN.md"]
    headings = ["## Success metrics", "## Phase 1", "## Phase 2", "## Phase 3", "## Phase 4",
                "## Acceptance criteria", "## Architecture decision records"]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert all(f"(adr/{a.filename})" in text for a in py_plan.adrs)


def test_hot_paths_first_and_held_across_await_first(
    py_plan: MigrationPlan, rust_plan: MigrationPlan
) -> None:
    for plan in (py_plan, rust_plan):
        hot = [bool(lock.hot or lock.across_await) for lock in plan.locks]
        assert hot == sorted(hot, reverse=True)  # every hot lock before any cold one
        counts = [len(lock.hot) for lock in plan.locks if not lock.across_await]
        assert counts == sorted(counts, reverse=True)
    first = rust_plan.locks[0]
    assert first.owner == "StreamService.state" and first.across_await == (
        "src/services/streams.rs:33 (StreamService::publish)",)
    assert first.suggestion.startswith("actor") and "`mpsc`" in first.suggestion
    assert not any(lock.declared.startswith("tests/") for lock in py_plan.locks)
    chains = {lock.owner: lock.via for lock in py_plan.locks}
    assert ("main.py:join_stream -> services/streaming.py:StreamService.join"
            in chains["StreamService._lock"])


def _site(**kw) -> LockSite:
    base = dict(owner="X", primitive="threading.Lock", role="acquisition", path="a.py", line=1)
    return LockSite(**{**base, **kw})


@pytest.mark.parametrize(("owner", "primitive", "sites", "expected"), [
    ("C.table", "Arc<RwLock>", [_site(how=".read()", hot_path=True)] * 3
     + [_site(how=".write()")], "snapshot"),
    ("C.table", "Arc<RwLock>", [_site(how=".write()", hot_path=True)] * 3, "sharded"),
    ("C.cache", "Arc<RwLock>", [_site(how=".read()", hot_path=True)] * 3, "sharded"),
    ("DbPool.idle", "Arc<Mutex>", [_site(hot_path=True)], "pool"),
    ("C.state", "Arc<Mutex>", [_site(held_across_await=True, hot_path=True)], "actor"),
    ("request_counter", "mutable global", [_site(role="rebinding", hot_path=True)], "counter"),
    ("MAINTENANCE_MODE", "mutable global", [_site(role="rebinding")], "flag"),
    ("EVENT_COND", "threading.Condition", [_site(hot_path=True)], "channel"),
    ("Svc._lock", "threading.Lock", [_site(hot_path=True, function=f"f{i}") for i in range(3)],
     "actor"),
    ("Svc._lock", "threading.Lock", [_site(function="f")], "keep for now: no request path "
     "takes it"),
])
def test_suggestions_follow_the_measured_use(owner, primitive, sites, expected) -> None:
    awaits = [s for s in sites if s.held_across_await]
    hot = [s for s in sites if s.hot_path]
    suggestion, reason = suggest(owner, primitive, sites, awaits, hot)
    assert suggestion == expected and reason


def test_test_gaps_rank_uncovered_complexity_first(py_plan: MigrationPlan) -> None:
    posts = next(f for f in py_plan.analysis.files if f.path == "services/posts.py")
    feed = next(fn for fn in posts.functions if fn.name == "PostService.build_feed")
    simple = next(fn for fn in posts.functions if fn.complexity == 1)
    measured = tuple(range(1, posts.lines.physical + 1))
    missed = tuple(n for n in measured if feed.line <= n <= feed.end_line
                   or simple.line <= n <= simple.end_line)
    report = CoverageReport("cov.xml", "cobertura", (
        FileCoverage("services/posts.py", len(measured) - len(missed), len(measured), missed,
                     measured),))
    gaps = find_gaps(py_plan.analysis, report)
    assert gaps.functions[0].name == "PostService.build_feed"
    assert gaps.functions[0].score == feed.complexity  # all of it uncovered
    assert gaps.functions[1].name == simple.name and gaps.functions[1].covered == 0
    assert [m.path for m in gaps.modules] == ["services/posts.py"]
    assert gaps.notes and "not in the report" in gaps.notes[0]


def test_without_coverage_nothing_is_claimed(py_plan: MigrationPlan) -> None:
    gaps = py_plan.gaps
    assert gaps.source == "" and gaps.total_percent is None and not gaps.functions
    assert "no coverage report given" in gaps.notes[0]
    imported = {e.target for e in py_plan.analysis.imports if e.source.startswith("tests/")}
    assert all(g.path not in imported for g in gaps.untested)


def test_rust_phase1_is_the_rust_codemods_plan(rust_plan: MigrationPlan) -> None:
    entry = rust_plan.entry
    assert entry is not None and entry.codemod == "split-entrypoint" and entry.after_measured
    assert entry.after_lines < 100 < entry.lines
    targets = {g.target: g.codemod for g in entry.groups}
    # the workers start inside the ordered AppState::init, with the state they share
    assert targets == {"src/app_state.rs": "extract-state", "src/routes.rs": "extract-routes",
                       "src/cli.rs": "extract-cli"}
    assert rust_plan.adrs[0].filename == "0001-split-src-main-rs-into-a-composition-root.md"


def test_a_rust_main_the_codemod_refuses_gets_an_honest_estimate() -> None:
    from nova_refactor.analysis.run.pipeline import Options, analyze
    from nova_refactor.planning.entry_phase import _estimate

    result = analyze([Path(RUST)], Options(use_cache=True, jobs=1))
    entry = next(e for e in result.entrypoints if e.path == "src/main.rs")
    facts = next(f for f in result.files if f.path == entry.path)
    phase = _estimate(entry, facts, "a reason given by the codemod")
    assert phase.codemod == "" and not phase.after_measured
    assert all(g.target.endswith(".rs") for g in phase.groups)
    assert "cannot split it (a reason given by the codemod)" in phase.notes[0]


def test_the_plan_is_deterministic(py_plan: MigrationPlan) -> None:
    again = api.plan(PY, cochange=False, use_cache=True, jobs=1)
    assert plan_files(again) == plan_files(py_plan)


def test_routes_cut_by_url_are_planned_as_extract_routes(tmp_path, monkeypatch) -> None:
    """A routes group sits between routes and cli (level 3.01, ..): Phase 1 names it."""
    import shutil

    from nova_refactor.codemods.python import grouping, planner

    monkeypatch.setattr(planner, "ROUTES_LIMIT", 30)
    monkeypatch.setattr(grouping, "TARGET_LINES", 24)
    root = tmp_path / "app"
    shutil.copytree(ROOT / "tests" / "data" / "codemods" / "flask_domains" / "before", root)
    plan = api.plan(root, cochange=False, use_cache=False, jobs=1)
    assert plan.entry is not None
    groups = [g for g in plan.entry.groups if "/routes_" in f"/{g.target}"]
    assert len(groups) >= 3
    assert {g.codemod for g in groups} == {"extract-routes"}
