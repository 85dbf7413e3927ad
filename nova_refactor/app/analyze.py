"""`analyze`: the measurements of the paths, or their rendering reused from the last run."""

from __future__ import annotations

from collections.abc import Callable

from nova_refactor.analysis.run.pipeline import analyze_rendered, with_sources
from nova_refactor.app.session import Session
from nova_refactor.model import Analysis


def analysis(session: Session) -> Analysis:
    return session.analysis()


def rendered(session: Session, kind: str, render: Callable[[Analysis], str]) -> str:
    """`render(analysis)`, reused from the last run of this `kind` when no input changed; an
    empty folder is refused before anything is rendered (or cached)."""
    return analyze_rendered(session.paths, session.options(), kind,
                            lambda found: render(with_sources(found, session.shown,
                                                              strict=False)))
