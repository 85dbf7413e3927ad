"""What a gate run decides: each finding judged against the baseline, and the verdict."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from nova_refactor.config import RuleSpec
from nova_refactor.model import Finding, Severity


class Status(StrEnum):
    """A finding judged against the baseline."""

    NEW = "new"  # not in the baseline
    WORSE = "worse"  # in it, with a value worse than the accepted one
    KNOWN = "known"  # in it, as accepted
    IMPROVED = "improved"  # known, and better than the accepted value: --update-baseline records it


NEW, WORSE, KNOWN, IMPROVED = Status.NEW, Status.WORSE, Status.KNOWN, Status.IMPROVED
ACCEPTED = (KNOWN, IMPROVED)


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    fingerprint: str
    rule: str
    path: str
    subject: str
    value: float | None
    worse: str
    message: str


@dataclass(frozen=True, slots=True)
class Judged:
    finding: Finding
    status: Status
    baseline_value: float | None = None
    # The accepted entry it was judged against when that entry sat at another path (code moved
    # by a split): a baseline update replaces it instead of keeping both.
    moved_from: str | None = None

    @property
    def breaks(self) -> bool:
        return self.finding.severity == Severity.ERROR and self.status in (NEW, WORSE)


# A rule's note when it cannot judge: `RULE: not judged, WHY` (reports mark the rule skipped).
NOT_JUDGED = ": not judged, "


@dataclass(frozen=True, slots=True)
class CheckResult:
    target: str
    pack: str
    rules: tuple[RuleSpec, ...]  # the rules that ran
    judged: tuple[Judged, ...]  # findings in scope, sorted by path and line
    fixed: tuple[BaselineEntry, ...] = ()  # accepted findings that are gone: tighten the baseline
    out_of_scope: int = 0  # findings outside --changed-since
    notes: tuple[str, ...] = ()
    baseline: str | None = None
    changed_since: str | None = None
    severities: tuple[tuple[str, str], ...] = ()  # (rule id, configured severity)

    @property
    def unjudged(self) -> dict[str, str]:
        """Rules that could not judge (no contracts file, no coverage report): id -> why."""
        ids = {r.id for r in self.rules}
        found = (note.partition(NOT_JUDGED) for note in self.notes)
        return {rule: why for rule, mark, why in found if mark and rule in ids}

    @property
    def breaking(self) -> tuple[Judged, ...]:
        return tuple(j for j in self.judged if j.breaks)

    @property
    def broken(self) -> bool:
        return bool(self.breaking)

    def verdict(self) -> str:
        count = len(self.breaking)
        if not count:
            return f"gate kept: {len(self.judged)} finding(s), none new or worse"
        return f"gate broken: {count} new or worse finding(s) of {len(self.judged)}"
