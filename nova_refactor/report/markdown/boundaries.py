"""A service-boundary proposal as Markdown (`boundaries --format markdown`), e.g. for a PR or
a design review: the same sections as the table, with every route and crossing edge listed."""

from __future__ import annotations

from nova_refactor.analysis.boundaries.model import SHARED, OwnedRoute, Proposal
from nova_refactor.report.markdown.text import document, markdown_table


def render_boundaries_markdown(proposal: Proposal, title: str) -> str:
    out = [f"# Service boundaries: {title}", "", *_overview(proposal)]
    out += ["", "## Services", ""]
    out += markdown_table(
        ("service", "modules", "lines", "routes", "locks", "responsibilities", "cohesion"),
        [(s.name, ", ".join(s.modules), s.lines, len(s.routes), ", ".join(s.locks) or "-",
          s.responsibilities, f"{s.cohesion:.2f}") for s in proposal.services])
    out += ["", "## Shared library", ""]
    shared = [(p.path, p.lines, p.reason) for p in proposal.placements if p.group == SHARED]
    out += markdown_table(("module", "lines", "why"), shared) if shared else ["None."]
    out += ["", "## Crossings (would become network calls)", "", *_crossings(proposal)]
    out += ["", "## Routes by owner", ""]
    for service in proposal.services:
        out += _routes(service.name, service.routes)
    out += _routes("stays with the entrypoint", proposal.unassigned_routes)
    out += ["## Why each module is where it is", ""]
    out += markdown_table(("module", "group", "lines", "why"),
                          [(p.path, p.group, p.lines, p.reason) for p in proposal.placements])
    out += [""] + [f"- Note: {n}" for n in proposal.notes]
    return document(out).rstrip() + "\n"


def _overview(proposal: Proposal) -> list[str]:
    history = (f"{proposal.history_commits} commits of co-change" if proposal.history_commits
               else "imports only")
    return markdown_table(("", "value"), [
        ("Proposed services", len(proposal.services)),
        ("Shared library", f"{len(proposal.shared.modules)} modules, "
                           f"{proposal.shared.lines} lines"),
        ("Entrypoints (composition roots)", ", ".join(proposal.entrypoints) or "none"),
        ("Modularity Q", f"{proposal.modularity:.3f}"),
        ("Coupling (crossing weight share)", f"{proposal.coupling:.3f}"),
        ("Method", f"{proposal.algorithm}, seed {proposal.seed}, {history}"),
    ])


def _crossings(proposal: Proposal) -> list[str]:
    if not proposal.crossings:
        return ["None: no dependency crosses between the proposed services (cut cost 0)."]
    rows = [(f"{c.first} - {c.second}", f"{c.cut_cost:g}", f"{e.source} -> {e.target}",
             ", ".join(e.names) or "(module)") for c in proposal.crossings for e in c.edges]
    return markdown_table(("services", "cut cost", "edge", "names used"), rows)


def _routes(owner: str, routes: tuple[OwnedRoute, ...]) -> list[str]:
    if not routes:
        return []
    rows = [(r.method, r.path, r.handler, r.where, r.why) for r in routes]
    return [f"### {owner} ({len(routes)})", "",
            *markdown_table(("method", "path", "handler", "where", "why"), rows), ""]
