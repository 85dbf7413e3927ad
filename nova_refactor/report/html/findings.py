"""The gate's findings as one section of the HTML report: a passed/failed badge, then one block
per rule (severity, how many, each finding's place and message), breaking findings first."""

from __future__ import annotations

from nova_refactor.gate.result import CheckResult, Judged
from nova_refactor.report.gate_rows import measured, ordered, scope_line, where
from nova_refactor.report.html.page import (
    Markup,
    Section,
    anchor_id,
    badge,
    html,
    join,
    prose,
    table,
)

ROWS_PER_RULE = 100  # a page stays light on a big repository; `check -f sarif` lists them all
OPEN_UP_TO = 15  # a rule with more findings starts folded, so the page stays scannable
_SEVERITY = {"error": "bad", "warning": "warn"}


def verdict_badge(result: CheckResult) -> Markup:
    return badge("failed", "bad big") if result.broken else badge("passed", "ok big")


def gate_section(result: CheckResult) -> Section:
    head = html('<p>{}{}</p><p class="note">{}. Findings a baseline accepts are "known"; only '
                "new or worse errors fail the gate.</p>", verdict_badge(result), result.verdict(),
                scope_line(result))
    severities = dict(result.severities)
    by_rule: dict[str, list[Judged]] = {}
    for judged in ordered(result):
        by_rule.setdefault(judged.finding.rule, []).append(judged)
    unjudged = result.unjudged
    summary = table(
        ("rule", "severity", "findings", "breaking", "what it asks"),
        [(html('<a class="tag" href="#rule-{}">{}</a>', anchor_id(r.id), r.id) if r.id in by_rule
          else html('<span class="tag">{}</span>', r.id),
          badge(severities.get(r.id, "error"), _SEVERITY.get(severities.get(r.id, ""), "")),
          *_counts(by_rule.get(r.id, []), unjudged.get(r.id)), r.description)
         for r in result.rules],
        (2, 3))
    blocks = [_rule_block(r.id, by_rule[r.id]) for r in result.rules if r.id in by_rule]
    notes = join(html("<li>{}</li>", prose(n)) for n in result.notes)
    body = join((head, summary, *blocks, html('<ul class="notes">{}</ul>', notes) if notes else ""))
    return Section("gate", f"Gate findings ({result.pack} pack)", body)


def _counts(found: list[Judged], unjudged: str | None) -> tuple[object, object]:
    """Findings and breaking ones; a rule that could not judge says so instead of 0 and 0."""
    if unjudged is not None:
        return html('<span title="{}">not judged</span>', unjudged), "-"
    return len(found), sum(1 for j in found if j.breaks)


def _rule_block(rule: str, found: list[Judged]) -> Markup:
    rows = [
        (badge(j.status, "bad" if j.breaks else ""),
         badge(j.finding.severity, _SEVERITY.get(j.finding.severity, "")),
         html("<code>{}</code>", where(j.finding)), measured(j), j.finding.message)
        for j in found[:ROWS_PER_RULE]
    ]
    more = len(found) - len(rows)
    tail = (html('<p class="note">… and {} more: <code>nova-refactor check -f sarif</code> '
                 "lists every one.</p>", more) if more > 0 else "")
    breaking = sum(1 for j in found if j.breaks)
    opened = " open" if len(found) <= OPEN_UP_TO else ""
    return html('<details id="rule-{}"{}><summary>{}: {} finding(s), {} breaking</summary>{}{}'
                "</details>", anchor_id(rule), Markup(opened), rule, len(found), breaking,
                table(("status", "severity", "where", "value / limit", "message"), rows), tail)
