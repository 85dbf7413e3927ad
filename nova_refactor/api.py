"""The Python API: what the commands do, as functions (the CLI calls the same use cases).

    from nova_refactor import api

    result = api.analyze("path/to/project")              # Analysis: files, locks, routes, ...
    services = api.propose("path/to/project", services=4) # Proposal: services, shared library
    outcome = api.check("path/to/project")               # CheckOutcome: .result.broken
    plan = api.plan("path/to/project")                   # MigrationPlan (PLAN.md's facts)
    proposal = api.apply("split-entrypoint", "path/to/project")  # plan + diff, nothing written
    outcome = api.write(proposal, verify="pytest -q")           # journalled; api.undo reverts

Every function takes the analysis settings the commands share as keywords (`exclude`, `jobs`,
`use_cache`, `include_tests`, and `progress`, called with (done, total) files) and raises
the errors of `nova_refactor.errors` (a `NovaError` with an `exit_code`) instead of printing.
Results are the frozen dataclasses of `model.py` and of each layer;
`nova_refactor.codec.to_jsonable` turns any of them into JSON data.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path

from nova_refactor.analysis.boundaries.model import BoundaryOptions, Proposal
from nova_refactor.analysis.run.pipeline import Progress
from nova_refactor.app import apply as apply_case
from nova_refactor.app.boundaries import boundaries as boundaries_case
from nova_refactor.app.check import check as check_case
from nova_refactor.app.plan import plan as plan_case
from nova_refactor.app.session import Session, Settings
from nova_refactor.codemods import registry
from nova_refactor.codemods.journal import Entry
from nova_refactor.codemods.protocol import Outcome
from nova_refactor.codemods.protocol import Proposal as CodemodProposal
from nova_refactor.gate.engine import CheckOutcome, CheckRequest
from nova_refactor.model import Analysis
from nova_refactor.planning.model import MigrationPlan

PathArg = str | PathLike[str]

__all__ = ["analyze", "apply", "check", "plan", "propose", "undo", "write"]


def _session(paths: PathArg | Sequence[PathArg], exclude: Sequence[str] = (), jobs: int = 0,
             use_cache: bool = True, include_tests: bool = False, rules: str | None = None,
             coverage: PathArg | None = None, progress: Progress | None = None) -> Session:
    given = [paths] if isinstance(paths, (str, PathLike)) else list(paths)
    settings = Settings(excludes=tuple(exclude), jobs=jobs, use_cache=use_cache,
                        include_tests=include_tests, progress=progress)
    return Session([Path(p) for p in given], settings, rules,
                   Path(coverage) if coverage is not None else None)


def analyze(paths: PathArg | Sequence[PathArg] = ".", *, exclude: Sequence[str] = (),
            jobs: int = 0, use_cache: bool = True, include_tests: bool = False,
            progress: Progress | None = None) -> Analysis:
    """Measure one or more trees (as `nova-refactor analyze`)."""
    return _session(paths, exclude, jobs, use_cache, include_tests,
                    progress=progress).analysis()


def propose(paths: PathArg | Sequence[PathArg] = ".", *, services: int | None = None,
            cochange: bool = True, seed: int = 42, exclude: Sequence[str] = (), jobs: int = 0,
            use_cache: bool = True, progress: Progress | None = None) -> Proposal:
    """Proposed services and shared library, with reasons (as `nova-refactor boundaries`);
    `cochange`: blend in co-change from git history."""
    options = BoundaryOptions(services=services, history=cochange, seed=seed)
    session = _session(paths, exclude, jobs, use_cache, progress=progress)
    return boundaries_case(session, options).proposal


def check(path: PathArg = ".", *, rules: str | None = None, baseline: PathArg | None = None,
          changed_since: str | None = None, coverage: PathArg | None = None,
          exclude: Sequence[str] = (), jobs: int = 0, use_cache: bool = True,
          include_tests: bool = False, update_baseline: bool = False, allow_worse: bool = False,
          progress: Progress | None = None) -> CheckOutcome:
    """The quality gate (as `nova-refactor check`); `.result.broken` says whether it fails.
    `update_baseline` rewrites the baseline file (only tightening, unless `allow_worse`)."""
    session = _session(path, exclude, jobs, use_cache, include_tests, rules, coverage, progress)
    request = CheckRequest(target=Path(path), changed_since=changed_since,
                           baseline=Path(baseline) if baseline is not None else None,
                           update_baseline=update_baseline, allow_worse=allow_worse)
    return check_case(session, request)


def plan(path: PathArg = ".", *, services: int | None = None, cochange: bool = True,
         rules: str | None = None, coverage: PathArg | None = None,
         exclude: Sequence[str] = (), jobs: int = 0, use_cache: bool = True,
         include_tests: bool = False, progress: Progress | None = None) -> MigrationPlan:
    """The migration plan's facts (as `nova-refactor plan`, without writing PLAN.md)."""
    session = _session(path, exclude, jobs, use_cache, include_tests, rules, coverage, progress)
    return plan_case(session, services=services, history=cochange)


def apply(codemod: str, path: PathArg = ".", *, entrypoint: str | None = None,
          **options: object) -> CodemodProposal:
    """A codemod's proposal: its plan and changeset, nothing written (`write` writes it).
    `options`: the codemod's own, by name (`lock="STATS"` for lock-to-actor)."""
    chosen = registry.codemod_named(codemod)
    registry.implementations(chosen)  # "not available yet" before its options are judged
    given = registry.options_for(chosen, options)
    # one worker: an apply analyses one project, then spends its time planning
    return apply_case.propose(_session(path, jobs=1), codemod, entrypoint, given)


def write(proposal: CodemodProposal, *, force: bool = False, verify: str | None = None,
          compile: bool = True) -> Outcome:
    """Write a proposal in one journalled transaction: the codemod's checks, then `verify`
    (a shell command run in the project root); any failure rolls everything back.
    `nova-refactor undo` (or `undo`) reverts it."""
    return apply_case.write(proposal, force=force, verify=verify, compile_=compile)


def undo(path: PathArg = ".", *, entry_id: str | None = None, force: bool = False) -> Entry:
    """Revert a written codemod (default: the latest) byte for byte."""
    return apply_case.undo(_session(path), entry_id, force)
