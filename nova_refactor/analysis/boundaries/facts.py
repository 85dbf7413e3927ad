"""Turn a partition into a proposal a tech lead can check: names, owned routes and locks,
cohesion, crossings with their cut cost, and the strongest ties of every module."""

from __future__ import annotations

from collections import Counter

import networkx as nx
from networkx.algorithms import community as nxc

from nova_refactor.analysis.boundaries.granularity import Merge
from nova_refactor.analysis.boundaries.model import (
    ENTRYPOINT,
    SHARED,
    BoundaryOptions,
    CrossEdge,
    Crossing,
    OwnedRoute,
    Proposal,
    Service,
    SharedLibrary,
)
from nova_refactor.analysis.boundaries.placements import placements
from nova_refactor.analysis.boundaries.route_owners import RouteOwners, route_owners
from nova_refactor.analysis.graph.communities import Groups
from nova_refactor.analysis.graph.similarity import Neighbours, words
from nova_refactor.analysis.naming import Evidence, name_services, route_word
from nova_refactor.model import Analysis, FileFacts, LockRole


def assemble(
    analysis: Analysis, graph: nx.DiGraph, weighted: nx.Graph, groups: Groups,
    shared: set[str], entry: list[str], options: BoundaryOptions, commits: int, notes: list[str],
    near: Neighbours | None = None, roots: dict[str, tuple[str, ...]] | None = None,
    merges: list[Merge] | None = None,
) -> Proposal:
    lines = {n: d["lines"] for n, d in graph.nodes(data=True)}
    names = name_services(groups, lines, domain_evidence(analysis, groups))
    group_of = _group_of(names, groups, shared, entry)
    owned, unowned = route_owners(analysis, group_of, names)
    locks = _lock_owners(analysis, group_of)
    services = tuple(
        _service(name, group, weighted, group_of, lines, analysis, owned.get(name, ()),
                 locks.get(name, ()))
        for name, group in zip(names, groups, strict=True)
    )
    crossings = _crossings(graph, group_of, set(names))
    rest = weighted.subgraph(set().union(*groups) if groups else set())
    return Proposal(
        services=services,
        shared=SharedLibrary(tuple(sorted(shared)), sum(lines[m] for m in shared),
                             locks.get(SHARED, ())),
        entrypoints=tuple(entry),
        crossings=crossings,
        placements=placements(graph, weighted, group_of, lines, analysis, near, roots,
                              merged(merges, group_of)),
        modularity=_modularity(rest, groups),
        coupling=_coupling(rest, group_of),
        algorithm=options.algorithm,
        seed=options.seed,
        history_commits=commits,
        unassigned_routes=tuple(unowned),
        notes=tuple(notes),
    )


def _group_of(names: list[str], groups: Groups, shared: set[str], entry: list[str]
              ) -> dict[str, str]:
    group_of = {m: name for name, g in zip(names, groups, strict=True) for m in g}
    group_of.update({m: SHARED for m in shared})
    group_of.update({m: ENTRYPOINT for m in entry})
    return group_of


def domain_evidence(analysis: Analysis, groups: Groups) -> list[Evidence]:
    """Per group: the first domain word of every counted route whose handler is defined in it,
    and the words of the type names its modules define."""
    where = {m: i for i, g in enumerate(groups) for m in g}
    found = [Evidence(Counter(), Counter()) for _ in groups]
    for home, word in _route_homes(analysis, where):
        found[where[home]].routes[word] += 1
    for facts in analysis.files:
        if facts.path in where:
            found[where[facts.path]].types.update(_type_words(facts))
    return found


def _route_homes(analysis: Analysis, where: dict[str, int]) -> list[tuple[str, str]]:
    """(file defining the handler, first domain word) of every counted route: a route
    belongs with its handler, not with the table that registers it (Lemmy's 157 `/api/v4`
    routes are all registered in one `lib.rs`, their handlers in 157 files of other crates)."""
    handlers = RouteOwners(analysis, {}, [])
    found = []
    for route in analysis.routes:
        home = handlers.defined_in(route) or route.file
        word = route_word(route.path)
        if route.counted and home in where and word:
            found.append((home, word))
    return found


