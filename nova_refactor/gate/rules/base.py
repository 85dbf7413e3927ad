"""What every rule gets (the context) and gives (findings)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nova_refactor.config import GateConfig, RuleSpec
from nova_refactor.gate.coverage import CoverageReport
from nova_refactor.gate.result import NOT_JUDGED
from nova_refactor.model import Analysis, Finding, Severity, Worse


@dataclass(frozen=True, slots=True)
class RuleContext:
    analysis: Analysis
    config: GateConfig
    root: Path  # the directory analysis paths are relative to
    coverage: CoverageReport | None = None
    notes: list[str] = field(default_factory=list)  # what a rule could not judge, and why

    def options(self, rule: str, path: str) -> Mapping[str, Any] | None:
        return self.config.options_for(rule, path)

    def not_judged(self, rule: str, why: str) -> None:
        self.notes.append(f"{rule}{NOT_JUDGED}{why}")


Check = Callable[[RuleContext], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    spec: RuleSpec
    check: Check


def finding(
    rule: str, options: Mapping[str, Any], path: str, line: int, subject: str, message: str,
    value: float | None = None, threshold: float | None = None, end_line: int = 0,
    worse: Worse = Worse.HIGHER,
) -> Finding:
    """A finding with the severity configured for its rule at its path (fingerprint comes later)."""
    return Finding(
        rule=rule, severity=Severity(options["severity"]), message=message, path=path, line=line,
        subject=subject, value=value, threshold=threshold, end_line=end_line, worse=worse,
    )
