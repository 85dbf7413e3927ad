"""One gate run: the enabled rules on an Analysis made once (`app/check.py`), fingerprinted,
scoped and judged against the baseline.

The rules only read the Analysis (nothing is parsed again), so `check` costs about what
`analyze` costs.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options
from nova_refactor.config import PACKS, GateConfig
from nova_refactor.errors import UsageError
from nova_refactor.gate.baseline import entry_of, judge, load_baseline, updated, write_baseline
from nova_refactor.gate.changed import ChangedScope
from nova_refactor.gate.coverage import CoverageReport
from nova_refactor.gate.result import BaselineEntry, CheckResult, Judged
from nova_refactor.gate.rules import CATALOG, RULES
from nova_refactor.gate.rules.base import RuleContext
from nova_refactor.gate.rules.parsing import UNPARSABLE
from nova_refactor.model import Analysis, Finding, Severity


@dataclass(frozen=True, slots=True)
class CheckRequest:
    target: Path  # as the user named it: shown in the result
    baseline: Path | None = None  # None: the configuration's `baseline`, if any
    changed_since: str | None = None
    update_baseline: bool = False
    allow_worse: bool = False


@dataclass(frozen=True, slots=True)
class Judging:
    """What the gate judges, resolved once by the use case (`app/check.py`, `app/report.py`)."""

    root: Path
    config: GateConfig
    analysis: Analysis  # made with `config.exclude_patterns`, holding source files
    coverage: CoverageReport | None
    scope: ChangedScope | None  # --changed-since; None: everything is judged
    options: Options  # the analysis options, for the base revision's own findings


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    result: CheckResult
    baseline_written: bool = False
    adopted: bool = False  # the baseline was written for the first time: today's findings
    refused: tuple[Judged, ...] = ()  # --update-baseline refused these (new or worse)


def run_check(request: CheckRequest, judging: Judging) -> CheckOutcome:
    """Run the enabled rules on the analysis, fingerprint, scope and judge the findings."""
    root, config, scope = judging.root, judging.config, judging.scope
    baseline_path = request.baseline or _configured(root, config.baseline)
    notes: list[str] = []
    findings = fingerprinted(_run_rules(judging.analysis, config, root, judging.coverage, notes))
    at_base = None
    if scope is not None and baseline_path is None:
        at_base = _findings_at_base(judging, scope)
        notes.append(f"no baseline: findings in the changed code are judged against the same "
                     f"rules at {scope.ref} (only what is new or worse since then fails)")
    return _judge(request, config, findings, scope, baseline_path, tuple(notes), at_base)


def _findings_at_base(judging: Judging, scope: ChangedScope) -> dict[str, BaselineEntry]:
    """The findings of the same rules on the base revision, as an implicit baseline: a
    legacy finding in a touched file is "known" (or "worse" if the change made it worse),
    not "new", so a pre-commit hook does not block every commit to a legacy file."""
    # only `check --changed-since` reads a revision (80 ms of imports)
    from nova_refactor import gitrepo
    from nova_refactor.analysis.history.revision import analyze_commit

    repo, prefix = gitrepo.locate(judging.root)
    options = replace(judging.options, progress=None)
    analysis = analyze_commit(repo, prefix, scope.base, options, label=scope.ref)
    found = fingerprinted(_run_rules(analysis, judging.config, judging.root, judging.coverage,
                                     []))
    return {f.fingerprint: entry_of(f) for f in found}


def pack_argument(rules: str | None) -> str | None:
    """A pack file named on the command line is relative to the working directory; one named
    in the target's configuration (or not found here) is relative to the target."""
    if rules is None or rules in PACKS or not Path(rules).is_file():
        return rules
    return str(Path(rules).resolve())


def _configured(root: Path, value: str | None) -> Path | None:
    return root / value if value else None


