"""The proposal's tables under the graph page's drawing, and the services table of `report`."""

from __future__ import annotations

from html import escape

from nova_refactor.analysis.boundary_model import Proposal
from nova_refactor.analysis.graph import GraphReport
from nova_refactor.report.html_page import Raw, Section, codes, dot, table


def services_table(proposal: Proposal, palette: dict[str, str], brief: bool = False) -> str:
    """One row per service; `brief` counts modules and locks instead of listing them."""
    headers = ("service", "modules", "lines", "routes", "shared locks", "responsibilities",
               "cohesion")
    rows = [
        (dot(s.name, palette.get(s.name, "#999")),
         len(s.modules) if brief else codes(s.modules), s.lines, len(s.routes),
         len(s.locks) if brief else codes(s.locks), s.responsibilities, f"{s.cohesion:.2f}")
        for s in proposal.services
    ]
    numeric = (1, 2, 3, 4, 5, 6) if brief else (2, 3, 5, 6)
    return table(headers, rows, numeric)


def proposal_sections(report: GraphReport, proposal: Proposal, palette: dict[str, str]
                      ) -> list[Section]:
    shared = [(codes([p.path]), p.reason) for p in proposal.placements if p.group == "shared"]
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
                f"<details open><summary>{len(proposal.placements)} modules</summary>"
                f"{placements}</details>"),
    ]
    return sections + _cycles_and_notes(report, proposal)


def _crossings(proposal: Proposal) -> list[Section]:
    if not proposal.crossings:
        return []
    rows = [
        (f"{c.first} ↔ {c.second}", f"{c.cut_cost:g}", Raw("<br>".join(
            f"<code>{escape(e.source)} → {escape(e.target)}</code>: "
            f"{escape(', '.join(e.names) or '(whole module)')}" for e in c.edges)))
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
        sections.append(Section("notes", "Notes", '<ul class="notes">'
                                + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>"))
    return sections


def _routes(proposal: Proposal, palette: dict[str, str]) -> list[Section]:
    rows = [(dot(s.name, palette.get(s.name, "#999")), f"{r.method} {r.path}", codes([r.where]),
             r.why) for s in proposal.services for r in s.routes]
    rows += [("(stays with entrypoint)", f"{r.method} {r.path}", codes([r.where]), r.why)
             for r in proposal.unassigned_routes]
    if not rows:
        return []
    return [Section("owners", "Routes by owner",
                    f"<details><summary>{len(rows)} routes</summary>"
                    + table(("owner", "route", "handler at", "why"), rows) + "</details>")]
