"""The rich terminal view."""

from __future__ import annotations

import io
import os
from collections.abc import Sequence

from rich.console import Console, Group
from rich.text import Text

from nova_refactor.model import Analysis, Route
from nova_refactor.report.columns import WholeTokens, titled_table
from nova_refactor.report.views import (
    before_table,
    lock_rows,
    offender_sections,
    route_columns,
    route_rows,
    routes_title,
)


def analysis_view(analysis: Analysis) -> Group:
    parts: list[object] = [
        titled_table(f"Before table: {', '.join(analysis.roots)}", ("metric", "value"),
               before_table(analysis.summary))
    ]
    for title, headers, rows in offender_sections(analysis.offenders):
        parts.append(titled_table(title, headers, rows))
    parts.append(
        titled_table("Shared-lock inventory",
               ("owner", "primitive", "role", "where", "function", "hot path"), lock_rows(analysis))
    )
    for entry in analysis.entrypoints:
        rows = [
            (s.kind, f"{s.start_line}-{s.end_line}", s.lines, ", ".join(s.defines[:6]),
             s.reasons[0] if s.reasons else "")
            for s in entry.segments
        ]
        parts.append(Text("Signals: " + "; ".join(entry.signals), style="dim"))
        parts.append(
            titled_table(f"Entrypoint anatomy: {entry.path} ({entry.lines} lines)",
                   ("segment", "lines", "count", "defines", "why"), rows)
        )
    parts.append(routes_view(analysis.routes))
    if analysis.diagnostics:
        parts.append(Text("Diagnostics", style="bold"))
        parts.extend(Text(d.render(), style="yellow") for d in analysis.diagnostics)
    return Group(*parts)


def routes_view(routes: Sequence[Route]) -> WholeTokens:
    return titled_table(routes_title(routes), route_columns(routes), route_rows(routes))


# A pipe and `-o FILE` print the same text; token columns keep path:line whole within it.
PLAIN_WIDTH = 160


def stdout_console() -> Console:
    """A terminal keeps its own width and colours; a pipe gets what `-o FILE` would hold,
    unless COLUMNS says how wide it is."""
    console = Console()
    if console.is_terminal or "COLUMNS" in os.environ:
        return console
    return Console(width=PLAIN_WIDTH, color_system=None)


def render_to_text(renderable: object, width: int = PLAIN_WIDTH) -> str:
    """Plain text of a renderable, for files and pipes."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()

