"""Service-boundary proposals from the weighted module graph.

1. The graph: file-level dependencies weighted by the names used across each edge, optionally
   blended with git co-change. Entrypoints (composition roots) and tests are set aside.
2. A first community detection shows which modules are used from several communities; those
   in wide use become the shared-library candidates, with everything they need, so the
   library never depends on a service (`boundaries.library`).
3. A second detection without them gives the parts of services; parts too small to be a
   service join the one they are most coupled to, and `--services N` merges by the same rule
   (`boundaries.granularity`). Library candidates that fewer than two services use go back to
   the service that uses them. Then `boundary_facts` explains every placement and merge.

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
from nova_refactor.analysis.boundaries.granularity import Merge, coarsen, merge_to
from nova_refactor.analysis.boundaries.library import keep_used, promote_shared, shared_library
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
from nova_refactor.analysis.naming import is_test
from nova_refactor.model import Analysis, ImportKind

MARKERS = frozenset({"__init__.py", "mod.rs"})


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
    shared = shared_library(core, first)
    rest = weighted.subgraph(set(core) - shared).copy()
    detection = detection_graph(rest, near, options)
    groups, markers = attach_markers(detect(detection, options.algorithm, options.seed,
                                            options.resolution), rest)
    shared |= markers
    rest = rest.subgraph(set(rest) - markers).copy()
    groups = pool_unconnected(groups, graph, weighted, notes)
    groups, merges = _granularity(detection, groups, lines_of(graph), notes)
    wired = {t for e in entry for t in graph.successors(e)}
    groups, shared, returned = keep_used(core, weighted, groups, shared, wired)
    groups, shared, promoted = promote_shared(core, groups, shared, wired)
    merges += [m for m in promoted if m.into]
    if options.services is not None:
        groups, more = _to_count(detection, groups, options, lines_of(graph), notes)
        groups, shared, again = keep_used(core, weighted, groups, shared, wired)
        merges, returned = merges + more, returned + again
    _library_notes(returned, promoted, notes)
    rest = weighted.subgraph(set().union(*groups) if groups else set()).copy()
    _partition_notes(core, rest, groups, notes)
    return assemble(analysis, graph, weighted, groups, shared, entry, options, len(commits),
                    notes, near, {r: tree[r] for r in roots}, [*merges, *returned])


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
    return detect(detection_graph(graph, near, options), options.algorithm, options.seed,
                  options.resolution)


def detection_graph(graph: nx.Graph, near: Neighbours, options: BoundaryOptions) -> nx.Graph:
    """What communities are detected on, and merged by: normalised ties plus similarity."""
    return with_similarity(normalised(graph), near, options)


def lines_of(graph: nx.DiGraph) -> dict[str, int]:
    return {n: d["lines"] for n, d in graph.nodes(data=True)}


def with_similarity(graph: nx.Graph, near: Neighbours, options: BoundaryOptions) -> nx.Graph:
    """Add each module's most alike modules (see `similarity`) to the normalised import ties:
    siblings that never import each other still pull together. Detection only."""
    nodes = set(graph)
    for (u, v), value in sorted(knn_edges(near, nodes, options.neighbours).items()):
        old = graph[u][v]["weight"] if graph.has_edge(u, v) else 0.0
        graph.add_edge(u, v, weight=old + options.similarity_weight * value)
    return graph


def _granularity(detection: nx.Graph, groups: Groups, lines: dict[str, int], notes: list[str]
                 ) -> tuple[Groups, list[Merge]]:
    """Parts that are no service join the service they are most coupled to."""
    found = len(groups)
    groups, merges = coarsen(detection, groups, lines)
    if merges:
        notes.append(f"{found} communities found; {len(merges)} too small or leaning on a "
                     "neighbour joined the service they are most coupled to")
    return groups, merges


def _to_count(detection: nx.Graph, groups: Groups, options: BoundaryOptions,
              lines: dict[str, int], notes: list[str]) -> tuple[Groups, list[Merge]]:
    """`--services N`: merge by the same rule (smallest into most coupled), or split."""
    wanted = options.services or 1
    found = len(groups)
    merges: list[Merge] = []
    if found > wanted:
        groups, merges = merge_to(detection, groups, wanted, lines)
    elif found < wanted:
        groups = reach_count(detection, groups, wanted, options.seed)
    if len(groups) != wanted:
        notes.append(f"asked for {wanted} services, but only {len(groups)} can be formed "
                     f"from {sum(len(g) for g in groups)} module(s)")
    elif found != wanted:
        notes.append(f"{found} services found; merged or split to {wanted} as asked")
    return groups, merges


def _library_notes(returned: list[Merge], promoted: list[Merge], notes: list[str]) -> None:
    if returned:
        notes.append(f"{len(returned)} shared-library candidate(s) used by fewer than two "
                     "services went back to the service that uses them")
    if joined := [m for m in promoted if not m.into]:
        notes.append(f"{len(joined)} module(s) that two or more other services use and that "
                     "need only the library joined the library")
    if parts := [m for m in promoted if m.into]:
        notes.append(f"{len(parts)} service(s) of one module that other services use joined "
                     "the one that uses it most")


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
