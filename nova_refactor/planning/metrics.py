"""Success metrics (now vs. the rule pack's targets) and acceptance criteria as `check` rules.

Targets are read from the same rule pack `nova-refactor check` uses, and the criteria count
the findings each rule gives today, so the plan and the gate cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from nova_refactor.analysis.entrypoints import main_entrypoint
from nova_refactor.config import COMMON_OPTIONS, GateConfig
from nova_refactor.gate.coverage import CoverageReport
from nova_refactor.gate.rules import CATALOG, RULES
from nova_refactor.gate.rules.base import RuleContext
from nova_refactor.model import Analysis
from nova_refactor.planning.model import Criterion, MetricRow

COMMON = {o.name for o in COMMON_OPTIONS}


def criteria(analysis: Analysis, config: GateConfig, root: Path,
             coverage: CoverageReport | None) -> tuple[tuple[Criterion, ...], tuple[str, ...]]:
    """One criterion per enabled rule, with the findings it gives now; and the gate's notes."""
    notes: list[str] = []
    ctx = RuleContext(analysis, config, root, coverage, notes)
    found: list[Criterion] = []
    for rule_id in config.enabled():
        options = config.rules[rule_id]
        count = sum(1 for _ in RULES[rule_id].check(ctx))
        shown = ", ".join(f"{k} = {_value(v)}" for k, v in options.items() if k not in COMMON)
        found.append(Criterion(rule_id, CATALOG[rule_id].description, shown or "-", count,
                               options["severity"]))
    return tuple(found), tuple(dict.fromkeys(notes))


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f'"{value}"' if isinstance(value, str) else str(value)


def metrics(analysis: Analysis, config: GateConfig,
            coverage: CoverageReport | None) -> tuple[MetricRow, ...]:
    rules = config.rules
    rows = [build(analysis, rules, coverage) for build in ROWS]
    rows += [
        MetricRow("Start-up time", "not measured", "no regression (±5 %)", "", "", None),
        MetricRow("p95 latency under load", "not measured", "stable or improved", "", "", None),
    ]
    return tuple(rows)


Rules = Mapping[str, Mapping[str, Any]]


def _option(rules: Rules, rule: str, key: str) -> Any:
    options = rules.get(rule)
    return options[key] if options and options["enabled"] else None


def _entry(analysis: Analysis, rules: Rules, _: CoverageReport | None) -> MetricRow:
    limit = _option(rules, "entrypoint-size", "max_lines")
    entry = main_entrypoint(analysis.entrypoints)  # the one Phase 1 splits
    if entry is None:
        return MetricRow("Entrypoint lines", "no entrypoint", _max(limit), "entrypoint-size",
                         "", None)
    return MetricRow("Entrypoint lines", str(entry.lines), _max(limit), "entrypoint-size",
                     f"{entry.path}:1", _le(entry.lines, limit))


def _largest(analysis: Analysis, rules: Rules, _: CoverageReport | None) -> MetricRow:
    limit = _option(rules, "file-size", "max_lines")
    big = analysis.summary.largest_file
    now = int(big.value) if big else 0
    return MetricRow("Largest file (lines)", str(now), _max(limit), "file-size",
                     f"{big.path}:1" if big else "", _le(now, limit))


def _complexity(analysis: Analysis, rules: Rules, _: CoverageReport | None) -> MetricRow:
    limit = _option(rules, "function-complexity", "max")
    worst = analysis.summary.max_complexity
    now = int(worst.value) if worst else 0
    where = f"{worst.path}:{worst.line} ({worst.name})" if worst else ""
    return MetricRow("Max complexity", str(now), _max(limit), "function-complexity",
                     where, _le(now, limit))


def _over(analysis: Analysis, rules: Rules, _: CoverageReport | None) -> MetricRow:
    limit = _option(rules, "function-complexity", "max")
    if limit is None:
        return MetricRow("Functions over the complexity limit", "-", "-", "", "", None)
    over = Counter(f.path for f in analysis.files for fn in f.functions if fn.complexity > limit)
    ranked = over.most_common()
    where = ", ".join(f"{p}: {n}" for p, n in ranked[:3])
    if len(ranked) > 3:  # the list must add up to the total it stands beside
        where += f" and {sum(n for _, n in ranked[3:])} in {len(ranked) - 3} more file(s)"
    total = sum(over.values())
    return MetricRow(f"Functions over complexity {limit}", str(total), "0",
                     "function-complexity", where, total == 0)


def _locks(analysis: Analysis, rules: Rules, _: CoverageReport | None) -> MetricRow:
    on = _option(rules, "shared-locks", "include_mutable_globals")
    return MetricRow("Shared locks", str(analysis.summary.shared_locks),
                     "no new ones (baseline ratchet)" if on is not None else "-",
                     "shared-locks", "", None)


def _globals(analysis: Analysis, rules: Rules, _: CoverageReport | None) -> MetricRow:
    on = _option(rules, "shared-locks", "include_mutable_globals")
    return MetricRow("Mutable globals", str(analysis.summary.mutable_globals),
                     "no new ones (baseline ratchet)" if on else "-",
                     "shared-locks" if on else "", "", None)


def _hot(analysis: Analysis, rules: Rules, _: CoverageReport | None) -> MetricRow:
    on = "lock-on-request-path" in rules and rules["lock-on-request-path"]["enabled"]
    now = analysis.summary.hot_path_acquisitions
    return MetricRow("Lock acquisitions on request paths", str(now), "0" if on else "-",
                     "lock-on-request-path", "", now == 0 if on else None)


def _await(analysis: Analysis, rules: Rules, _: CoverageReport | None) -> MetricRow:
    on = "lock-across-await" in rules and rules["lock-across-await"]["enabled"]
    sites = [s for s in analysis.locks if s.held_across_await]
    where = ", ".join(f"{s.path}:{s.line}" for s in sites[:3])
    return MetricRow("Locks held across an await", str(len(sites)), "0" if on else "-",
                     "lock-across-await", where, not sites if on else None)


def _mi(analysis: Analysis, rules: Rules, _: CoverageReport | None) -> MetricRow:
    limit = _option(rules, "maintainability", "min")
    low = analysis.offenders.lowest_mi[0] if analysis.offenders.lowest_mi else None
    now = f"{low.value:g}" if low else "-"
    met = None if low is None or limit is None else low.value >= limit
    return MetricRow("Lowest maintainability index", now,
                     f">= {_value(limit)}" if limit is not None else "-", "maintainability",
                     f"{low.path}:1" if low else "", met)


def _coverage(_: Analysis, rules: Rules, coverage: CoverageReport | None) -> MetricRow:
    limit = _option(rules, "coverage", "min_percent")
    target = f">= {_value(limit)} %" if limit is not None else "-"
    if coverage is None:
        return MetricRow("Line coverage", "not measured (no --coverage)", target, "coverage",
                         "", None)
    met = None if limit is None else coverage.percent >= limit
    return MetricRow("Line coverage", f"{coverage.percent:.1f} %", target, "coverage",
                     coverage.source.rsplit("/", 1)[-1], met)


def _max(limit: int | None) -> str:
    return f"<= {limit}" if limit is not None else "-"


def _le(now: int, limit: int | None) -> bool | None:
    return None if limit is None else now <= limit


ROWS: tuple[Callable[[Analysis, Rules, CoverageReport | None], MetricRow], ...] = (
    _entry, _largest, _complexity, _over, _locks, _globals, _hot, _await, _mi, _coverage,
)
