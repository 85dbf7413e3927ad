"""Service-boundary proposals from the weighted module graph.

1. The graph: file-level dependencies weighted by the names used across each edge, optionally
   blended with git co-change. Entrypoints (composition roots) and tests are set aside.
2. A first community detection shows which modules are used from several communities; those
   that look like infrastructure (named so, or leaves used by many) become the shared library,
   with everything they need, so the library never depends on a service.
3. A second detection without the shared library gives the services; `--services N` merges
   or splits deterministically. Then `boundary_facts` explains every placement.

Both detections run on the normalised import ties plus, from 50 modules on, a k-nearest-neighbour
graph of how alike modules are (shared neighbours and identifier words, `similarity`): on real
packages with their structure hidden it recovers them better (benchmarks/boundaries.py).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from pathlib import Path, PurePosixPath

import networkx as nx

from nova_refactor.analysis.boundaries.facts import assemble
from nova_refactor.analysis.boundaries.model import BoundaryOptions, Proposal
from nova_refactor.analysis.graph.communities import Groups, canonical, detect, reach_count
from nova_refactor.analysis.graph.dependencies import dependency_graph
from nova_refactor.analysis.graph.similarity import (
    MIN_MODULES,
    Neighbours,
    knn_edges,
    module_neighbours,
)
from nova_refactor.analysis.history.cochange import MIN_COMMITS, cochange_weights, git_commits
from nova_refactor.analysis.naming import is_infra, is_test
from nova_refactor.model import Analysis, ImportKind

MARKERS = frozenset({"__init__.py", "mod.rs"})
SHARED_CLOSURE_LIMIT = 0.15  # a shared candidate may pull in at most this share of the modules


def propose(
    analysis: Analysis, options: BoundaryOptions | None = None, root: Path | None = None
) -> Proposal:
    """Never raises for odd graphs (empty, one module, islands); notes say what happened."""
    options = options or BoundaryOptions()
    tree = module_tree(analysis)
    analysis = without_module_tree(analysis)
    graph, notes = dependency_graph(analysis, "file")
    entry, core = _set_aside(graph, options, notes)
    commits = _history(root, options, notes)
    weighted = blend(core, commits, options.history_weight)
    near = _similarity(graph, core, analysis, options)
    first = _detect(weighted, options, near)
    roots = split_parents(tree, first)
    if roots:
        notes.append(f"{len(roots)} module-tree parent(s) declare modules that belong to "
                     "different services: set aside as composition roots")
        entry = sorted(set(entry) | roots)
        core = core.subgraph(set(core) - roots).copy()
        weighted = weighted.subgraph(set(weighted) - roots).copy()
        first = _detect(weighted, options, near)
    wired = Counter(t for e in entry for t in graph.successors(e))
    shared = shared_library(core, first, wired)
    rest = weighted.subgraph(set(core) - shared).copy()
    groups, markers = attach_markers(_detect(rest, options, near), rest)
    shared |= markers
    rest = rest.subgraph(set(rest) - markers).copy()
    groups = pool_unconnected(groups, graph, weighted, notes)
    if options.services is not None:
        groups = _to_count(rest, groups, options, notes)
    _partition_notes(core, rest, groups, notes)
    return assemble(analysis, graph, weighted, groups, shared, entry, options, len(commits),
                    notes, near, {r: tree[r] for r in roots})


def module_tree(analysis: Analysis) -> dict[str, tuple[str, ...]]:
    """Rust module-tree parents (files with `mod x;` items) and the files they declare."""
    tree: dict[str, set[str]] = {}
    for edge in analysis.imports:
        if edge.kind == ImportKind.MOD:
            tree.setdefault(edge.source, set()).add(edge.target)
    return {parent: tuple(sorted(children)) for parent, children in tree.items()}


def split_parents(tree: dict[str, tuple[str, ...]], groups: Groups) -> set[str]:
    """Parents whose declared modules fall into different communities. Like `main.rs`, such a
    `mod.rs`/`lib.rs` wires its modules together (declares them, holds the glue they share):
    clustered, it would tie them into one service or pull a service into the library."""
    where = {n: i for i, g in enumerate(groups) for n in g}
    return {parent for parent, children in tree.items() if parent in where
            and len({where[c] for c in children if c in where}) >= 2}


def without_module_tree(analysis: Analysis) -> Analysis:
    """Rust `mod x;` items say where a file sits in the crate, not that the parent uses it (a
    Python package does not import its modules either): they are no coupling to cut."""
    kept = tuple(e for e in analysis.imports if e.kind != "mod")
    return analysis if len(kept) == len(analysis.imports) else replace(analysis, imports=kept)


def _set_aside(graph: nx.DiGraph, options: BoundaryOptions, notes: list[str]) -> tuple[
        list[str], nx.DiGraph]:
    """Entrypoints (composition roots) and tests are not clustered: (entrypoints, the rest)."""
    entry = sorted(n for n, d in graph.nodes(data=True) if d["entrypoint"])
    tests = [] if options.include_tests else sorted(n for n in graph if is_test(n))
    if tests:
        notes.append(f"{len(tests)} test module(s) left out: tests follow the code they test")
    return entry, graph.subgraph(set(graph) - set(entry) - set(tests)).copy()


def _history(root: Path | None, options: BoundaryOptions, notes: list[str]) -> list[list[str]]:
    if not options.history or root is None:
        return []
    commits = git_commits(root, options.max_commits)
    if len(commits) < MIN_COMMITS:
        notes.append(f"no usable git history ({len(commits)} commit(s); co-change needs "
                     f"{MIN_COMMITS}): weights come from imports only")
        return []
    return commits


def _similarity(graph: nx.DiGraph, core: nx.DiGraph, analysis: Analysis,
                options: BoundaryOptions) -> Neighbours:
    if options.similarity_weight <= 0 or core.number_of_nodes() < MIN_MODULES:
        return {}
    return module_neighbours(graph, analysis.files)


def _detect(graph: nx.Graph, options: BoundaryOptions, near: Neighbours) -> Groups:
    return detect(with_similarity(normalised(graph), near, options), options.algorithm,
                  options.seed, options.resolution)


def with_similarity(graph: nx.Graph, near: Neighbours, options: BoundaryOptions) -> nx.Graph:
    """Add each module's most alike modules (see `similarity`) to the normalised import ties:
    siblings that never import each other still pull together. Detection only."""
    nodes = set(graph)
    for (u, v), value in sorted(knn_edges(near, nodes, options.neighbours).items()):
        old = graph[u][v]["weight"] if graph.has_edge(u, v) else 0.0
        graph.add_edge(u, v, weight=old + options.similarity_weight * value)
    return graph


def _to_count(rest: nx.Graph, groups: Groups, options: BoundaryOptions, notes: list[str]
              ) -> Groups:
    wanted = options.services or 1
    found = reach_count(rest, groups, wanted, options.seed)
    if len(found) != wanted:
        notes.append(f"asked for {wanted} services, but only {len(found)} can be formed "
                     f"from {sum(len(g) for g in found)} module(s)")
    elif len(groups) != wanted:
        notes.append(f"{len(groups)} communities found; merged or split to {wanted} as asked")
    return found


def blend(core: nx.DiGraph, commits: list[list[str]], history_weight: float) -> nx.Graph:
    """Undirected projection; both directions add up. With history, a weighted mix of the two."""
    imports: dict[tuple[str, str], float] = {}
    for u, v, d in core.edges(data=True):
        key = (min(u, v), max(u, v))
        imports[key] = imports.get(key, 0.0) + d["weight"]
    together = cochange_weights(commits, set(core)) if commits else {}
    top_import = max(imports.values(), default=1.0)
    top_change = max(together.values(), default=1.0)
    alpha = history_weight if together else 0.0
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(sorted(core))
    for key in sorted(set(imports) | set(together)):
        # Scaled so the strongest import tie weighs what it did: reasons keep readable numbers.
        mixed = (1 - alpha) * imports.get(key, 0.0) / top_import + alpha * together.get(
            key, 0.0) / top_change
        graph.add_edge(*key, weight=round(mixed * top_import, 3))
    return graph


def normalised(graph: nx.Graph) -> nx.Graph:
    """Weights divided by the geometric mean of both ends' total weight (cosine-like): a tie
    to a module that is tied to everything says less than a tie between two loners. Used for
    detection only; reasons keep the plain weights."""
    strength = {n: graph.degree(n, weight="weight") or 1.0 for n in graph}
    out: nx.Graph[str] = nx.Graph()
    out.add_nodes_from(graph)
    out.add_weighted_edges_from(
        (u, v, d["weight"] / math.sqrt(strength[u] * strength[v]))
        for u, v, d in graph.edges(data=True))
    return out


def attach_markers(groups: Groups, rest: nx.Graph) -> tuple[Groups, set[str]]:
    """An unconnected package marker (`__init__.py`, `mod.rs`) joins the group holding most of
    its package; a marker of a package split between groups (importing any module of it runs
    the marker) goes to the shared library. Returns the groups and the markers for the library.
    """
    moved, shared = _marker_moves(groups, rest)
    if not moved and not shared:
        return groups, shared
    merged = [set(g) - set(moved) - shared for g in groups]
    for node, index in moved.items():
        merged[index].add(node)
    return canonical([frozenset(g) for g in merged]), shared


def _marker_moves(groups: Groups, rest: nx.Graph) -> tuple[dict[str, int], set[str]]:
    where = {n: i for i, g in enumerate(groups) for n in g}
    lonely = sorted(m for m in rest if _lonely_marker(m, rest, groups, where))
    votes = _folder_votes(rest, where) if lonely else {}
    moved: dict[str, int] = {}
    shared: set[str] = set()
    for node in lonely:
        home = _home(votes.get(_folder(node), Counter()))
        if home is not None:
            moved[node] = home
        elif _home(votes.get(_folder(node), Counter()), majority=False) is not None:
            shared.add(node)
    return moved, shared


def _folder_votes(rest: nx.Graph, where: dict[str, int]) -> dict[str, Counter[int]]:
    """For every folder, how many of the (non-marker) modules below it each group holds."""
    votes: dict[str, Counter[int]] = {}
    for module in sorted(m for m in rest if not _is_marker(m)):
        parts = module.split("/")[:-1]
        for depth in range(len(parts) + 1):
            folder = "".join(p + "/" for p in parts[:depth])
            votes.setdefault(folder, Counter())[where[module]] += 1
    return votes


def _lonely_marker(node: str, rest: nx.Graph, groups: Groups, where: dict[str, int]) -> bool:
    return _is_marker(node) and not rest.degree(node) and len(groups[where[node]]) == 1


def _is_marker(path: str) -> bool:
    return PurePosixPath(path).name in MARKERS


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] + "/" if "/" in path else ""


def _home(votes: Counter[int], majority: bool = True) -> int | None:
    """The group holding most of the marker's package (more than half, with `majority`)."""
    if not votes:
        return None
    best = max(sorted(votes), key=lambda i: votes[i])
    return best if not majority or votes[best] * 2 > sum(votes.values()) else None


