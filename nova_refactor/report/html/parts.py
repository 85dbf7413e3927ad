"""The proposal's tables under the graph page's drawing, and the services table of `report`."""

from __future__ import annotations

from nova_refactor.analysis.boundaries.model import SHARED, Proposal, Service
from nova_refactor.analysis.graph.dependencies import GraphReport
from nova_refactor.report.html.page import (
    Markup,
    Section,
    codes,
    dot,
    html,
    join,
    note,
    prose,
    table,
)


def services_table(proposal: Proposal, palette: dict[str, str], brief: bool = False) -> Markup:
    """One row per service; `brief` counts modules and locks instead of listing them."""
    headers = ("service", "modules", "lines", "routes", "shared locks", "responsibilities",
               "cohesion")
    rows = [
        (dot(s.name, palette.get(s.name, "#999")),
         len(s.modules) if brief else codes(s.modules), s.lines, len(s.routes),
         len(s.locks) if brief else codes(s.locks), s.responsibilities, _cohesion(s))
        for s in proposal.services
    ]
    numeric = (1, 2, 3, 4, 5, 6) if brief else (2, 3, 5, 6)
    return join((table(headers, rows, numeric), note(COHESION)))


COHESION = ("cohesion: the share of a service's ties to non-shared modules that stay inside it "
            "(1.00: none leave); – for a one-module service, which has nothing inside to tie to.")


def _cohesion(service: Service) -> str:
    """A one-module service's ratio would be 0.00 or 1.00 by accident of its outside ties."""
    return "–" if len(service.modules) == 1 else f"{service.cohesion:.2f}"


def proposal_sections(report: GraphReport, proposal: Proposal, palette: dict[str, str]
                      ) -> list[Section]:
    shared = [(codes([p.path]), p.reason) for p in proposal.placements if p.group == SHARED]
    placements = table(
        ("module", "group", "why", "strongest ties"),
        [(codes([p.path]), dot(p.group, palette.get(p.group, "#999")), p.reason,
          ", ".join(f"{t.module} ({t.weight:g})" for t in p.ties))
         for p in proposal.placements])
    sections = [
        Section("services", "Proposed services", services_table(proposal, palette)),
        Section("shared", "Shared library", table(("module", "why"), shared)),
        *_crossings(proposal), *_routes(proposal, palette),
        Section("placements", "Why each module is where it is",
                html("<details open><summary>{} modules</summary>{}</details>",
                     len(proposal.placements), placements)),
    ]
    return sections + _cycles_and_notes(report, proposal)


def _crossings(proposal: Proposal) -> list[Section]:
    if not proposal.crossings:
        return []
    rows = [
        (f"{c.first} ↔ {c.second}", f"{c.cut_cost:g}", join((
            html("<code>{} → {}</code>: {}", e.source, e.target,
                 ", ".join(e.names) or "(whole module)") for e in c.edges), "<br>"))
        for c in proposal.crossings
    ]
    return [Section("crossings", "Crossings: calls that would become network calls",
                    table(("between", "cut cost", "edges"), rows, (1,)))]


def _cycles_and_notes(report: GraphReport, proposal: Proposal) -> list[Section]:
    sections = []
    if report.cycles:
        sections.append(Section("cycles", "Dependency cycles", table(
            ("size", "a shortest cycle"),
            [(len(c.modules), " → ".join(c.shortest)) for c in report.cycles], (0,))))
    notes = [*report.notes, *proposal.notes]
    if notes:
        sections.append(Section("notes", "Notes", html(
            '<ul class="notes">{}</ul>', join(html("<li>{}</li>", prose(n)) for n in notes))))
    return sections


def _routes(proposal: Proposal, palette: dict[str, str]) -> list[Section]:
    rows: list[tuple[str, str, str, str]] = [
        (dot(s.name, palette.get(s.name, "#999")), f"{r.method} {r.path}", codes([r.where]),
         r.why) for s in proposal.services for r in s.routes]
    rows += [("(stays with entrypoint)", f"{r.method} {r.path}", codes([r.where]), r.why)
             for r in proposal.unassigned_routes]
    if not rows:
        return []
    return [Section("owners", "Routes by owner", html(
        "<details open><summary>{} routes</summary>{}</details>", len(rows),
        table(("owner", "route", "handler at", "why"), rows)))]
