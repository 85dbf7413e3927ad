"""Build a migration plan: analyse once, then derive every phase from measured facts.

The analysis, the boundaries proposal, the codemod planner and the gate's rules are the same
code the `analyze`, `boundaries`, `apply` and `check` commands run, so the plan states what
those commands would say.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.analysis.boundaries.propose import history_root, propose
from nova_refactor.analysis.run.pipeline import Options, Progress, analyze, with_sources
from nova_refactor.config import GateConfig, load_config
from nova_refactor.errors import UsageError
from nova_refactor.gate.coverage import CoverageReport, load_coverage
from nova_refactor.gate.engine import pack_argument
from nova_refactor.gate.rules import CATALOG
from nova_refactor.model import Analysis
from nova_refactor.planning.adr import adrs
from nova_refactor.planning.entry_phase import entry_phase
from nova_refactor.planning.gaps import find_gaps
from nova_refactor.planning.lock_phase import lock_phase
from nova_refactor.planning.metrics import criteria, metrics
from nova_refactor.planning.model import MigrationPlan


@dataclass(frozen=True, slots=True)
class PlanRequest:
    target: Path
    coverage: Path | None = None
    rules: str | None = None  # pack name or file; None: the target's configuration decides
    services: int | None = None
    history: bool = True  # blend git co-change into the boundaries, as `boundaries` does
    use_cache: bool = True
    jobs: int = 0
    progress: Progress | None = None
    include_tests: bool = False  # --include-tests: test code's locks are planned too


def build_plan(request: PlanRequest) -> MigrationPlan:
    """Raises UsageError (exit 2) for a missing directory or coverage report."""
    root = _root(request.target)
    config = load_config(root, CATALOG, pack_argument(request.rules))
    # As for `check`: --coverage, else `[tool.nova-refactor] coverage` (relative to the root).
    coverage_path = request.coverage or (root / config.coverage if config.coverage else None)
    if coverage_path is not None and not coverage_path.is_file():
        raise UsageError(f"{coverage_path}: coverage report not found")
    analysis = analyze([root], Options(excludes=config.exclude_patterns, jobs=request.jobs,
                                       use_cache=request.use_cache, progress=request.progress,
                                       include_tests=request.include_tests))
    with_sources(analysis, request.target)
    coverage = _coverage(coverage_path, root, analysis)
    proposal = propose(analysis, BoundaryOptions(services=request.services,
                                                 history=request.history),
                       history_root([root]))
    entry = entry_phase(analysis, root, _max_lines(config, "entrypoint-size"),
                        _max_lines(config, "file-size"))
    locks = lock_phase(analysis)
    rules, notes = criteria(analysis, config, root, coverage)
    return MigrationPlan(
        name=root.name, pack=config.pack, analysis=analysis, entry=entry, locks=locks,
        proposal=proposal, gaps=find_gaps(analysis, coverage),
        metrics=metrics(analysis, config, coverage), criteria=rules,
        adrs=adrs(analysis, entry, locks, proposal, root.name),
        gate_notes=notes,
    )


def _max_lines(config: GateConfig, rule: str) -> int | None:
    options = config.options_for(rule, "")
    return options["max_lines"] if options else None


def _root(target: Path) -> Path:
    if not target.exists():
        raise UsageError(f"{target}: no such file or directory")
    if not target.is_dir():
        raise UsageError(f"{target}: not a directory (plan takes a project root)")
    return target.resolve()


def _coverage(path: Path | None, root: Path, analysis: Analysis) -> CoverageReport | None:
    if path is None:
        return None
    return load_coverage(path, root, [f.path for f in analysis.files])
