"""Rich terminal views of the dependency graph and of a boundary proposal."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from nova_refactor.analysis.boundaries.model import SHARED, Proposal
from nova_refactor.analysis.graph.dependencies import GraphReport
from nova_refactor.report.terminal.columns import titled_table

MODULE_ROWS = 30
SERVICE_HEADERS = ("service", "modules", "lines", "routes", "locks", "responsibilities",
                   "cohesion")


def graph_view(report: GraphReport) -> Group:
    parts: list[RenderableType] = [titled_table(
        f"Dependency graph ({report.level} level)", ("metric", "value"),
        [("Modules", len(report.nodes)), ("Dependencies", len(report.edges)),
         ("Layering depth (layers)", report.layers),
         ("Cycles (strongly connected components)", len(report.cycles))],
    )]
    if report.cycles:
        # the group is the strongly connected component; its shortest cycle may be smaller
        parts.append(titled_table("Cycles: a shortest concrete cycle of each",
                                  ("group size", "cycle"),
                                  [(len(c.modules), " -> ".join(c.shortest))
                                   for c in report.cycles]))
    ranked = sorted(report.nodes, key=lambda n: (-(n.fan_in + n.fan_out), n.path))
    rows = [(n.path, n.lines, n.fan_in, n.fan_out, f"{n.instability:.2f}", n.depth,
             "yes" if n.entrypoint else "") for n in ranked[:MODULE_ROWS]]
    title = "Modules by coupling" + (
        f" (top {MODULE_ROWS} of {len(ranked)})" if len(ranked) > MODULE_ROWS else "")
    headers = ("module", "lines", "fan-in", "fan-out", "instability", "layer", "entrypoint")
    parts.append(titled_table(title, headers, rows))
    parts.append(titled_table("Most depended-on", ("module", "fan-in"), report.most_depended_on))
    parts.extend(Text(f"note: {n}", style="yellow") for n in report.notes)
    return Group(*parts)


def proposal_view(proposal: Proposal) -> Group:
    parts: list[RenderableType] = [
        titled_table("Service-boundary proposal", ("", "value"), _overview(proposal)),
        titled_table("Services", SERVICE_HEADERS,
                     [(s.name, "\n".join(s.modules), s.lines, len(s.routes),
                       "\n".join(s.locks) or "-", s.responsibilities, f"{s.cohesion:.2f}")
                      for s in proposal.services]),
        titled_table("Shared library", ("module", "why"), [
            (p.path, p.reason) for p in proposal.placements if p.group == SHARED]),
    ]
    if proposal.crossings:
        parts.append(titled_table("Crossings (would become network calls)",
                                  ("services", "cut cost", "edges"), _crossing_rows(proposal)))
    routes = _route_rows(proposal)
    if routes:
        parts.append(titled_table("Routes by owner", ("service", "routes"), routes))
    parts.append(titled_table("Why each module is where it is", ("module", "group", "why"), [
        (p.path, p.group, p.reason) for p in proposal.placements]))
    parts.extend(Text(f"note: {n}", style="yellow") for n in proposal.notes)
    return Group(*parts)


def _overview(proposal: Proposal) -> list[tuple[str, object]]:
    history = (f"{proposal.history_commits} commits of co-change" if proposal.history_commits
               else "imports only")
    return [
        ("Proposed services", len(proposal.services)),
        ("Shared library",
         f"{len(proposal.shared.modules)} modules, {proposal.shared.lines} lines"),
        ("Entrypoints (composition roots)", ", ".join(proposal.entrypoints) or "none"),
        ("Modularity Q", f"{proposal.modularity:.3f}"),
        ("Coupling (crossing weight share)", f"{proposal.coupling:.3f}"),
        ("Method", f"{proposal.algorithm}, seed {proposal.seed}, {history}"),
    ]


def _crossing_rows(proposal: Proposal) -> list[tuple[str, str, str]]:
    return [
        (f"{c.first} <-> {c.second}", f"{c.cut_cost:g}",
         "\n".join(f"{e.source} -> {e.target}: {', '.join(e.names) or '(module)'}"
                   for e in c.edges[:8]))
        for c in proposal.crossings
    ]


def _route_rows(proposal: Proposal) -> list[tuple[str, str]]:
    rows = []
    for s in proposal.services:
        if s.routes:
            more = f" (+{len(s.routes) - 6})" if len(s.routes) > 6 else ""
            rows.append((s.name, ", ".join(f"{r.method} {r.path}" for r in s.routes[:6]) + more))
    if proposal.unassigned_routes:
        rows.append(("(stays with entrypoint)", ", ".join(
            f"{r.method} {r.path}" for r in proposal.unassigned_routes)))
    return rows
