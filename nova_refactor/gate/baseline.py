"""The ratchet: a JSON file of accepted findings, keyed by fingerprint.

A finding in the baseline is accepted unless its value got worse; `update` rewrites the file
and only ever tightens it (new or worse findings need `allow_worse`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from nova_refactor.errors import InputError
from nova_refactor.gate.result import (
    ACCEPTED,
    IMPROVED,
    KNOWN,
    NEW,
    WORSE,
    BaselineEntry,
    Judged,
)
from nova_refactor.model import Finding, Worse
from nova_refactor.workspace import atomic_write

SCHEMA = "nova-refactor/baseline/1"


def entry_of(finding: Finding) -> BaselineEntry:
    return BaselineEntry(finding.fingerprint, finding.rule, finding.path, finding.subject,
                         finding.value, finding.worse, finding.message)


def load_baseline(path: Path) -> dict[str, BaselineEntry] | None:
    """Entries by fingerprint; None when the file does not exist yet."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read baseline ({err})") from None
    except json.JSONDecodeError as err:
        raise InputError(f"{path}:{err.lineno}: baseline is not JSON: {err.msg}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(f"{path}:1: not a nova-refactor baseline (expected schema {SCHEMA})")
    try:
        entries = [BaselineEntry(**item) for item in data.get("findings", [])]
    except TypeError as err:
        raise InputError(f"{path}: malformed baseline entry ({err})") from None
    return {e.fingerprint: e for e in entries}


def is_worse(value: float | None, old: float | None, direction: str) -> bool:
    if value is None or old is None:
        return False
    return value < old if direction == Worse.LOWER else value > old


def judge(
    findings: Sequence[Finding], every: Iterable[str], baseline: dict[str, BaselineEntry] | None
) -> tuple[list[Judged], list[BaselineEntry]]:
    """(each finding in scope with its status, accepted entries no longer found anywhere).

    `every` holds the fingerprints of all findings, in scope or not: an accepted finding that
    merely lies outside --changed-since is not "fixed".
    """
    accepted = baseline or {}
    judged = []
    for finding in findings:
        old = accepted.get(finding.fingerprint)
        if old is None:
            judged.append(Judged(finding, NEW))
        elif is_worse(finding.value, old.value, finding.worse):
            judged.append(Judged(finding, WORSE, old.value))
        elif is_worse(old.value, finding.value, finding.worse):
            judged.append(Judged(finding, IMPROVED, old.value))
        else:
            judged.append(Judged(finding, KNOWN, old.value))
    seen = set(every)
    return judged, [e for fp, e in accepted.items() if fp not in seen]


def updated(
    old: dict[str, BaselineEntry] | None,
    judged: Iterable[Judged],
    fixed: Iterable[BaselineEntry],
    allow_worse: bool,
) -> tuple[list[BaselineEntry], list[Judged]]:
    """(the new entries, the findings refused). A first baseline (no file yet) accepts all."""
    judged = list(judged)
    refused = _refused(judged) if old is not None and not allow_worse else []
    if refused:
        return [], refused
    # Entries outside the judged scope (e.g. --changed-since) are kept as they were.
    dropped = {j.finding.fingerprint for j in judged} | {e.fingerprint for e in fixed}
    kept = [e for e in (old or {}).values() if e.fingerprint not in dropped]
    return sorted([*kept, *(entry_of(j.finding) for j in judged)],
                  key=lambda e: (e.path, e.rule, e.subject)), []


def _refused(judged: list[Judged]) -> list[Judged]:
    return [j for j in judged if j.status not in ACCEPTED]


def write_baseline(path: Path, entries: Sequence[BaselineEntry]) -> None:
    """Atomically, with stable ordering and one entry per line-group, so diffs review well."""
    document = {"schema": SCHEMA, "findings": [_jsonable(e) for e in entries]}
    atomic_write(path, (json.dumps(document, indent=2) + "\n").encode("utf-8"))


def _jsonable(entry: BaselineEntry) -> dict[str, object]:
    return {name: getattr(entry, name) for name in BaselineEntry.__slots__}
