"""Rows shared by the gate's table and Markdown renderers, so they never disagree."""

from __future__ import annotations

from nova_refactor.gate.result import IMPROVED, WORSE, CheckResult, Judged
from nova_refactor.model import Finding, Severity


def where(finding: Finding) -> str:
    if not finding.path:
        return "(project)"
    return f"{finding.path}:{finding.line}" if finding.line else finding.path


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def measured(judged: Judged) -> str:
    """`value / threshold`, with the accepted value when the baseline knew the finding."""
    f = judged.finding
    text = f"{_num(f.value)} / {_num(f.threshold)}" if f.value is not None else ""
    if judged.status in (WORSE, IMPROVED):
        text += f" (was {_num(judged.baseline_value)})"
    return text


def status(judged: Judged) -> str:
    severity = judged.finding.severity
    return judged.status if severity == Severity.ERROR else f"{judged.status} ({severity})"


def finding_rows(judged: tuple[Judged, ...]) -> list[tuple[str, ...]]:
    return [
        (status(j), j.finding.rule, where(j.finding), measured(j), j.finding.message)
        for j in judged
    ]


def ordered(result: CheckResult) -> tuple[Judged, ...]:
    """Breaking findings first, then the rest, each by place."""
    return tuple(sorted(result.judged, key=lambda j: (not j.breaks, j.finding.path,
                                                      j.finding.line, j.finding.rule)))


def scope_line(result: CheckResult) -> str:
    parts = [f"pack {result.pack}", f"{len(result.rules)} rules"]
    if result.baseline:
        parts.append(f"baseline {result.baseline}")
    if result.changed_since:
        parts.append(f"changed since {result.changed_since} ({result.out_of_scope} findings "
                     "outside the change not judged)")
    return ", ".join(parts)


HEADERS = ("status", "rule", "where", "value / limit", "message")