def _type_words(facts: FileFacts) -> list[str]:
    return [w for c in facts.classes if "." not in c.name for w in words(c.name)]


def merged(merges: list[Merge] | None, group_of: dict[str, str]) -> dict[str, str]:
    """Module -> why it joined its service (the last merge that moved it says where to)."""
    found: dict[str, str] = {}
    for merge in merges or ():
        target = group_of.get(merge.into, "?")
        for module in merge.modules:
            found[module] = f"joined {target}: {merge.why}"
    return found


def _lock_owners(analysis: Analysis, group_of: dict[str, str]) -> dict[str, tuple[str, ...]]:
    found: dict[str, set[str]] = {}
    for site in analysis.locks:
        group = group_of.get(site.path)
        if group and site.role in (LockRole.CONSTRUCTION, LockRole.REBINDING):
            found.setdefault(group, set()).add(f"{site.owner} ({site.path}:{site.line})")
    return {k: tuple(sorted(v)) for k, v in found.items()}


def _responsibilities(analysis: Analysis, modules: frozenset[str]) -> int:
    count = 0
    for facts in analysis.files:
        if facts.path in modules:
            count += sum(1 for c in facts.classes if "." not in c.name and
                         not c.name.startswith("_"))
            count += sum(1 for f in facts.functions if not f.is_method and "." not in f.name
                         and not f.name.startswith("_"))
    return count


def _service(
    name: str, group: frozenset[str], weighted: nx.Graph, group_of: dict[str, str],
    lines: dict[str, int], analysis: Analysis, routes: tuple[OwnedRoute, ...],
    locks: tuple[str, ...],
) -> Service:
    internal = external = 0.0
    for u, v, d in weighted.edges(group, data=True):
        other = group_of.get(v if u in group else u)
        if other == name:
            internal += d["weight"]
        elif other not in (SHARED, ENTRYPOINT):
            external += d["weight"]
    cohesion = internal / (internal + external) if internal + external else 1.0
    return Service(
        name=name, modules=tuple(sorted(group)), lines=sum(lines[m] for m in group),
        routes=routes, locks=locks, responsibilities=_responsibilities(analysis, group),
        cohesion=round(cohesion, 3), internal_weight=round(internal, 3),
        external_weight=round(external, 3),
    )


def _crossings(graph: nx.DiGraph, group_of: dict[str, str], services: set[str]) -> tuple[
        Crossing, ...]:
    pairs: dict[tuple[str, str], list[CrossEdge]] = {}
    for u, v, d in sorted(graph.edges(data=True)):
        a, b = group_of.get(u), group_of.get(v)
        if a in services and b in services and a != b:
            key = (min(a, b), max(a, b))
            pairs.setdefault(key, []).append(
                CrossEdge(u, v, tuple(sorted(d["names"])), float(d["weight"])))
    found = [
        Crossing(a, b, round(sum(e.weight for e in edges), 3), tuple(edges))
        for (a, b), edges in pairs.items()
    ]
    return tuple(sorted(found, key=lambda c: (-c.cut_cost, c.first, c.second)))


def _modularity(rest: nx.Graph, groups: Groups) -> float:
    if rest.number_of_edges() == 0 or rest.size(weight="weight") == 0:
        return 0.0
    # types-networkx asks for sets where any collection of nodes does (frozensets here)
    return round(nxc.modularity(rest, groups, weight="weight"), 4)  # type: ignore[arg-type]


def _coupling(rest: nx.Graph, group_of: dict[str, str]) -> float:
    """Share of the weight between service modules that crosses a service boundary."""
    total = rest.size(weight="weight")
    cut = sum(d["weight"] for u, v, d in rest.edges(data=True) if group_of[u] != group_of[v])
    return round(cut / total, 4) if total else 0.0
