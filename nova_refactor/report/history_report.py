"""Renderers for metric history: a trend table with sparklines, Markdown and JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.console import Group

from nova_refactor.analysis.history.trend import History
from nova_refactor.codec import to_jsonable
from nova_refactor.report.markdown.text import document, markdown_table
from nova_refactor.report.terminal.analysis import titled_table

BARS = "▁▂▃▄▅▆▇█"
HEADERS = ("metric", "first", "last", "trend")


def sparkline(values: Sequence[float | None]) -> str:
    """One bar per value scaled between the series' min and max; a gap where none was measured."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1
    top = len(BARS) - 1
    return "".join(
        " " if v is None else BARS[0 if high == low else round((v - low) / span * top)]
        for v in values
    )


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g}"


def trend_rows(history: History) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for key, label in zip(history.metrics, history.labels, strict=True):
        series = history.series(key)
        rows.append((label, _num(series[0]), _num(series[-1]), sparkline(series)))
    return rows


def commit_rows(history: History) -> list[tuple[str, ...]]:
    keys = ("entrypoint_lines", "largest_file_lines", "shared_locks", "functions_over_threshold")
    columns = [history.metrics.index(k) for k in keys]
    return [
        (p.commit[:8], p.date[:10], _short(p.subject), *(_num(p.values[i]) for i in columns))
        for p in history.points
    ]


def _short(subject: str, width: int = 28) -> str:
    return subject if len(subject) <= width else subject[: width - 1] + "…"


COMMIT_HEADERS = ("commit", "date", "subject", "entry", "max file", "locks", "CC>max")


def history_view(history: History) -> Group:
    title = f"History of {history.path}: {len(history.points)} commits, oldest first"
    return Group(
        titled_table(title, HEADERS, trend_rows(history)),
        titled_table("Per commit", COMMIT_HEADERS, commit_rows(history)),
    )


def render_history_markdown(history: History) -> str:
    out = [f"## History of {history.path} ({len(history.points)} commits)", ""]
    out += markdown_table(HEADERS, trend_rows(history))
    out += ["", "### Per commit", ""] + markdown_table(COMMIT_HEADERS, commit_rows(history))
    return document(out) + "\n"


def render_history_json(history: History) -> str:
    document = to_jsonable(history)
    return json.dumps({"schema": document.pop("schema"), **document}, indent=2) + "\n"
