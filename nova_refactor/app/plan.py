"""`plan`: analyse the project once, propose boundaries, then derive every phase."""

from __future__ import annotations

from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.analysis.boundaries.propose import history_root, propose
from nova_refactor.app.session import Session
from nova_refactor.errors import UsageError
from nova_refactor.planning.builder import PlanInputs, build_plan
from nova_refactor.planning.model import MigrationPlan


def plan(session: Session, services: int | None = None, history: bool = True) -> MigrationPlan:
    """Raises UsageError (exit 2) for a missing directory, coverage report or source files.
    `history`: blend git co-change into the boundaries, as `boundaries` does."""
    root = session.project_root()
    session.paths = [root]  # a plan is of the project root, whatever path named it
    config = session.config
    coverage_path = session.coverage_path()
    if coverage_path is not None and not coverage_path.is_file():  # before the analysis
        raise UsageError(f"{coverage_path}: coverage report not found")
    analysis = session.analysis(configured=True)
    proposal = propose(analysis, BoundaryOptions(services=services, history=history),
                       history_root([root]))
    return build_plan(PlanInputs(root, config, analysis, session.coverage_report(analysis),
                                 proposal))
