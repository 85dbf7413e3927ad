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
    merely lies outside --changed-since is not "fixed". A finding whose fingerprint is unknown
    takes over an accepted entry of the same rule and subject that is gone from its own path:
    code a split moved to another file keeps its status instead of turning "new".
    """
    accepted = baseline or {}
    seen = set(every)
    moved = _moved(findings, seen, accepted)
    judged = []
    for finding in findings:
        old = accepted.get(finding.fingerprint) or moved.get(finding.fingerprint)
        judged.append(_status(finding, old, old is not None and old.path != finding.path))
    gone = seen | {e.fingerprint for e in moved.values()}
    return judged, [e for fp, e in accepted.items() if fp not in gone]


def _moved(findings: Sequence[Finding], seen: set[str],
           accepted: dict[str, BaselineEntry]) -> dict[str, BaselineEntry]:
    """Unknown fingerprint -> the vanished accepted entry with its rule and subject, one each
    (in path order, so two moved same-named subjects pair up deterministically)."""
    vanished: dict[tuple[str, str], list[BaselineEntry]] = {}
    for entry in sorted(accepted.values(), key=lambda e: (e.path, e.fingerprint)):
        if entry.fingerprint not in seen:
            vanished.setdefault((entry.rule, _unqualified(entry.subject)), []).append(entry)
    moved = {}
    for finding in findings:
        candidates = vanished.get((finding.rule, _unqualified(finding.subject)))
        if finding.fingerprint not in accepted and candidates:
            moved[finding.fingerprint] = candidates.pop(0)
    return moved


def _unqualified(subject: str) -> str:
    """The subject without the module path in front of its owner: a split's new module reads
    `STATS_LOCK` of `main.py` as `app_state.STATS_LOCK` (`OWNER@function:how` for a lock use)."""
    owner, at, rest = subject.partition("@")
    parts = owner.split(".")
    while len(parts) > 1 and parts[0].islower():
        parts.pop(0)
    return ".".join(parts) + at + rest


def _status(finding: Finding, old: BaselineEntry | None, moved: bool) -> Judged:
    moved_from = old.fingerprint if old is not None and moved else None
    if old is None:
        return Judged(finding, NEW)
    if is_worse(finding.value, old.value, finding.worse):
        return Judged(finding, WORSE, old.value, moved_from)
    if is_worse(old.value, finding.value, finding.worse):
        return Judged(finding, IMPROVED, old.value, moved_from)
    return Judged(finding, KNOWN, old.value, moved_from)


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
    dropped = _replaced(judged, fixed)
    kept = [e for e in (old or {}).values() if e.fingerprint not in dropped]
    return sorted([*kept, *(entry_of(j.finding) for j in judged)],
                  key=lambda e: (e.path, e.rule, e.subject)), []


def _replaced(judged: list[Judged], fixed: Iterable[BaselineEntry]) -> set[str]:
    """The accepted entries an update rewrites: judged again (at their place or, moved, at
    another one) or fixed."""
    moved = {j.moved_from for j in judged if j.moved_from}
    return {j.finding.fingerprint for j in judged} | {e.fingerprint for e in fixed} | moved


def _refused(judged: list[Judged]) -> list[Judged]:
    return [j for j in judged if j.status not in ACCEPTED]


def write_baseline(path: Path, entries: Sequence[BaselineEntry]) -> None:
    """Atomically, with stable ordering and one entry per line-group, so diffs review well."""
    document = {"schema": SCHEMA, "findings": [_jsonable(e) for e in entries]}
    atomic_write(path, (json.dumps(document, indent=2) + "\n").encode("utf-8"))


def _jsonable(entry: BaselineEntry) -> dict[str, object]:
    return {name: getattr(entry, name) for name in BaselineEntry.__slots__}
