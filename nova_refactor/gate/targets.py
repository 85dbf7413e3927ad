"""The rule pack's limits as the targets of the before/after table (`compare`, `report`).

The default pack is the refactor plan's "After Refactor (Target)" column, so `compare` judges
the same limits `check` enforces; `--rules strict` (or a project's own pack) moves both at once.
A rule that is disabled sets no target. Per-path overrides do not apply: the table is about the
whole project.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path, PurePath
from typing import Any

from nova_refactor.analysis.history.compare import Measured, Target
from nova_refactor.config import GateConfig
from nova_refactor.errors import UsageError
from nova_refactor.gate.coverage import load_coverage
from nova_refactor.model import Analysis

Options = Mapping[str, Any]


def _sizes(key: str) -> Callable[[Options, str], dict[str, Target]]:
    return lambda o, origin: {key: Target("<=", o["max_lines"], f"{origin}: max_lines = "
                                                                f"{o['max_lines']}")}


def _complexity(o: Options, origin: str) -> dict[str, Target]:
    why = f"{origin}: max = {o['max']}"
    # compare counts functions over at this limit; none may be over it
    return {"max_complexity": Target("<=", o["max"], why),
            "functions_over_threshold": Target("==", 0, why)}


def _maintainability(o: Options, origin: str) -> dict[str, Target]:
    return {"mi_min": Target(">=", o["min"], f"{origin}: min = {o['min']:g}")}


# Metrics whose target is a ratchet against the baseline, with the rule that judges them: a
# report colours them by the gate's verdict, having no number to compare them with.
RATCHETS = {"shared_locks": "shared-locks", "mutable_globals": "shared-locks"}


def _shared(o: Options, origin: str) -> dict[str, Target]:
    ratchet = f"{origin}: no new ones"
    found = {"shared_locks": Target("<=", None, ratchet)}
    if o["include_mutable_globals"]:
        found["mutable_globals"] = Target("<=", None, ratchet)
    return found


def _coverage(o: Options, origin: str) -> dict[str, Target]:
    return {"coverage": Target(">=", o["min_percent"], f"{origin}: min_percent = "
                                                       f"{o['min_percent']:g}")}


def _hot(o: Options, origin: str) -> dict[str, Target]:
    del o
    return {"hot_path_lock_acquisitions": Target("==", 0, f"{origin}: none on request paths")}


BUILDERS: dict[str, Callable[[Options, str], dict[str, Target]]] = {
    "entrypoint-size": _sizes("entrypoint_lines"),
    "file-size": _sizes("largest_file_lines"),
    "function-complexity": _complexity,
    "maintainability": _maintainability,
    "shared-locks": _shared,
    "lock-on-request-path": _hot,
    "coverage": _coverage,
}


def pack_targets(config: GateConfig) -> dict[str, Target]:
    """Metric key -> target, from every enabled rule that limits a metric of the table."""
    found: dict[str, Target] = {}
    pack = PurePath(config.pack).name  # a pack file is named by its file name, not its path
    for rule_id, build in BUILDERS.items():
        options = config.options_for(rule_id, "")
        if options is not None:
            found.update(build(options, f"{pack} pack, {rule_id}"))
    return found


def coverage_of(report: Path | None, root: Path, analysis: Analysis) -> Measured:
    """Total line coverage (percent, 2 decimals) of a Cobertura or lcov report, mapped onto the
    analysed files as `check --coverage` maps it; (None, "") without a report."""
    if report is None:
        return None, ""
    if not report.is_file():
        raise UsageError(f"{report}: coverage report not found")
    found = load_coverage(report, root, [f.path for f in analysis.files])
    return round(found.percent, 2), report.name
