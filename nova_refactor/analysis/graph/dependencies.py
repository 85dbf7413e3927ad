"""The module dependency graph of an `Analysis`, at file or package level, and its metrics.

Language-agnostic: it reads only `Analysis.files` and `Analysis.imports` (Python `import`/`from`
edges and Rust `use`/`mod` edges alike). Never raises for odd input; what it had to ignore
(self-imports, edges to unknown modules) becomes a note.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

import networkx as nx

from nova_refactor.model import FACADE, Analysis, ImportEdge

GRAPH_SCHEMA = "nova-refactor/graph/1"
LEVELS = ("file", "package")


@dataclass(frozen=True, slots=True)
class ModuleNode:
    path: str  # a file, or a package directory ("." for the root) at package level
    language: str
    lines: int
    fan_in: int  # distinct modules that depend on it (afferent coupling, Ca)
    fan_out: int  # distinct modules it depends on (efferent coupling, Ce)
    instability: float  # Martin's I = Ce / (Ca + Ce); 0.0 for an isolated module
    depth: int  # layer: 0 depends on nothing; else 1 + the deepest dependency (cycles collapsed)
    entrypoint: bool = False


@dataclass(frozen=True, slots=True)
class Dependency:
    source: str
    target: str
    weight: int  # names used across the edge (imported names, or attributes of an imported module)
    names: tuple[str, ...]
    line: int  # first import line in the source
    kinds: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cycle:
    modules: tuple[str, ...]  # the strongly connected component, sorted
    shortest: tuple[str, ...]  # a shortest concrete cycle, first module repeated at the end


@dataclass(frozen=True, slots=True)
class GraphReport:
    level: str
    nodes: tuple[ModuleNode, ...]
    edges: tuple[Dependency, ...]
    cycles: tuple[Cycle, ...]
    most_depended_on: tuple[tuple[str, int], ...]  # (module, fan-in), highest first
    layers: int  # layering depth: number of layers of the condensation DAG
    notes: tuple[str, ...] = ()
    schema: str = GRAPH_SCHEMA


def package_of(path: str) -> str:
    parent = PurePosixPath(path).parent.as_posix()
    return parent if parent else "."


def edge_weight(edge: ImportEdge) -> int:
    """Names used across an edge; a bare `import x` with no recorded use still counts once."""
    return max(1, edge.weight, len([n for n in edge.names if n != "*"]))


def dependency_graph(analysis: Analysis, level: str = "file") -> tuple[nx.DiGraph, list[str]]:
    """A DiGraph of modules (node attrs: lines, language, entrypoint) and weighted dependencies."""
    notes: list[str] = []
    graph: nx.DiGraph[str] = nx.DiGraph()
    entry = {e.path for e in analysis.entrypoints}
    key = (lambda p: p) if level == "file" else package_of
    for facts in sorted(analysis.files, key=lambda f: f.path):
        node = key(facts.path)
        if node not in graph:
            graph.add_node(node, lines=0, language=facts.language, entrypoint=False)
        graph.nodes[node]["lines"] += facts.lines.physical
        graph.nodes[node]["entrypoint"] |= facts.path in entry
    known = {f.path for f in analysis.files}
    _add_edges(graph, analysis.imports, known, key, notes)
    _unresolved_note(analysis, notes)
    return graph, notes


def _unresolved_note(analysis: Analysis, notes: list[str]) -> None:
    """Relative imports must land inside the project; those that do not are worth a look
    (absolute ones that do not resolve are the standard library or third-party packages)."""
    resolved = {(e.source, e.line) for e in analysis.imports}
    lost = [f"{f.path}:{spec.line}" for f in analysis.files for spec in f.imports
            if spec.level and spec.kind != FACADE and (f.path, spec.line) not in resolved]
    if lost:
        notes.append(f"{len(lost)} relative import(s) resolve to no project module: "
                     + ", ".join(sorted(lost)[:5]))


def _add_edges(graph: nx.DiGraph, imports: Iterable[ImportEdge], known: set[str], key,
               notes: list[str]) -> None:
    selfish, unknown = set(), set()
    for edge in sorted(imports, key=lambda e: (e.source, e.target, e.line)):
        if edge.source not in known or edge.target not in known:
            unknown.add(edge.target if edge.source in known else edge.source)
            continue
        source, target = key(edge.source), key(edge.target)
        if source == target:
            if edge.source == edge.target:
                selfish.add(edge.source)
            continue
        if graph.has_edge(source, target):
            data = graph.edges[source, target]
            data["names"] |= set(edge.names)
            data["kinds"].add(edge.kind)
            data["weight"] += edge_weight(edge)
        else:
            graph.add_edge(source, target, weight=edge_weight(edge), names=set(edge.names),
                           kinds={edge.kind}, line=edge.line)
    if selfish:
        notes.append(f"ignored self-imports in {len(selfish)} module(s): "
                     + ", ".join(sorted(selfish)[:5]))
    if unknown:
        notes.append(f"ignored edges to {len(unknown)} module(s) not in the analysis: "
                     + ", ".join(sorted(unknown)[:5]))


def shortest_cycle(graph: nx.DiGraph, component: Iterable[str]) -> tuple[str, ...]:
    """A shortest directed cycle inside a strongly connected component (BFS from each node)."""
    members = sorted(component)
    inside = set(members)
    best: list[str] | None = None
    for start in members:
        path = _back_to(graph, start, inside, len(best) - 1 if best else len(members))
        if path and (best is None or len(path) < len(best)):
            best = path
            if len(best) == 3:  # a 2-cycle cannot be beaten
                break
    return tuple(best or ())


def _back_to(graph: nx.DiGraph, start: str, inside: set[str], limit: int) -> list[str] | None:
    parent: dict[str, str] = {}
    queue = deque([(start, 0)])
    seen = {start}
    while queue:
        node, dist = queue.popleft()
        if dist >= limit:
            return None
        for nxt in sorted(graph.successors(node)):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return [*reversed(path), start]
            if nxt in inside and nxt not in seen:
                seen.add(nxt)
                parent[nxt] = node
                queue.append((nxt, dist + 1))
    return None


def cycles_of(graph: nx.DiGraph) -> tuple[Cycle, ...]:
    found = [
        Cycle(tuple(sorted(c)), shortest_cycle(graph, c))
        for c in nx.strongly_connected_components(graph)
        if len(c) > 1
    ]
    return tuple(sorted(found, key=lambda c: (-len(c.modules), c.modules)))


def depths(graph: nx.DiGraph) -> dict[str, int]:
    """Longest path to a sink on the condensation DAG: 0 for modules that depend on nothing."""
    dag = nx.condensation(graph)
    level: dict[int, int] = {}
    for comp in reversed(list(nx.topological_sort(dag))):
        level[comp] = max((level[s] + 1 for s in dag.successors(comp)), default=0)
    mapping = dag.graph["mapping"]
    return {node: level[mapping[node]] for node in graph}


def build_graph(analysis: Analysis, level: str = "file", top: int = 10) -> GraphReport:
    graph, notes = dependency_graph(analysis, level)
    depth = depths(graph)
    nodes = []
    for node, data in sorted(graph.nodes(data=True)):
        ca, ce = graph.in_degree(node), graph.out_degree(node)
        nodes.append(ModuleNode(
            path=node, language=data["language"], lines=data["lines"], fan_in=ca, fan_out=ce,
            instability=round(ce / (ca + ce), 3) if ca + ce else 0.0, depth=depth[node],
            entrypoint=data["entrypoint"],
        ))
    edges = tuple(
        Dependency(s, t, d["weight"], tuple(sorted(d["names"])), d["line"],
                   tuple(sorted(d["kinds"])))
        for s, t, d in sorted(graph.edges(data=True))
    )
    ranked = sorted((n for n in nodes if n.fan_in), key=lambda n: (-n.fan_in, n.path))
    _graph_notes(graph, notes)
    return GraphReport(
        level=level, nodes=tuple(nodes), edges=edges, cycles=cycles_of(graph),
        most_depended_on=tuple((n.path, n.fan_in) for n in ranked[:top]),
        layers=max(depth.values(), default=-1) + 1, notes=tuple(notes),
    )


def _graph_notes(graph: nx.DiGraph, notes: list[str]) -> None:
    if graph.number_of_nodes() == 0:
        notes.append("no modules found: the graph is empty")
    elif graph.number_of_edges() == 0:
        notes.append("no dependencies between project modules")
    islands = nx.number_weakly_connected_components(graph) if graph else 0
    if islands > 1:
        notes.append(f"{islands} disconnected islands (weakly connected components)")
