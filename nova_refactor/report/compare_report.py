"""Renderers of a before/after comparison: terminal, Markdown, JSON (`nova-refactor/compare/2`)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from nova_refactor.analysis.history.compare import Comparison, MetricRow, Trend, Verdict
from nova_refactor.codec import to_jsonable
from nova_refactor.report.markdown.text import code, document, markdown_table
from nova_refactor.report.terminal.analysis import titled_table
from nova_refactor.report.views import route_rows

HEADERS = ("metric", "before", "after", "delta", "target", "verdict", "where (after)")
_VERDICT_STYLE = {Verdict.MET: "green", Verdict.KEPT: "green", Verdict.NOT_MET: "red",
                  Verdict.CHANGED: "red"}


def _value(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g}"


def _delta(row: MetricRow) -> str:
    if row.delta is None:
        return ""
    if not row.delta:
        return "="
    if row.trend in (Trend.BETTER, Trend.WORSE):
        return f"{row.delta:+g} ({row.trend})"
    return f"{row.delta:+g}"


def metric_rows(comparison: Comparison) -> list[tuple[str, ...]]:
    return [
        (row.label, _value(row.before), _value(row.after), _delta(row), row.target, row.verdict,
         row.after_where or row.before_where)
        for row in comparison.rows
    ]


def _route_changes(comparison: Comparison) -> list[tuple[str, tuple[object, ...]]]:
    return [("removed", r) for r in route_rows(comparison.routes_removed)] + [
        ("added", r) for r in route_rows(comparison.routes_added)
    ]


def compare_view(comparison: Comparison) -> Group:
    title = f"Success metrics: {comparison.before} → {comparison.after}"
    metrics = titled_table(title, HEADERS, [])
    for row, cells in zip(comparison.rows, metric_rows(comparison), strict=True):
        style = _VERDICT_STYLE.get(row.verdict, "")
        metrics.table.add_row(*cells[:5], Text(cells[5], style=style), cells[6])
    parts: list[RenderableType] = [metrics]
    changes = _route_changes(comparison)
    if changes:
        parts.append(
            titled_table("Route inventory changed", ("change", "method", "path", "handler",
                                                     "endpoint", "where"),
                         [(change, *row) for change, row in changes])
        )
    parts.append(Text(_files_line(comparison), style="dim"))
    return Group(*parts)


def _files_line(comparison: Comparison) -> str:
    worse = ", ".join(comparison.regressions) or "none"
    targets = f"targets from the {comparison.pack} rule pack; " if comparison.pack else ""
    return (f"Files added: {len(comparison.files_added)}, removed: "
            f"{len(comparison.files_removed)}; {targets}targets missed: "
            f"{comparison.targets_missed}; regressions: {worse}")


def render_compare_markdown(comparison: Comparison) -> str:
    out = [f"## Success metrics: {comparison.before} → {comparison.after}", ""]
    out += markdown_table(HEADERS, metric_rows(comparison))
    changes = _route_changes(comparison)
    if changes:
        out += ["", "### Route inventory changed", ""]
        out += markdown_table(("change", "method", "path", "handler", "endpoint", "where"),
                              [(change, *row) for change, row in changes])
    if comparison.files_added:
        out += ["", "Files added: " + ", ".join(f"{code(p)}" for p in comparison.files_added)]
    if comparison.files_removed:
        out += ["", "Files removed: " + ", ".join(f"{code(p)}" for p in comparison.files_removed)]
    out += ["", _files_line(comparison)]
    return document(out) + "\n"


def render_compare_json(comparison: Comparison) -> str:
    document = to_jsonable(comparison)
    document["targets_missed"] = comparison.targets_missed
    document["regressions"] = list(comparison.regressions)
    return json.dumps({"schema": document.pop("schema"), **document}, indent=2) + "\n"


def compare_schema() -> dict[str, Any]:
    schemas = resources.files("nova_refactor.report.machine").joinpath("schemas")
    text = schemas.joinpath("compare-2.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))
