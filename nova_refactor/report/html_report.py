"""`nova-refactor report`: the analysis (and optionally its history) as one HTML page."""

from __future__ import annotations

from html import escape

from nova_refactor import __version__
from nova_refactor.analysis.compare import METRICS, PLAN_TARGETS
from nova_refactor.analysis.history import History
from nova_refactor.model import Analysis, Entrypoint
from nova_refactor.report.html_page import Raw, Section, badge, card, page, table
from nova_refactor.report.svg import Bar, bar_chart, line_chart, stacked_bar
from nova_refactor.report.views import lock_rows, route_rows

SEGMENT_COLOURS = {
    "imports": "#adb5bd", "config": "#74c0fc", "logging": "#a5d8ff", "state": "#f783ac",
    "services": "#b197fc", "routes": "#ffa94d", "cli": "#63e6be", "background": "#ffd43b",
    "server": "#69db7c", "shutdown": "#38d9a9", "other": "#dee2e6",
}
TREND_KEYS = ("entrypoint_lines", "largest_file_lines", "shared_locks",
              "hot_path_lock_acquisitions", "functions_over_threshold", "mean_complexity")


def render_html(analysis: Analysis, history: History | None = None, history_note: str = "") -> str:
    sections = [
        Section("summary", "Where you stand", _cards(analysis)),
        Section("files", "Largest files", _largest(analysis)),
        Section("complexity", "Most complex functions", _complex(analysis)),
        *(_anatomy(entry) for entry in analysis.entrypoints),
        Section("locks", f"Shared-lock inventory ({len(analysis.locks)} sites)", _locks(analysis)),
        Section("routes", f"Route inventory ({len(analysis.routes)})", _routes(analysis)),
    ]
    if history is not None:
        sections.append(Section("history", "History", _history(history)))
    elif history_note:
        note = f'<p class="note">{escape(history_note)}</p>'
        sections.append(Section("history", "History", note))
    if analysis.diagnostics:
        rows = [(d.path, d.line, d.severity, d.message) for d in analysis.diagnostics]
        sections.append(Section("diagnostics", "Diagnostics",
                                table(("file", "line", "severity", "message"), rows, (1,))))
    subtitle = f"nova-refactor {__version__} · {analysis.summary.files} files"
    return page(f"nova-refactor report: {', '.join(analysis.roots)}", subtitle, sections)


def _cards(analysis: Analysis) -> str:
    cards = []
    for metric in METRICS:
        value, where = metric.measure(analysis)
        target = PLAN_TARGETS.get(metric.key)
        if value is None:
            state, shown = "", "n/a"
        else:
            state = "" if target is None else ("ok" if target.met(value) else "bad")
            shown = f"{value:g}"
        hint = " · ".join(x for x in (target.origin if target else "", where) if x)
        cards.append(card(metric.label, shown, hint, state))
    return f'<div class="cards">{"".join(cards)}</div>'


def _largest(analysis: Analysis) -> str:
    bars = [Bar(o.path, o.value) for o in analysis.offenders.largest_files]
    limit = PLAN_TARGETS["largest_file_lines"].value
    return bar_chart(bars, limit, "Largest files (lines)") if bars else _none()


def _complex(analysis: Analysis) -> str:
    bars = [Bar(o.name, o.value, f"{o.path}:{o.line}") for o in analysis.offenders.most_complex]
    threshold = analysis.summary.complexity_threshold
    chart = bar_chart(bars, threshold, "Most complex functions") if bars else _none()
    rows = [(o.name, f"{o.path}:{o.line}", f"{o.value:g}")
            for o in analysis.offenders.most_complex]
    return chart + table(("function", "where", "complexity"), rows, (2,))


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
    body = (
        f'<p class="note">Signals: {"; ".join(entry.signals)}</p>' + chart
        + table(("segment", "lines", "count", "defines", "why"), rows, (2,), scroll=True)
    )
    return Section(f"anatomy-{entry.path}", f"Entrypoint anatomy: {entry.path} "
                   f"({entry.lines} lines)", body)


def _locks(analysis: Analysis) -> str:
    rows = []
    for row in lock_rows(analysis):
        *head, hot = row
        rows.append((*head, badge(str(hot), "bad") if hot else ""))
    rows.sort(key=lambda row: not row[-1])  # hot paths first: they are what the plan fixes first
    headers = ("owner", "primitive", "role", "where", "function", "hot path")
    return table(headers, rows, scroll=True) if rows else _none()


def _routes(analysis: Analysis) -> str:
    headers = ("method", "path", "handler", "endpoint", "where")
    return table(headers, route_rows(analysis.routes), scroll=True) if analysis.routes else _none()


def _history(history: History) -> str:
    labels = [f"{p.commit[:8]} {p.subject[:40]}" for p in history.points]
    charts = []
    for key in TREND_KEYS:
        target = PLAN_TARGETS.get(key)
        label = history.labels[history.metrics.index(key)]
        charts.append(line_chart(history.series(key), labels, label,
                                 target.value if target else None))
    note = (f'<p class="note">{len(history.points)} commits touching {history.path}, '
            "oldest left; hover a point for its commit.</p>")
    return note + f'<div class="grid2">{"".join(charts)}</div>'


def _none() -> Raw:
    return Raw('<p class="note">none found</p>')
