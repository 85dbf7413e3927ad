"""`history`: headline metrics per commit, read from git objects."""

from __future__ import annotations

from nova_refactor.analysis.history.trend import History
from nova_refactor.analysis.history.trend import history as run_history
from nova_refactor.app.session import Session


def history(session: Session, revs: str | None = None, last: int | None = None) -> History:
    return run_history(session.target, revs, last, session.options())
