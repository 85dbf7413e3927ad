"""The analysis as Markdown, e.g. for a PR comment or a wiki page."""

from __future__ import annotations

from collections.abc import Sequence

from nova_refactor.model import Analysis, Route
from nova_refactor.report.markdown.text import code, document, markdown_table
from nova_refactor.report.views import (
    before_table,
    lock_rows,
    offender_sections,
    route_columns,
    route_rows,
    routes_title,
)


def render_markdown(analysis: Analysis) -> str:
    out = [f"# nova-refactor analysis: {', '.join(analysis.roots)}", "", "## Before table", ""]
    out += markdown_table(("metric", "value"), before_table(analysis.summary))
    for title, headers, rows in offender_sections(analysis.offenders):
        out += ["", f"## {title}", ""] + markdown_table(headers, rows)
    out += ["", "## Shared-lock inventory", ""]
    lock_headers = ("owner", "primitive", "role", "where", "function", "hot path")
    out += markdown_table(lock_headers, lock_rows(analysis.locks))
    for entry in analysis.entrypoints:
        out += ["", f"## Entrypoint anatomy: {entry.path} ({entry.lines} lines)", ""]
        out += [f"Signals: {'; '.join(s.render() for s in entry.signals)}", ""]
        rows = [
            (s.kind, f"{s.start_line}-{s.end_line}", s.lines, ", ".join(s.defines[:8]),
             ", ".join(s.uses[:8]), s.reasons[0] if s.reasons else "")
            for s in entry.segments
        ]
        out += markdown_table(("segment", "lines", "count", "defines", "uses", "why"), rows)
    out += ["", f"## {routes_title(analysis.routes, always=False)}", ""]
    out += render_routes_markdown(analysis.routes, heading=False)
    if analysis.diagnostics:
        out += ["", "## Diagnostics", ""] + [f"- {code(d.render())}" for d in analysis.diagnostics]
    return document(out) + "\n"


def render_routes_markdown(routes: Sequence[Route], heading: bool = True) -> list[str]:
    head = [f"# {routes_title(routes, always=False)}", ""] if heading else []
    return head + markdown_table(route_columns(routes), route_rows(routes))
