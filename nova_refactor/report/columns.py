"""Tables that never cut a location or a name in two while the width allows it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table

# Prose wraps, but into a column still wide enough to read.
PROSE_MIN = 16


def token_width(cells: Iterable[object]) -> int | None:
    """The width a column of single tokens (path:line, names, route paths) needs, else None.

    Folding `main.py:1234` at a narrow width prints `main.py:12` over `34`, which a reader or a
    grep misreads; columns of prose wrap instead and absorb the squeeze."""
    texts = [str(cell) for cell in cells]
    if not texts or any(" " in text for text in texts):
        return None
    return _widest(texts)


def _widest(cells: Iterable[object]) -> int:
    return max((len(line) for cell in cells for line in str(cell).splitlines()), default=0)


class WholeTokens:
    """Renders `table` with its token columns kept whole, narrowest first, as far as the
    console's width leaves every prose column PROSE_MIN; the rest fold as before."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.table.row_count:  # headers only: nothing to keep whole
            yield self.table
            return
        columns = self.table.columns
        widths = {i: token_width(c.cells) for i, c in enumerate(columns)}
        prose = sum(1 for w in widths.values() if w is None)
        budget = options.max_width - (3 * len(columns) + 1) - PROSE_MIN * prose
        for index, width in sorted(widths.items(), key=lambda item: item[1] or 0):
            column = columns[index]
            if width is None:  # prose: as narrow as PROSE_MIN, or its widest line if narrower
                column.min_width = min(PROSE_MIN, _widest(column.cells))
                continue
            width = max(width, len(str(column.header)))
            keep = width <= budget
            budget -= width if keep else 0
            column.no_wrap, column.min_width = keep, width if keep else None
        yield self.table


def titled_table(title: str, headers: Sequence[str],
                 rows: Iterable[Sequence[object]]) -> WholeTokens:
    """A bold left-aligned title over columns that fold, tokens kept whole."""
    table = Table(title=title, title_justify="left", title_style="bold")
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    return WholeTokens(table)
