"""MoJoFM (Wen & Tzerpos 2004): how close a clustering A is to an authoritative one B.

MoJoFM(A, B) = (1 - mno(A, B) / max(mno(any A, B))) * 100, where mno is the MoJo distance
counted one way (moves and joins that turn A into B), computed exactly with the optimal
algorithm of Wen & Tzerpos (2003): each cluster of A is tagged with the clusters of B it
shares the most objects with; a maximum bipartite matching between clusters of A and those
tags gives the number of B-groups that survive, so

    mno(A, B) = sum_i (|A_i| - max_j |A_i n B_j|)   (moves)
              + l - M                               (joins: l clusters in A, M matched).

max(mno(any A, B)) = n - g, with g from B's cluster sizes sorted ascending (the reference
implementation's `maxDistanceTo`). Only objects present in both partitions count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import networkx as nx
from networkx.algorithms import bipartite

Partition = Mapping[str, str]  # object -> cluster label


def as_partition(clusters: Iterable[Iterable[str]]) -> dict[str, str]:
    """[{a, b}, {c}] -> {a: "0", b: "0", c: "1"}."""
    return {obj: str(i) for i, cluster in enumerate(clusters) for obj in cluster}


def mno(a: Partition, b: Partition) -> int:
    """Minimum number of Move and Join operations to turn A into B (one way)."""
    common = sorted(set(a) & set(b))
    overlap: dict[str, Counter[str]] = {}
    for obj in common:
        overlap.setdefault(a[obj], Counter())[b[obj]] += 1
    moves = 0
    graph: nx.Graph[tuple[str, str]] = nx.Graph()
    left = [("A", name) for name in sorted(overlap)]
    graph.add_nodes_from(left, bipartite=0)
    for name in sorted(overlap):
        counts = overlap[name]
        best = max(counts.values())
        moves += sum(counts.values()) - best
        for tag in sorted(t for t, c in counts.items() if c == best):
            graph.add_edge(("A", name), ("B", tag))
    matching = bipartite.hopcroft_karp_matching(graph, top_nodes=left) if left else {}
    matched = sum(1 for node in matching if node[0] == "A")
    return moves + len(overlap) - matched


def max_mno(b: Partition, objects: Iterable[str] | None = None) -> int:
    keep = set(b) if objects is None else set(objects) & set(b)
    sizes = sorted(Counter(b[obj] for obj in keep).values())
    groups = 0
    for size in sizes:
        if groups < size:
            groups += 1
    return len(keep) - groups


def mojofm(a: Partition, b: Partition) -> float:
    """MoJoFM of clustering `a` against the authoritative `b`, in percent (100 = identical)."""
    common = set(a) & set(b)
    distance = mno(a, b)
    worst = max_mno(b, common)
    if worst == 0:
        return 100.0 if distance == 0 else 0.0
    return round((1 - distance / worst) * 100, 2)
