"""The rich terminal view."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.text import Text

from nova_refactor.model import Analysis, Entrypoint, LockSite, Route
from nova_refactor.report.terminal.columns import titled_table
from nova_refactor.report.terminal.text import PLAIN_WIDTH, SafeConsole
from nova_refactor.report.terminal.text import stdout_console as stdout_console  # where cli/ looks
from nova_refactor.report.views import (
    before_table,
    lock_rows,
    offender_sections,
    route_columns,
    route_rows,
    routes_title,
)


def analysis_view(analysis: Analysis, rows: int | None = None) -> Group:
    """The table view. `rows` caps each inventory (entrypoints, locks, anatomies, routes) so a
    large codebase still reads as a summary, with a line saying what was left out and how to
    see it; None shows every row."""
    parts: list[RenderableType] = [
        titled_table(f"Before table: {', '.join(analysis.roots)}", ("metric", "value"),
                     before_table(analysis.summary, rows))
    ]
    for title, headers, table_rows in offender_sections(analysis.offenders):
        parts.append(titled_table(title, headers, table_rows))
    locks = lock_rows(_hot_first(analysis.locks))
    parts.append(titled_table("Shared-lock inventory",
                              ("owner", "primitive", "role", "where", "function", "hot path"),
                              locks[:rows]))
    parts.extend(_more(len(locks), rows, "lock sites"))
    entrypoints = sorted(analysis.entrypoints, key=lambda e: -e.lines)
    shown = entrypoints if rows is None else entrypoints[:ANATOMIES]
    for entry in shown:
        parts.extend(_anatomy(entry))
    parts.extend(_more(len(entrypoints), len(shown), "entrypoint anatomies (the largest shown)"))
    parts.append(routes_view(analysis.routes, rows))
    if analysis.diagnostics:
        parts.append(Text("Diagnostics", style="bold"))
        parts.extend(Text(d.render(), style="yellow") for d in analysis.diagnostics[:rows])
        parts.extend(_more(len(analysis.diagnostics), rows, "diagnostics"))
    return Group(*parts)


# Anatomies shown in the capped view: the largest entrypoints are the ones a split is about.
ANATOMIES = 3


def _anatomy(entry: Entrypoint) -> list[RenderableType]:
    rows = [
        (s.kind, f"{s.start_line}-{s.end_line}", s.lines, ", ".join(s.defines[:6]),
         s.reasons[0] if s.reasons else "")
        for s in entry.segments
    ]
    return [Text("Signals: " + "; ".join(s.render() for s in entry.signals), style="dim"),
            titled_table(f"Entrypoint anatomy: {entry.path} ({entry.lines} lines)",
                         ("segment", "lines", "count", "defines", "why"), rows)]


def _hot_first(locks: Sequence[LockSite]) -> list[LockSite]:
    """Held across an await, then on a request path, then the rest: what a cap keeps."""
    return sorted(locks, key=lambda s: (not s.held_across_await, not s.hot_path))


def _more(total: int, shown: int | None, what: str) -> list[Text]:
    if shown is None or total <= shown:
        return []
    return [Text(f"… {total - shown} more {what}: --top N or --full shows them; "
                 "--format json has everything", style="dim")]


def routes_view(routes: Sequence[Route], rows: int | None = None) -> Group:
    table = titled_table(routes_title(routes), route_columns(routes),
                         route_rows(routes)[:rows])
    return Group(table, *_more(len(routes), rows, "routes"))


def render_table(analysis: Analysis, rows: int | None, console: Console | None) -> str:
    """The table view of `analysis` as `console` would print it (None: as `-o FILE` holds it)."""
    view = analysis_view(analysis, rows)
    if console is None:
        return render_to_text(view)
    with console.capture() as captured:  # the same bytes `console.print` writes
        console.print(view)
    return captured.get()


def render_to_text(renderable: object, width: int = PLAIN_WIDTH) -> str:
    """Plain text of a renderable, for files and pipes."""
    console = SafeConsole(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()