def pool_unconnected(groups: Groups, graph: nx.DiGraph, weighted: nx.Graph, notes: list[str]
                     ) -> Groups:
    """Modules nothing imports and that import nothing (data files, plugins loaded by name)
    (nor change with anything) have no evidence for any service: one group for review
    instead of one service each."""
    alone = [g for g in groups if all(graph.degree(m) == 0 == weighted.degree(m) for m in g)]
    if len(alone) < 2:
        return groups
    pooled = frozenset().union(*alone)
    notes.append(f"{len(pooled)} module(s) import no project module and none imports them; "
                 "they are pooled in one group for review")
    return canonical([g for g in groups if g not in alone] + [pooled])


def shared_library(core: nx.DiGraph, groups: Groups, wired: Counter[str] | None = None
                   ) -> set[str]:
    """Infrastructure used from several communities, closed under its own dependencies.
    `wired`: how many composition roots import a module; every service's own root will."""
    where = {n: i for i, g in enumerate(groups) for n in g}
    shared: set[str] = set()
    limit = max(2, int(SHARED_CLOSURE_LIMIT * core.number_of_nodes()))
    for _, _, node in _candidates(core, groups, where, wired or Counter()):
        needs = (nx.descendants(core, node) | {node}) - shared
        if len(needs) <= limit:
            shared |= needs
    shared |= _library_layer(core, where, shared)
    if len(shared) >= core.number_of_nodes() > 0:
        return set()  # everything shared means nothing is: propose services instead
    return shared


