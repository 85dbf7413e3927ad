"""`check`: the quality gate on one analysis of the target, with its configuration's excludes."""

from __future__ import annotations

from nova_refactor.app.session import Session
from nova_refactor.gate.changed import changed_since
from nova_refactor.gate.engine import CheckOutcome, CheckRequest, Judging, run_check


def check(session: Session, request: CheckRequest) -> CheckOutcome:
    """Raises UsageError/ConfigError (exit 2) for a bad pack, ref, coverage report or an empty
    folder; the outcome says whether the gate holds."""
    config = session.config  # a bad pack fails before the (long) analysis
    root = session.root
    # as does a bad ref
    scope = changed_since(root, request.changed_since) if request.changed_since else None
    analysis = session.analysis(configured=True)
    base_options = session.options(configured=True)
    return run_check(request, Judging(root, config, analysis, session.coverage_report(analysis),
                                      scope, base_options))
