"""`boundaries`: proposed services and a shared library, with reasons and cut costs."""

from __future__ import annotations

from dataclasses import dataclass

from nova_refactor.analysis.boundaries.model import BoundaryOptions, Proposal
from nova_refactor.analysis.boundaries.propose import history_root, propose
from nova_refactor.app.session import Session
from nova_refactor.model import Analysis


@dataclass(frozen=True, slots=True)
class Boundaries:
    analysis: Analysis
    proposal: Proposal


def boundaries(session: Session, options: BoundaryOptions | None = None) -> Boundaries:
    """Co-change (when `options.history`) is read from git when one directory is analysed."""
    result = session.analysis()
    return Boundaries(result, propose(result, options or BoundaryOptions(),
                                      history_root(list(session.paths))))
