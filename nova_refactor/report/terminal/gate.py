"""The gate's verdict as a rich table."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from nova_refactor.gate.result import NEW, WORSE, CheckResult
from nova_refactor.report.gate_rows import HEADERS, finding_rows, ordered, scope_line
from nova_refactor.report.terminal.columns import WholeTokens

STYLES = {NEW: "red", WORSE: "bold red"}


def check_view(result: CheckResult) -> Group:
    table = Table(title=f"nova-refactor check: {result.target}", title_justify="left",
                  title_style="bold")
    for header in HEADERS:
        table.add_column(header, overflow="fold")
    for judged, row in zip(ordered(result), finding_rows(ordered(result)), strict=True):
        # Text, not markup: a message or path may hold brackets.
        table.add_row(*(Text(cell) for cell in row),
                      style=STYLES[judged.status] if judged.breaks else "dim")
    parts: list[RenderableType] = [WholeTokens(table), Text(scope_line(result), style="dim")]
    if result.fixed:
        parts.append(Text(f"{len(result.fixed)} accepted finding(s) are gone: tighten the "
                          "baseline with --update-baseline", style="green"))
    parts.extend(Text(f"note: {note}", style="yellow") for note in result.notes)
    style = "bold red" if result.broken else "bold green"
    parts.append(Text(result.verdict(), style=style))
    return Group(*parts)
