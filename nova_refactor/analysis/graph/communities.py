"""Community detection on a weighted undirected graph, and reaching an asked-for count.

Deterministic: nodes and edges are inserted in sorted order, Louvain gets a fixed seed, merges
and splits break ties by module names.
"""

from __future__ import annotations

import networkx as nx
from networkx.algorithms import community as nxc

Groups = list[frozenset[str]]


def sorted_graph(graph: nx.Graph) -> nx.Graph:
    """The same graph with nodes and edges in sorted order (Louvain's result depends on order)."""
    ordered: nx.Graph[str] = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes))
    ordered.add_edges_from(
        sorted((min(u, v), max(u, v), {"weight": d.get("weight", 1.0)})
               for u, v, d in graph.edges(data=True))
    )
    return ordered


def detect(graph: nx.Graph, algorithm: str, seed: int, resolution: float = 1.0) -> Groups:
    if graph.number_of_nodes() == 0:
        return []
    if graph.number_of_edges() == 0:
        return canonical([frozenset([n]) for n in graph.nodes])
    ordered = sorted_graph(graph)
    if algorithm == "greedy":
        found = nxc.greedy_modularity_communities(ordered, weight="weight", resolution=resolution)
    else:
        found = nxc.louvain_communities(ordered, weight="weight", resolution=resolution, seed=seed)
    return canonical([frozenset(c) for c in found])


def canonical(groups: Groups) -> Groups:
    """Largest first, then by first member: one order for the same partition."""
    return sorted((g for g in groups if g), key=lambda g: (-len(g), min(g)))


def reach_count(graph: nx.Graph, groups: Groups, wanted: int, seed: int) -> Groups:
    """Merge (highest modularity gain first) or split (largest first) until `wanted` groups."""
    groups = canonical(groups)
    while len(groups) > max(1, wanted):
        groups = _merge_best(graph, groups)
    while len(groups) < wanted:
        split = _split_largest(graph, groups, seed)
        if split is None:
            break
        groups = split
    return canonical(groups)


def _between(graph: nx.Graph, groups: Groups) -> dict[tuple[int, int], float]:
    where = {n: i for i, g in enumerate(groups) for n in g}
    weights: dict[tuple[int, int], float] = {}
    for u, v, d in graph.edges(data=True):
        a, b = sorted((where[u], where[v]))
        if a != b:
            weights[(a, b)] = weights.get((a, b), 0.0) + d.get("weight", 1.0)
    return weights


def _merge_best(graph: nx.Graph, groups: Groups) -> Groups:
    weights = _between(graph, groups)
    total = graph.size(weight="weight") or 1.0
    degree = [sum(graph.degree(n, weight="weight") for n in g if n in graph) for g in groups]

    def gain(pair: tuple[int, int]) -> tuple[float, int, str, str]:
        a, b = pair
        delta = weights[pair] / total - degree[a] * degree[b] / (2 * total * total)
        return (delta, -(len(groups[a]) + len(groups[b])), min(groups[a]), min(groups[b]))

    if weights:
        a, b = max(sorted(weights), key=gain)
    else:  # nothing ties the groups: join the two smallest, nearest in the file tree
        a, b = _nearest_smallest(groups)
    merged = groups[a] | groups[b]
    return [g for i, g in enumerate(groups) if i not in (a, b)] + [merged]


def _nearest_smallest(groups: Groups) -> tuple[int, int]:
    order = sorted(range(len(groups)), key=lambda i: (len(groups[i]), min(groups[i])))
    first = order[0]
    anchor = min(groups[first])

    def closeness(i: int) -> tuple[int, int, str]:
        shared = len(_common_prefix(anchor, min(groups[i])))
        return (-shared, len(groups[i]), min(groups[i]))

    second = min(order[1:], key=closeness)
    return tuple(sorted((first, second)))  # type: ignore[return-value]


def _common_prefix(a: str, b: str) -> list[str]:
    out = []
    for x, y in zip(a.split("/"), b.split("/"), strict=False):
        if x != y:
            break
        out.append(x)
    return out


def _split_largest(graph: nx.Graph, groups: Groups, seed: int) -> Groups | None:
    for index, group in enumerate(groups):  # canonical: largest first
        if len(group) < 2:
            return None
        halves = _split(graph.subgraph(group), seed)
        if len(halves) > 1:
            return [g for i, g in enumerate(groups) if i != index] + halves
    return None


def _split(sub: nx.Graph, seed: int) -> Groups:
    parts = detect(sub, "louvain", seed)
    if len(parts) > 1:
        # Keep the largest part and merge the rest into one: one split per step.
        return [parts[0], frozenset().union(*parts[1:])]
    ordered = sorted_graph(sub)
    left, right = nxc.kernighan_lin_bisection(ordered, weight="weight", seed=seed)
    return canonical([frozenset(left), frozenset(right)])
