"""`--hot`: the locks the plan's Phase 2 ranks for an actor, from the measured lock sites.

The plan (`planning/lock_phase.py`, a layer above codemods) recommends an actor for a lock held
across an await, and for a mutex taken on request paths in MANY functions or more, unless its
name makes another replacement fit better (statistics, a pool, a keyed store). The same rules
on the same facts, so `apply lock-to-actor --hot` converts what `plan` recommends;
tests/codemods/test_lock_to_actor_hot.py checks that both agree on every example.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nova_refactor.model import Analysis, LockSite

MANY = 3  # as lock_phase.MANY
NOT_ACTOR = re.compile(r"(stat|metric|count|pool|cache|redis|session|store|repo|index)",
                       re.IGNORECASE)
EXEMPT = ("Semaphore", "Condition", "mutable global", "RwLock")


def hot_owners(analysis: Analysis) -> list[str]:
    by_owner: dict[str, list[LockSite]] = {}
    for site in analysis.locks:
        by_owner.setdefault(site.owner, []).append(site)
    ranked = [_rank(owner, sites) for owner, sites in by_owner.items()
              if _wants_actor(owner, sites)]
    return [rank[-1] for rank in sorted(ranked)]


def _uses(sites: Sequence[LockSite]) -> list[LockSite]:
    return [s for s in sites if s.role in ("acquisition", "rebinding")]


def _wants_actor(owner: str, sites: Sequence[LockSite]) -> bool:
    uses = _uses(sites)
    if any(s.held_across_await for s in uses):
        return True
    primitive = next((s.primitive for s in sites if s.primitive != "mutable global"),
                     sites[0].primitive)
    hot_functions = {s.function for s in uses if s.hot_path}
    return not any(word in primitive for word in EXEMPT) and \
        not NOT_ACTOR.search(owner) and len(hot_functions) >= MANY


def _rank(owner: str, sites: Sequence[LockSite]) -> tuple[int, int, int, str]:
    """As `LockPlan.rank`: held across an await first, then the most request-path use."""
    uses = _uses(sites)
    return (-sum(1 for s in uses if s.held_across_await), -sum(1 for s in uses if s.hot_path),
            -len(uses), owner)
