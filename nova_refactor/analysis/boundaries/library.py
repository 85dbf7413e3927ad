"""The shared library: modules that at least two proposed services use, and what they need.

Chosen in two steps. Before the services are known, candidates are the modules a first
community detection shows in wide use: used from several communities with no one community
doing most of the use, or leaves used from several. A module's name says nothing here: on
Nova's user-service `db/user_repo.rs` or `cache/feed_cache.rs` (named like infrastructure,
used by one service) went to the library. After the services are formed, `keep_used` returns
every library module that fewer than two services use (directly, or through the library
modules that use it) to the service that does, or to the one it is most tied to, and
`promote_shared` moves into the library what two or more other services use and needs nothing
but the library.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath

import networkx as nx

from nova_refactor.analysis.boundaries.granularity import Merge
from nova_refactor.analysis.graph.communities import Groups, canonical

SHARED_CLOSURE_LIMIT = 0.15  # a shared candidate may pull in at most this share of the modules
PROMOTED_NEEDS = 6  # modules of its own service a promoted module may take into the library
MARKERS = frozenset({"__init__.py", "mod.rs"})


def shared_library(core: nx.DiGraph, groups: Groups) -> set[str]:
    """Modules used from several communities, closed under their own dependencies (the
    library never depends on a service)."""
    where = {n: i for i, g in enumerate(groups) for n in g}
    shared: set[str] = set()
    limit = max(2, int(SHARED_CLOSURE_LIMIT * core.number_of_nodes()))
    for _, _, node in _candidates(core, groups, where):
        needs = (nx.descendants(core, node) | {node}) - shared
        if len(needs) <= limit:
            shared |= needs
    shared |= _library_layer(core, where, shared)
    if len(shared) >= core.number_of_nodes() > 0:
        return set()  # everything shared means nothing is: propose services instead
    return shared


def _candidates(core: nx.DiGraph, groups: Groups, where: dict[str, int]
                ) -> list[tuple[int, int, str]]:
    """Shared-library candidates, most widely used first."""
    wide = max(3, (len(groups) + 1) // 2)
    found = []
    for node in sorted(core):
        users = len({where[u] for u in core.predecessors(node)})
        if _used_leaf(core, node, users) or (
                users >= wide and _used_mostly_abroad(core, where, node)):
            found.append((-users, -core.in_degree(node), node))
    return sorted(found)


def _library_layer(core: nx.DiGraph, where: dict[str, int], shared: set[str]) -> set[str]:
    """Grow the library bottom-up: a module used from two or more other communities that
    depends on nothing but the library is library code too (a helper built on the helpers)."""
    layer = set(shared)
    changed = True
    while changed:
        changed = False
        for node in sorted(set(core) - layer):
            foreign = {where[u] for u in core.predecessors(node)} - {where[node]}
            if len(foreign) >= 2 and _used_mostly_abroad(core, where, node) and all(
                    t in layer for t in core.successors(node)):
                layer.add(node)
                changed = True
    return layer - shared


def _used_mostly_abroad(core: nx.DiGraph, where: dict[str, int], node: str) -> bool:
    """No one community does most (by weight) of its use: a domain service that its own
    handlers lean on hardest, and others call too, belongs with those handlers (the other
    calls are crossings to report), not in the library."""
    use: Counter[int] = Counter()
    for user, _, data in core.in_edges(node, data=True):
        use[where[user]] += data["weight"]
    return max(use.values(), default=0) * 2 <= sum(use.values())


def _used_leaf(core: nx.DiGraph, node: str, users: int) -> bool:
    """A leaf used from several communities. (Used from a wide share of all communities is
    the other sign, but with few communities a domain service its neighbours call is that too:
    the caller also checks that no one community owns it.)"""
    return users >= 2 and core.out_degree(node) == 0 and core.in_degree(node) >= 3


def service_users(core: nx.DiGraph, groups: Groups, shared: set[str]) -> dict[str, set[int]]:
    """For each library module, the services (group indexes) that use it directly or through
    library modules that use it (a fixpoint: the library's imports may form cycles)."""
    where = {n: i for i, g in enumerate(groups) for n in g}
    users = {m: {where[u] for u in core.predecessors(m) if u in where} for m in shared}
    while _spread(core, users):
        pass
    return users


def _spread(core: nx.DiGraph, users: dict[str, set[int]]) -> bool:
    """One pass handing each library module's users down to what it imports; True if any grew."""
    grew = False
    for module in sorted(users):
        for user in core.predecessors(module):
            if user in users and not users[user] <= users[module]:
                users[module] |= users[user]
                grew = True
    return grew


def keep_used(core: nx.DiGraph, weighted: nx.Graph, groups: Groups, shared: set[str],
              wired: set[str]) -> tuple[Groups, set[str], list[Merge]]:
    """Return to a service every library module fewer than two services use. A module no
    service uses but a composition root wires stays (every service's root will need it);
    package markers stay (importing any module of a split package runs its marker)."""
    merges: list[Merge] = []
    shared = set(shared)
    while groups and (lone := _lone(core, groups, shared, wired)):
        module, users = lone
        index, why = _home(weighted, groups, module, users)
        if index is None:
            break
        shared.discard(module)
        merges.append(Merge(frozenset([module]), min(groups[index]), why))
        groups = canonical([g | {module} if i == index else g for i, g in enumerate(groups)])
    return groups, shared, merges


def _lone(core: nx.DiGraph, groups: Groups, shared: set[str], wired: set[str]
          ) -> tuple[str, set[int]] | None:
    """The first library module fewer than two services use, with those services."""
    users = service_users(core, groups, shared)
    for module in sorted(shared):
        if len(users[module]) < 2 and not _is_marker(module) and (
                users[module] or module not in wired):
            return module, users[module]
    return None


def _home(weighted: nx.Graph, groups: Groups, module: str, users: set[int]
          ) -> tuple[int | None, str]:
    if len(users) == 1:
        (index,) = users
        return index, "in the shared library candidates, but only this service uses it"
    ties = _group_ties(weighted, groups, module)
    if not ties:
        return None, ""
    index = max(sorted(ties), key=lambda i: ties[i])
    return index, "no service uses it; its strongest ties are to this service"


def _group_ties(weighted: nx.Graph, groups: Groups, module: str) -> Counter[int]:
    where = {n: i for i, g in enumerate(groups) for n in g}
    ties: Counter[int] = Counter()
    for other, data in (weighted[module].items() if module in weighted else ()):
        if other in where:
            ties[where[other]] += data["weight"]
    return ties


def promote_shared(core: nx.DiGraph, groups: Groups, shared: set[str],
                   wired: set[str] | None = None) -> tuple[Groups, set[str], list[Merge]]:
    """With the services known, a module that two or more other services use, its own service
    less than they do, is library code when no one service does most of its use, or when a
    composition root wires it too (`utils.py`, which posts and media call and `main.py`
    imports: every service's root will need it; `state.rs`, used by eight services). What it
    needs from its own service (at most `PROMOTED_NEEDS` modules) moves with it: the library
    never depends on a service. Else, when it is a service of its own needing only the
    library, it joins the service that uses it most (`billing.rs`, used hardest by `pay.rs`:
    the other calls are crossings to report). Returns the groups, the library and the moves
    (into the library: `into` is empty)."""
    moves: list[Merge] = []
    while (found := _next_promotion(core, groups, shared, wired or set())) is not None:
        node, target, needs = found
        moving = {node} | needs
        groups = canonical([g - moving | (moving if target in g else set()) for g in groups])
        if target:
            moves.append(Merge(frozenset(moving), target, "a service of one module that other "
                               "services use, this one most: part of it"))
        else:
            shared = shared | moving
            moves.append(Merge(frozenset(moving), "", f"{node} is used by two or more other "
                               "services; it moves to the library with what it needs"))
    return groups, shared, moves


def _next_promotion(core: nx.DiGraph, groups: Groups, shared: set[str], wired: set[str]
                    ) -> tuple[str, str, set[str]] | None:
    """(module, "" for the library or a module of the service it joins, what moves with it)."""
    where = {n: i for i, g in enumerate(groups) for n in g}
    for node in sorted(where):
        use = _use_by_group(core, where, node)
        own = use.pop(where[node], 0.0)
        if len(use) < 2 or own * 2 > own + sum(use.values()):
            continue  # fewer than two other services use it, or its own does most
        needs = nx.descendants(core, node) - shared - {node}
        top = max(sorted(use), key=lambda i: use[i])
        if _library_code(use, own, top, node in wired) and _can_take(needs, groups[where[node]]):
            return node, "", needs
        if not needs and len(groups[where[node]]) == 1:
            return node, min(groups[top]), set()
    return None


def _library_code(use: Counter[int], own: float, top: int, wired: bool) -> bool:
    """No one service does most of its use, or a composition root wires it too."""
    return wired or use[top] * 2 <= own + sum(use.values())


def _can_take(needs: set[str], group: frozenset[str]) -> bool:
    """What it needs comes from its own service and is few enough to move with it."""
    return len(needs) <= PROMOTED_NEEDS and needs <= group


def _use_by_group(core: nx.DiGraph, where: dict[str, int], node: str) -> Counter[int]:
    use: Counter[int] = Counter()
    for user, _, data in core.in_edges(node, data=True):
        if user in where:
            use[where[user]] += data["weight"]
    return use


def _is_marker(path: str) -> bool:
    return PurePosixPath(path).name in MARKERS