def _candidates(core: nx.DiGraph, groups: Groups, where: dict[str, int], wired: Counter[str]
                ) -> list[tuple[int, int, str]]:
    """Shared-library candidates, most widely used first."""
    wide = max(3, (len(groups) + 1) // 2)
    found = []
    for node in sorted(core):
        users = len({where[u] for u in core.predecessors(node)})
        if _infrastructure(core, node, users, wired[node]) or _used_leaf(core, node, users) or (
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


def _infrastructure(core: nx.DiGraph, node: str, users: int, wired: int) -> bool:
    """Named like infrastructure and used twice (composition roots count)."""
    fan_in = core.in_degree(node)
    leaf = core.out_degree(node) == 0
    return is_infra(node) and fan_in + wired >= 2 and (users + wired >= 2 or leaf)


def _used_leaf(core: nx.DiGraph, node: str, users: int) -> bool:
    """A leaf used from several communities. (Used from a wide share of all communities is
    the other sign, but with few communities a domain service its neighbours call is that too:
    the caller also checks that no one community owns it.)"""
    return users >= 2 and core.out_degree(node) == 0 and core.in_degree(node) >= 3


def _partition_notes(core: nx.DiGraph, rest: nx.Graph, groups: Groups, notes: list[str]) -> None:
    if core.number_of_nodes() == 0:
        notes.append("no modules to split (only entrypoints, tests or nothing)")
        return
    if core.number_of_nodes() == 1:
        notes.append("a single module: nothing to split")
    if rest.number_of_nodes() > 1 and rest.number_of_edges() == 0:
        notes.append("no ties between service modules: modularity Q and coupling are 0 by "
                     "definition (the services only share the library)")
    lonely = [g for g in groups if len(g) == 1 and rest.degree(next(iter(g))) == 0]
    if len(lonely) > 1:
        notes.append(f"{len(lonely)} module(s) tie only to the shared library or to nothing; "
                     "each is proposed alone (use --services N to merge)")


def history_root(paths: list[Path]) -> Path | None:
    """Where to read co-change from: the one analysed directory (analysis paths are relative
    to it); None for several paths or a single file."""
    if len(paths) == 1 and paths[0].is_dir():
        return paths[0]
    return None