def _run_rules(
    analysis: Analysis, config: GateConfig, root: Path, coverage: CoverageReport | None,
    notes: list[str],
) -> list[Finding]:
    ctx = RuleContext(analysis, config, root, coverage, notes)
    unread = [d for d in analysis.diagnostics if d.severity == Severity.ERROR]
    if unread and UNPARSABLE.spec.id not in config.enabled():  # never pass silently
        notes.append(f"{len(unread)} file(s) could not be read or parsed and were not judged, "
                     f"e.g. {unread[0].render()}")
    return [f for rule_id in config.enabled() for f in RULES[rule_id].check(ctx)]


def fingerprinted(findings: Iterable[Finding]) -> list[Finding]:
    """Fingerprint = hash(rule, path, subject, occurrence): no line numbers, so inserting lines
    elsewhere never changes it; the occurrence index tells apart same-named subjects."""
    ordered = sorted(findings, key=lambda f: (f.path, f.line, f.rule, f.subject))
    seen: Counter[tuple[str, str, str]] = Counter()
    result = []
    for f in ordered:
        key = (f.rule, f.path, f.subject)
        digest = hashlib.sha256("\0".join([*key, str(seen[key])]).encode()).hexdigest()
        seen[key] += 1
        result.append(replace(f, fingerprint=digest[:24]))
    return result


def _judge(
    request: CheckRequest, config: GateConfig, findings: list[Finding],
    scope: ChangedScope | None, baseline_path: Path | None, notes: tuple[str, ...],
    at_base: dict[str, BaselineEntry] | None = None,
) -> CheckOutcome:
    old, notes = _accepted(request, baseline_path, at_base, notes)
    in_scope = _in_scope(findings, scope)
    judged, fixed = judge(in_scope, (f.fingerprint for f in findings), old)
    if baseline_path is None:
        fixed = []  # gone since the base revision: nothing accepted to tighten
    result = CheckResult(
        target=str(request.target), pack=config.pack,
        rules=tuple(CATALOG[r] for r in config.enabled()), judged=tuple(judged),
        fixed=tuple(fixed), out_of_scope=len(findings) - len(in_scope), notes=notes,
        baseline=str(baseline_path) if baseline_path else None,
        changed_since=request.changed_since,
        severities=tuple((r, config.rules[r]["severity"]) for r in config.enabled()),
    )
    if not request.update_baseline:
        return CheckOutcome(result)
    return _update(request, result, baseline_path, old, judged, fixed)


def _accepted(request: CheckRequest, baseline_path: Path | None,
              at_base: dict[str, BaselineEntry] | None,
              notes: tuple[str, ...]) -> tuple[dict[str, BaselineEntry] | None, tuple[str, ...]]:
    """The findings judged as known: the baseline file's, else the base revision's."""
    if baseline_path is None:
        return at_base, notes
    old = load_baseline(baseline_path)
    if old is None and not request.update_baseline:
        notes += (f"baseline {baseline_path.name} does not exist yet: every finding is new "
                  "(create it with --update-baseline)",)
    return old, notes


def _in_scope(findings: list[Finding], scope: ChangedScope | None) -> list[Finding]:
    return findings if scope is None else [f for f in findings if scope.contains(f)]


def _update(
    request: CheckRequest, result: CheckResult, baseline_path: Path | None,
    old: dict[str, BaselineEntry] | None, judged: list[Judged], fixed: list[BaselineEntry],
) -> CheckOutcome:
    if baseline_path is None:
        raise UsageError("--update-baseline needs --baseline FILE (or [tool.nova-refactor] "
                         "baseline = FILE)")
    entries, refused = updated(old, judged, fixed, request.allow_worse)
    if refused:
        return CheckOutcome(result, refused=tuple(refused))
    write_baseline(baseline_path, entries)
    # Shown as judged by the baseline just written: every finding is now accepted, so the
    # table's verdict agrees with the exit code (0), not "gate broken: N new".
    now, _ = judge([j.finding for j in judged], (), {e.fingerprint: e for e in entries})
    result = replace(result, judged=tuple(now))
    return CheckOutcome(result, baseline_written=True, adopted=old is None)
