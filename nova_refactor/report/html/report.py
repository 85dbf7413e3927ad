"""`nova-refactor report`: the analysis (and optionally its history) as one HTML page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from nova_refactor import __version__
from nova_refactor.analysis.boundaries.model import Proposal
from nova_refactor.analysis.graph.dependencies import GraphReport
from nova_refactor.analysis.history.compare import METRICS, Measured, Metric, Target, measure
from nova_refactor.analysis.history.trend import History
from nova_refactor.analysis.naming import is_test
from nova_refactor.gate.result import CheckResult
from nova_refactor.gate.targets import RATCHETS
from nova_refactor.model import Analysis, Entrypoint
from nova_refactor.report.html.charts import Bar, bar_chart, line_chart, stacked_bar
from nova_refactor.report.html.findings import gate_section
from nova_refactor.report.html.graph_page import graph_section
from nova_refactor.report.html.page import (
    Markup,
    Section,
    badge,
    breakable_code,
    card,
    html,
    join,
    note,
    page,
    table,
)
from nova_refactor.report.views import lock_rows, route_columns, route_rows, routes_title

SEGMENT_COLOURS = {
    "imports": "#adb5bd", "config": "#74c0fc", "logging": "#a5d8ff", "state": "#f783ac",
    "services": "#b197fc", "routes": "#ffa94d", "cli": "#63e6be", "background": "#ffd43b",
    "server": "#69db7c", "shutdown": "#38d9a9", "other": "#dee2e6",
}
TREND_KEYS = ("entrypoint_lines", "largest_file_lines", "shared_locks",
              "hot_path_lock_acquisitions", "functions_over_threshold", "mean_complexity")


@dataclass(frozen=True, slots=True)
class Extras:
    """What the page shows beyond the analysis; each part is optional."""

    targets: Mapping[str, Target] = field(default_factory=dict)  # from the rule pack
    history: History | None = None
    history_note: str = ""  # why there is no history
    gate: CheckResult | None = None
    graph: GraphReport | None = None
    proposal: Proposal | None = None
    graph_note: str = ""  # how the proposal was made, or why the graph is not drawn


def render_html(analysis: Analysis, extras: Extras = Extras()) -> str:
    targets = extras.targets
    sections = [Section("summary", "Where you stand", _cards(analysis, targets, extras.gate))]
    if extras.gate is not None:
        sections.append(gate_section(extras.gate))
    sections += [
        Section("files", "Largest files", _largest(analysis, targets)),
        Section("complexity", "Most complex functions", _complex(analysis, targets)),
        *_anatomies(analysis.entrypoints),
    ]
    if extras.graph is not None and extras.proposal is not None:
        sections.append(graph_section(extras.graph, extras.proposal, extras.graph_note))
    elif extras.graph_note:
        sections.append(Section("graph", "Dependency graph by proposed service",
                                note(extras.graph_note)))
    sections += [
        Section("locks", f"Shared-lock inventory ({len(analysis.locks)} sites)", _locks(analysis)),
        Section("routes", routes_title(analysis.routes, "Route inventory"), _routes(analysis)),
    ]
    if extras.history is not None:
        sections.append(Section("history", "History", _history(extras.history, targets)))
    elif extras.history_note:
        sections.append(Section("history", "History", note(extras.history_note)))
    if analysis.diagnostics:
        rows = [(d.path, d.line, d.severity, d.message) for d in analysis.diagnostics]
        sections.append(Section("diagnostics", "Diagnostics",
                                table(("file", "line", "severity", "message"), rows, (1,))))
    subtitle = f"nova-refactor {__version__} · {analysis.summary.files} files"
    return page(f"nova-refactor report: {', '.join(analysis.roots)}", subtitle, sections)


def _cards(analysis: Analysis, targets: Mapping[str, Target], gate: CheckResult | None) -> Markup:
    cards = [] if gate is None else [_gate_card(gate)]
    verdicts = {} if gate is None else _rule_verdicts(gate)
    cards += [_metric_card(metric, measure(metric, analysis, targets), targets.get(metric.key),
                           verdicts.get(metric.key))
              for metric in METRICS]
    return html('<div class="cards">{}</div>', join(cards))


def _rule_verdicts(gate: CheckResult) -> dict[str, bool]:
    """Metric key -> whether the gate's rule on it held, for the ratchets (`shared-locks`: no
    new ones). They have no number to compare a value with, so without this their card stayed
    grey while the gate failed on the very locks it counts."""
    ran = {rule.id for rule in gate.rules}
    broken = {judged.finding.rule for judged in gate.breaking}
    return {key: rule_id not in broken for key, rule_id in RATCHETS.items() if rule_id in ran}


def _gate_card(gate: CheckResult) -> Markup:
    return card(f"Gate ({gate.pack} pack)", "failed" if gate.broken else "passed",
                f"{len(gate.breaking)} breaking of {len(gate.judged)} findings",
                "bad" if gate.broken else "ok")


def _metric_card(metric: Metric, measured: Measured, target: Target | None,
                 held: bool | None = None) -> Markup:
    value, where = measured
    state = _state(None if value is None or target is None else target.met(value), held, value)
    shown = "n/a" if value is None else f"{value:g}"
    goal = f"target {target.render()}" if target else ""
    hint = " · ".join(x for x in (goal, where) if x)
    return card(metric.label, shown, hint, state, target.origin if target else "")


def _state(met: bool | None, held: bool | None, value: float | None) -> str:
    if met is None and value is not None:
        met = held  # a ratchet, judged by the gate against its baseline
    return "" if met is None else ("ok" if met else "bad")


def _largest(analysis: Analysis, targets: Mapping[str, Target]) -> Markup:
    bars = [Bar(o.path, o.value) for o in analysis.offenders.largest_files]
    target = targets.get("largest_file_lines")
    limit = target.value if target else None
    return bar_chart(bars, limit, "Largest files (lines)") if bars else _none()


def _complex(analysis: Analysis, targets: Mapping[str, Target]) -> Markup:
    bars = [Bar(o.name, o.value, f"{o.path}:{o.line}") for o in analysis.offenders.most_complex]
    target = targets.get("max_complexity")  # the pack's limit, else the analysis' threshold
    threshold = target.value if target else analysis.summary.complexity_threshold
    chart = bar_chart(bars, threshold, "Most complex functions") if bars else _none()
    rows = [(o.name, f"{o.path}:{o.line}", f"{o.value:g}")
            for o in analysis.offenders.most_complex]
    return join((chart, table(("function", "where", "complexity"), rows, (2,))))


# An entrypoint this short only delegates (`__main__.py` calling `main()`): nothing to split.
SMALL_ENTRYPOINT = 20


def _anatomies(entries: Sequence[Entrypoint]) -> list[Section]:
    """One section per entrypoint of the code itself that is long enough to split: the 3-line
    Flask apps of a test suite's fixtures, or a 3-line `__main__.py`, would fill the page and
    the nav (12 links on Flask itself) with nothing to split. A note counts what is left out."""
    own = [e for e in entries if not is_test(e.path)]
    shown = _worth_drawing(own)
    sections = [_anatomy(entry) for entry in shown]
    told = _left_out(len(entries) - len(own), [e.path for e in own if e not in shown])
    if sections and told:
        last = sections[-1]
        sections[-1] = Section(last.anchor, last.title, join((last.body, note(told))))
    return sections


def _worth_drawing(entries: list[Entrypoint]) -> list[Entrypoint]:
    """The entrypoints long enough to split; else the longest one, so the section is there."""
    long_enough = [e for e in entries if e.lines >= SMALL_ENTRYPOINT]
    return long_enough or sorted(entries, key=lambda e: -e.lines)[:1]


def _left_out(in_tests: int, small: list[str]) -> str:
    told = [f"{in_tests} entrypoint(s) in test code"] if in_tests else []
    if small:
        told.append(f"{len(small)} under {SMALL_ENTRYPOINT} lines ({', '.join(small)})")
    return f"Not shown: {' and '.join(told)}; JSON lists them." if told else ""


def _anatomy(entry: Entrypoint) -> Section:
    parts = [
        (s.kind, s.lines, f"{s.kind}: lines {s.start_line}-{s.end_line} ({s.lines})")
        for s in entry.segments
    ]
    rows = [
        (s.kind, f"{s.start_line}-{s.end_line}", s.lines, ", ".join(s.defines[:8]),
         s.reasons[0] if s.reasons else "")
        for s in entry.segments
    ]
    chart = stacked_bar(parts, SEGMENT_COLOURS, f"Anatomy of {entry.path}")
    body = join((
        note(f'Signals: {"; ".join(s.render() for s in entry.signals)}'), chart,
        table(("segment", "lines", "count", "defines", "why"), rows, (1, 2), long=True),
    ))
    return Section(f"anatomy-{entry.path}", f"Entrypoint anatomy: {entry.path} "
                   f"({entry.lines} lines)", body)


def _locks(analysis: Analysis) -> Markup:
    rows = []
    for site, (owner, primitive, _, where, function, hot) in zip(
            analysis.locks, lock_rows(analysis.locks), strict=True):
        role = _role(site.role, site.how)
        hot_cell = badge(str(hot), "bad") if hot else ""
        rows.append((owner, primitive, role, where, function, hot_cell))
    rows.sort(key=lambda row: not row[-1])  # hot paths first: they are what the plan fixes first
    headers = ("owner", "primitive", "role", "where", "function", "hot path")
    return table(headers, rows, long=True) if rows else _none()


def _role(role: str, how: str) -> object:
    """`acquisition (with)` on one line, as the other formats write it; a long constructor
    (`threading.BoundedSemaphore(CONFIG.max_uploads)`) on a line of its own, as code that may
    wrap inside, so the column stays narrow."""
    if len(how) <= LONG_HOW:
        return f"{role} ({how})" if how else role
    return html("{}<br>{}", role, breakable_code(how))


LONG_HOW = 20


def _routes(analysis: Analysis) -> Markup:
    headers = route_columns(analysis.routes)  # the rows' own columns (middleware, condition)
    return table(headers, route_rows(analysis.routes), long=True) if analysis.routes else _none()


def _history(history: History, targets: Mapping[str, Target]) -> Markup:
    labels = [f"{p.commit[:8]} {p.subject[:40]}" for p in history.points]
    charts = []
    for key in TREND_KEYS:
        target = targets.get(key)
        label = history.labels[history.metrics.index(key)]
        charts.append(line_chart(history.series(key), labels, label,
                                 target.value if target else None))
    count = len(history.points)
    told = note(f'{count} commit{"" if count == 1 else "s"} touching {history.path}, oldest '
                "left; hover a point for its commit.")
    return join((told, html('<div class="grid2">{}</div>', join(charts))))


def _none() -> Markup:
    return note("none found")
