"""Before/after: the refactor plan's "Success Metrics" table computed from two analyses.

Each metric knows which direction is better and, where the plan sets one, its target; a row says
the two values, the delta, whether the change is better or worse, and whether the target is met.
The route inventory is compared too: a refactor that keeps behaviour keeps every route.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

from nova_refactor.analysis.entrypoints import main_entrypoint
from nova_refactor.model import Analysis, Route

SCHEMA_ID = "nova-refactor/compare/2"
T = TypeVar("T")


class Trend(StrEnum):
    """Which way a metric moved."""

    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    CHANGED = "changed"  # a metric with no better direction moved
    NOT_MEASURED = "n/a"  # one side has no value


class Verdict(StrEnum):
    """A metric against its target."""

    MET = "met"
    NOT_MET = "not met"
    KEPT = "kept"  # a metric that must not move did not
    CHANGED = "changed"  # ... and did
    NO_TARGET = ""


@dataclass(frozen=True, slots=True)
class Target:
    """A limit from the rule pack (`gate/targets.py` maps rules to metrics)."""

    op: str  # "<", "<=", ">=", "=="
    value: float | None  # None: the before value, a ratchet ("no new shared locks")
    origin: str  # where the target comes from, for the reader

    def met(self, value: float, before: float | None = None) -> bool | None:
        """None when a ratchet has no before value to hold to."""
        bound = before if self.value is None else self.value
        return None if bound is None else _OPS[self.op](value, bound)

    def render(self) -> str:
        return f"{_SHOWN[self.op]} {'before' if self.value is None else f'{self.value:g}'}"


_SHOWN = {"<": "<", "<=": "≤", ">=": "≥", "==": "="}  # read as in the plan, unescaped in Markdown
_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">=": operator.ge, "==": operator.eq,
}


@dataclass(frozen=True, slots=True)
class Metric:
    key: str
    label: str
    better: str  # "lower" | "higher" | "equal" (must not change) | "none" (informative)
    measure: Callable[[Analysis], tuple[float | None, str]]  # value and where it was found


@dataclass(frozen=True, slots=True)
class MetricRow:
    key: str
    label: str
    before: float | None
    after: float | None
    before_where: str
    after_where: str
    delta: float | None
    trend: Trend
    target: str  # "≤ 99", "≤ before", "" when the rule pack sets none
    verdict: Verdict
    target_origin: str = ""  # the rule (and pack) the target comes from


@dataclass(frozen=True, slots=True)
class Comparison:
    before: str
    after: str
    rows: tuple[MetricRow, ...]
    routes_added: tuple[Route, ...]
    routes_removed: tuple[Route, ...]
    files_added: tuple[str, ...]
    files_removed: tuple[str, ...]
    pack: str = ""  # the rule pack the targets come from ("" when none was used)
    schema: str = SCHEMA_ID

    @property
    def targets_missed(self) -> int:
        return sum(1 for row in self.rows if row.verdict in (Verdict.NOT_MET, Verdict.CHANGED))

    @property
    def regressions(self) -> tuple[str, ...]:
        """Metrics that got worse, and the route inventory when it changed."""
        return tuple(
            row.key for row in self.rows
            if row.trend == Trend.WORSE or row.verdict == Verdict.CHANGED
        )


def _entrypoint(a: Analysis) -> tuple[float | None, str]:
    entry = main_entrypoint(a.entrypoints)  # the one a plan is about
    return (entry.lines, entry.path) if entry is not None else (None, "")


def _largest(a: Analysis) -> tuple[float | None, str]:
    f = a.summary.largest_file
    return (f.value, f.path) if f else (None, "")


def _max_cc(a: Analysis) -> tuple[float | None, str]:
    f = a.summary.max_complexity
    return (f.value, f"{f.name} ({f.path}:{f.line})") if f else (None, "")


Measured = tuple[float | None, str]  # a value and where it was found
Measure = Callable[[Analysis], Measured]


def _over(a: Analysis, threshold: float) -> Measured:
    over = sum(1 for f in a.files for fn in f.functions if fn.complexity > threshold)
    return over, f"complexity > {threshold:g}"


def _plain(read: Callable[[Analysis], float | None]) -> Measure:
    return lambda a: (read(a), "")


METRICS: tuple[Metric, ...] = (
    Metric("entrypoint_lines", "Entrypoint lines", "lower", _entrypoint),
    Metric("largest_file_lines", "Largest file (lines)", "lower", _largest),
    Metric("shared_locks", "Shared locks", "lower", _plain(lambda a: a.summary.shared_locks)),
    Metric("hot_path_lock_acquisitions", "Lock acquisitions on request paths", "lower",
           _plain(lambda a: a.summary.hot_path_acquisitions)),
    Metric("mutable_globals", "Mutable globals", "lower",
           _plain(lambda a: a.summary.mutable_globals)),
    Metric("max_complexity", "Max complexity", "lower", _max_cc),
    Metric("functions_over_threshold", "Functions over the complexity limit", "lower",
           lambda a: _over(a, a.summary.complexity_threshold)),
    Metric("mean_complexity", "Mean complexity", "lower",
           _plain(lambda a: a.summary.mean_complexity)),
    Metric("mi_min", "Lowest maintainability index", "higher", _plain(lambda a: a.summary.mi_min)),
    Metric("routes", "Routes", "equal", _plain(lambda a: a.summary.routes)),
    Metric("files", "Files", "none", _plain(lambda a: a.summary.files)),
    Metric("code_lines", "Code lines", "none", _plain(lambda a: a.summary.lines.code)),
)
# Not in an analysis (it needs the tests run): a row only when coverage reports are given.
COVERAGE = Metric("coverage", "Test coverage (%)", "higher", lambda a: (None, ""))

def compare(
    before: Analysis,
    after: Analysis,
    targets: Mapping[str, Target] = MappingProxyType({}),
    labels: tuple[str, str] = ("", ""),
    pack: str = "",
    coverage: tuple[Measured, Measured] | None = None,
) -> Comparison:
    """`targets` (metric key -> Target) come from a rule pack: `gate.targets.pack_targets`;
    `coverage` is (before, after) line coverage in percent, each with the report it came from."""
    rows = _rows(before, after, targets, coverage)
    added, removed = _changed(before.routes, after.routes, _route_key)
    if added or removed:  # same count, other routes: behaviour changed all the same
        rows = tuple(replace(r, verdict=Verdict.CHANGED) if r.key == "routes" else r for r in rows)
    files_added, files_removed = _changed(before.files, after.files, lambda f: f.path)
    return Comparison(
        before=labels[0] or ", ".join(before.roots),
        after=labels[1] or ", ".join(after.roots),
        rows=rows,
        routes_added=added,
        routes_removed=removed,
        files_added=tuple(f.path for f in files_added),
        files_removed=tuple(f.path for f in files_removed),
        pack=pack,
    )


def _rows(before: Analysis, after: Analysis, targets: Mapping[str, Target],
          coverage: tuple[Measured, Measured] | None) -> tuple[MetricRow, ...]:
    rows = tuple(_row(metric, *_measured(metric, (before, after), targets),
                      targets.get(metric.key)) for metric in METRICS)
    if coverage is not None:  # the plan's "test coverage" row, read from coverage reports
        rows += (_row(COVERAGE, *coverage, targets.get(COVERAGE.key)),)
    return rows


def _measured(metric: Metric, sides: tuple[Analysis, Analysis],
              targets: Mapping[str, Target]) -> tuple[Measured, Measured]:
    return measure(metric, sides[0], targets), measure(metric, sides[1], targets)


def measure(metric: Metric, analysis: Analysis, targets: Mapping[str, Target]) -> Measured:
    """Functions over the threshold are counted at the pack's complexity limit when it sets
    one, so the figure judges the limit `check` enforces, not the analysis' --max-complexity."""
    limit = targets.get("max_complexity")
    if metric.key == "functions_over_threshold" and limit and limit.value is not None:
        return _over(analysis, limit.value)
    return metric.measure(analysis)


