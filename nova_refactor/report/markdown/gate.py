"""The gate's verdict as Markdown, sized for a pull-request comment."""

from __future__ import annotations

from nova_refactor.gate.result import CheckResult, Judged
from nova_refactor.report.gate_rows import HEADERS, finding_rows, ordered, scope_line
from nova_refactor.report.markdown.text import Ours, document, markdown_table

MAX_ROWS = 50  # a PR comment stays readable; the full list is in the SARIF/JSON output


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    lines = markdown_table(HEADERS, rows[:MAX_ROWS], code_columns=(2,))  # 2: where
    if len(rows) > MAX_ROWS:
        lines += ["", f"… and {len(rows) - MAX_ROWS} more"]
    return lines


def _sections(judged: tuple[Judged, ...]) -> list[str]:
    breaking = tuple(j for j in judged if j.breaks)
    rest = tuple(j for j in judged if not j.breaks)
    out = []
    if breaking:
        out += ["", "### New or worse", ""] + _table(finding_rows(breaking))
    if rest:
        out += ["", Ours(f"<details><summary>{len(rest)} accepted or non-blocking finding(s)"
                         "</summary>"), ""] + _table(finding_rows(rest)) + ["", Ours("</details>")]
    return out


def render_check_markdown(result: CheckResult) -> str:
    mark = ":x:" if result.broken else ":white_check_mark:"
    out = [f"## {mark} nova-refactor check: {result.verdict()}", "", f"_{scope_line(result)}_"]
    out += _sections(ordered(result))
    if result.fixed:
        out += ["", f"{len(result.fixed)} accepted finding(s) are gone: run "
                    "`nova-refactor check --update-baseline` to tighten the baseline."]
    if result.notes:
        out += [""] + [f"> note: {note}" for note in result.notes]
    return document(out) + "\n"
