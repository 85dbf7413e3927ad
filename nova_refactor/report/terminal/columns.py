"""Tables that never cut a location or a name in two while the width allows it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Column, Table

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


def _longest_word(cells: Iterable[object]) -> int:
    return max((len(word) for cell in cells for word in str(cell).split()), default=0)


def _widest(cells: Iterable[object]) -> int:
    return max((len(line) for cell in cells for line in str(cell).splitlines()), default=0)


class WholeTokens:
    """Renders `table` so that it fits the console's width with its token columns whole,
    narrowest first, as far as the width allows every column PROSE_MIN (less on a narrow
    console); what is left is shared out, and the rest folds.

    Widths are fixed here because rich's own reduction shrinks every column evenly and then
    grows those with a minimum width back, which overflows and crops every line."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns = self.table.columns
        for column in columns:
            column.width, column.no_wrap = None, False
        natural = [max(_widest(c.cells), len(str(c.header)), 1) for c in columns]
        room = options.max_width - (3 * len(columns) + 1)  # borders and padding
        if self.table.row_count and len(columns) <= room < sum(natural):
            for column, width in zip(columns, _fitted(columns, natural, room), strict=True):
                column.width = width
        yield self.table


def _fitted(columns: list[Column], natural: list[int], room: int) -> list[int]:
    floor = min(PROSE_MIN, room // len(columns))
    widths = [min(floor, n) for n in natural]
    spare = room - sum(widths)
    tokens = [i for i, c in enumerate(columns) if token_width(c.cells) is not None]
    for i in sorted(tokens, key=lambda i: natural[i]):
        if natural[i] - widths[i] <= spare:
            spare -= natural[i] - widths[i]
            widths[i] = natural[i]
    spare = _whole_words(columns, natural, widths, spare)
    # water-filling: the narrowest needs are met first, the widest columns share the rest
    hungry = sorted((i for i in range(len(columns)) if widths[i] < natural[i]),
                    key=lambda i: natural[i] - widths[i])
    for left, i in enumerate(hungry):
        share = min(natural[i] - widths[i], spare // (len(hungry) - left))
        widths[i] += share
        spare -= share
    return widths


def _whole_words(columns: list[Column], natural: list[int], widths: list[int],
                 spare: int) -> int:
    """Prose columns widen to their longest word, smallest need first, so that
    `threading.Condition` is not folded mid-word while the width allows it whole; returns
    what is still spare."""
    for i in sorted(range(len(columns)), key=lambda i: _longest_word(columns[i].cells)):
        need = min(natural[i], _longest_word(columns[i].cells)) - widths[i]
        if 0 < need <= spare:
            widths[i] += need
            spare -= need
    return spare


def titled_table(title: str, headers: Sequence[str],
                 rows: Iterable[Sequence[object]]) -> WholeTokens:
    """A bold left-aligned title over columns that fold, tokens kept whole."""
    table = Table(title=title, title_justify="left", title_style="bold")
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    return WholeTokens(table)