def _changed(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], Any]
) -> tuple[tuple[T, ...], tuple[T, ...]]:
    """(added, removed) between two collections, by `key`, in key order."""
    old_keys = {key(item): item for item in old}
    new_keys = {key(item): item for item in new}
    added = tuple(new_keys[k] for k in sorted(new_keys.keys() - old_keys.keys()))
    removed = tuple(old_keys[k] for k in sorted(old_keys.keys() - new_keys.keys()))
    return added, removed


def _route_key(route: Route) -> tuple[str, str, str]:
    """What a client sees of a route: method, path and endpoint (the handler may move)."""
    return route.method, route.path, route.endpoint


def _row(metric: Metric, before: Measured, after: Measured, target: Target | None) -> MetricRow:
    (old, old_where), (new, new_where) = before, after
    delta = None if old is None or new is None else round(new - old, 2)
    return MetricRow(
        key=metric.key, label=metric.label, before=old, after=new,
        before_where=old_where, after_where=new_where, delta=delta,
        trend=_trend(metric.better, delta),
        target=target.render() if target else ("unchanged" if metric.better == "equal" else ""),
        verdict=_verdict(metric.better, delta, old, new, target),
        target_origin=target.origin if target else "",
    )


def _trend(better: str, delta: float | None) -> Trend:
    if delta is None:
        return Trend.NOT_MEASURED
    if delta == 0:
        return Trend.SAME
    if better == "lower":
        return Trend.BETTER if delta < 0 else Trend.WORSE
    if better == "higher":
        return Trend.BETTER if delta > 0 else Trend.WORSE
    return Trend.CHANGED


def _verdict(better: str, delta: float | None, before: float | None, after: float | None,
             target: Target | None) -> Verdict:
    if better == "equal":
        return Verdict.KEPT if delta == 0 else Verdict.CHANGED
    met = None if target is None or after is None else target.met(after, before)
    return Verdict.NO_TARGET if met is None else (Verdict.MET if met else Verdict.NOT_MET)
