"""`compare`: the plan's success metrics, before and after; each side an analysis JSON file,
the working tree, or a git revision of the target's repository."""

from __future__ import annotations

from pathlib import Path

from nova_refactor.analysis.history.compare import Comparison
from nova_refactor.analysis.history.compare import compare as run_compare
from nova_refactor.analysis.history.revision import analyze_revision
from nova_refactor.analysis.history.sides import WORKTREE, load_analysis
from nova_refactor.app.session import Session
from nova_refactor.errors import InputError
from nova_refactor.gate.targets import coverage_of, pack_targets
from nova_refactor.model import Analysis


def compare(session: Session, before: str, after: str, coverage_before: Path | None = None,
            coverage_after: Path | None = None) -> Comparison:
    config = session.config  # a bad pack fails before any analysis
    old, old_label = side(session, before)
    new, new_label = side(session, after)
    coverage = None
    if coverage_before or coverage_after:
        coverage = (coverage_of(coverage_before, session.root, old),
                    coverage_of(coverage_after, session.root, new))
    return run_compare(old, new, pack_targets(config), (old_label, new_label), config.pack,
                       coverage)


def side(session: Session, spec: str) -> tuple[Analysis, str]:
    """`spec` is a `.json` analysis file, `worktree` (PATH as it is on disk) or a git revision."""
    as_file = Path(spec)
    if spec.endswith(".json") or as_file.is_file():
        try:
            text = as_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"{spec}:1: cannot read analysis: {err}") from None
        return load_analysis(text, spec), as_file.name
    if spec == WORKTREE:
        return session.analysis(), f"{session.target.resolve().name} (working tree)"
    return analyze_revision(session.target, spec, session.options()), spec
