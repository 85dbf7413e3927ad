"""Why each module is where it is: its strongest ties, with weights, in words."""

from __future__ import annotations

from pathlib import PurePosixPath

import networkx as nx

from nova_refactor.analysis.boundaries.model import ENTRYPOINT, SHARED, Placement, Tie
from nova_refactor.analysis.graph.similarity import Neighbours
from nova_refactor.analysis.naming import is_infra
from nova_refactor.model import Analysis, Signal

TOP_TIES = 5
TOP_ALIKE = 3
ALONE = "no ties to other service modules; stands alone with the shared library"


def placements(
    graph: nx.DiGraph, weighted: nx.Graph, group_of: dict[str, str], lines: dict[str, int],
    analysis: Analysis, near: Neighbours | None = None,
    roots: dict[str, tuple[str, ...]] | None = None, merged: dict[str, str] | None = None,
) -> tuple[Placement, ...]:
    signals = {e.path: e.signals for e in analysis.entrypoints}
    found = []
    for module in sorted(group_of):
        ties = _ties(graph, weighted, module, group_of)
        group = group_of[module]
        if group == ENTRYPOINT:
            why = _entry_or_root(graph, module, group_of, signals, roots or {})
        elif group == SHARED:
            why = _shared_reason(graph, module, group_of)
        else:
            why = _service_reason(module, group, ties) + _alike(module, group_of, near or {})
            why = _with_merge(why, (merged or {}).get(module))
        found.append(Placement(module, group, lines.get(module, 0), why, ties))
    return tuple(found)


def _entry_or_root(graph: nx.DiGraph, module: str, group_of: dict[str, str],
                   signals: dict[str, tuple[Signal, ...]], roots: dict[str, tuple[str, ...]]
                   ) -> str:
    if module in roots:
        return _root_reason(module, roots[module], group_of)
    return _entry_reason(graph, module, group_of, signals.get(module, ()))


def _with_merge(why: str, merge: str | None) -> str:
    """The merge that brought a module says why it is here first ("stands alone" no longer
    holds once it joined)."""
    if merge is None:
        return why
    return merge if why.startswith(ALONE) else f"{merge}; {why}"


def _ties(graph: nx.DiGraph, weighted: nx.Graph, module: str,
          group_of: dict[str, str]) -> tuple[Tie, ...]:
    if module in weighted:
        pairs = [(n, d["weight"]) for n, d in weighted[module].items()]
    else:  # entrypoints are not in the clustering graph: use their imports both ways
        weight: dict[str, float] = {}
        for n in graph.successors(module):
            weight[n] = weight.get(n, 0) + graph.edges[module, n]["weight"]
        for n in graph.predecessors(module):
            weight[n] = weight.get(n, 0) + graph.edges[n, module]["weight"]
        pairs = list(weight.items())
    ranked = sorted((p for p in pairs if p[0] in group_of), key=lambda p: (-p[1], p[0]))
    return tuple(Tie(n, group_of[n], round(w, 3)) for n, w in ranked[:TOP_TIES])


def _user_groups(graph: nx.DiGraph, module: str, group_of: dict[str, str]) -> list[str]:
    return sorted({group_of[u] for u in graph.predecessors(module) if u in group_of})


def _entry_reason(graph: nx.DiGraph, module: str, group_of: dict[str, str],
                  signals: tuple[Signal, ...]) -> str:
    services = sorted({group_of[t] for t in graph.successors(module)
                       if group_of.get(t) not in (None, SHARED, ENTRYPOINT)})
    why = "entrypoint" + (f" ({'; '.join(s.render() for s in signals[:2])})" if signals else "")
    return (f"{why}: composition root, wires {len(services)} service(s)"
            + (f" ({', '.join(services)})" if services else "") + "; it may import anything")


def _root_reason(module: str, children: tuple[str, ...], group_of: dict[str, str]) -> str:
    groups = sorted({group_of[c] for c in children if c in group_of})
    return (f"module-tree parent of {len(children)} module(s) in {', '.join(groups)}: "
            "composition root that declares and wires them; each service keeps its own tree "
            "and its share of the glue")


def _shared_reason(graph: nx.DiGraph, module: str, group_of: dict[str, str]) -> str:
    services = [g for g in _user_groups(graph, module, group_of) if g not in (SHARED, ENTRYPOINT)]
    few = len(services) < 2  # then say what else makes it shared
    parts = [_needed_reason(graph, module, group_of) if few else "",
             f"used by {len(services)} proposed service(s): {', '.join(services)}"
             if services else "",
             _roots_reason(graph, module, group_of) if few else ""]
    parts = [p for p in parts if p]
    return "; ".join(parts + _traits(graph, module, lonely=not parts))


def _needed_reason(graph: nx.DiGraph, module: str, group_of: dict[str, str]) -> str:
    needers = sorted(u for u in graph.predecessors(module) if group_of.get(u) == SHARED)
    return (f"needed by shared module {needers[0]} (the library must not depend on a service)"
            if needers else "")


def _roots_reason(graph: nx.DiGraph, module: str, group_of: dict[str, str]) -> str:
    """Every service's own composition root will need what the roots import."""
    roots = sorted(u for u in graph.predecessors(module) if group_of.get(u) == ENTRYPOINT)
    return f"wired by composition root(s) {', '.join(roots)}" if roots else ""


def _traits(graph: nx.DiGraph, module: str, lonely: bool) -> list[str]:
    traits = []
    if lonely and _is_marker(module):
        traits.append("marker of a package split between services: importing any module of "
                      "the package runs it")
    traits.append(f"imported by {graph.in_degree(module)} module(s)")
    if is_infra(module):
        traits.append("named like infrastructure")
    if graph.out_degree(module) == 0:
        traits.append("depends on no project module")
    return traits


def _is_marker(module: str) -> bool:
    return PurePosixPath(module).name in ("__init__.py", "mod.rs")


def _alike(module: str, group_of: dict[str, str], near: Neighbours) -> str:
    """The most alike modules in the same service: the similarity detection also weighed."""
    alike = [(value, other) for value, other in near.get(module, ())
             if group_of.get(other) == group_of[module]][:TOP_ALIKE]
    if not alike:
        return ""
    return ("; most alike inside (shared neighbours and identifiers): "
            + ", ".join(f"{other} ({value:.2f})" for value, other in alike))


def _service_reason(module: str, group: str, ties: tuple[Tie, ...]) -> str:
    inside = [t for t in ties if t.group == group]
    outside = [t for t in ties if t.group not in (group, SHARED, ENTRYPOINT)]
    if not ties and _is_marker(module):
        return "package marker with no ties: goes with most of its package's modules"
    if inside:
        why = "strongest ties inside: " + ", ".join(f"{t.module} ({t.weight:g})" for t in inside)
    else:
        why = ALONE
    if outside:
        top = outside[0]
        why += f"; strongest pull outside: {top.module} in {top.group} ({top.weight:g})"
    return why
