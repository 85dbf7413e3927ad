"""The stylesheet and the tables under the drawing of the HTML report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from nova_refactor.analysis.boundary_model import Proposal
from nova_refactor.analysis.graph import GraphReport

CSS = """
:root { color-scheme: light; --ink:#1f2328; --muted:#636c76; --line:#d0d7de; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1200px; padding: 24px 32px 64px; background: #fbfbfc; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 36px 0 10px; }
.facts { color: var(--muted); margin: 0 0 16px; }
section.graph { background: #fff; border: 1px solid var(--line); border-radius: 10px;
                padding: 12px 16px; }
svg { width: 100%; height: auto; max-height: 900px; display: block; }
.edge { stroke: #8a8f98; stroke-opacity: .35; }
.edge.cross { stroke: #d1242f; stroke-opacity: .85; stroke-dasharray: 6 4; }
.halo { fill-opacity: .07; stroke-opacity: .35; stroke-width: 1.5; }
.node circle { stroke: #fff; stroke-width: 1.5; }
.node text { text-anchor: middle; fill: #30363d; paint-order: stroke; stroke: #fff; }
text.group { font-weight: 650; text-anchor: middle; paint-order: stroke; stroke: #fff; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0;
          margin: 4px 0 8px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
          margin-right: 6px; vertical-align: -1px; }
.cross { display: inline-block; width: 22px; border-top: 2px dashed #d1242f; margin-right: 6px;
         vertical-align: 3px; }
small { color: var(--muted); }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 10px; text-align: left;
         vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
.dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; }
details summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
.notes li { color: #8a5a00; }
"""


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: set[int] = frozenset()
           ) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _codes(items: Iterable[str]) -> str:
    return "<br>".join(f"<code>{escape(i)}</code>" for i in items) or "–"


def _dot(name: str, palette: dict[str, str]) -> str:
    return f'<span class="dot" style="background:{palette.get(name, "#999")}"></span>' + escape(
        name)


def proposal_sections(report: GraphReport, proposal: Proposal, palette: dict[str, str]) -> str:
    parts = ["<h2>Proposed services</h2>", _table(
        ("service", "modules", "lines", "routes", "shared locks", "responsibilities", "cohesion"),
        [(_dot(s.name, palette), _codes(s.modules), str(s.lines), str(len(s.routes)),
          _codes(s.locks), str(s.responsibilities), f"{s.cohesion:.2f}")
         for s in proposal.services], numeric={2, 3, 5, 6})]
    parts += ["<h2>Shared library</h2>", _table(("module", "why"), [
        (_codes([p.path]), escape(p.reason)) for p in proposal.placements
        if p.group == "shared"])]
    parts += _crossings(proposal)
    parts += _routes(proposal, palette)
    parts += ["<h2>Why each module is where it is</h2>", "<details open><summary>"
              f"{len(proposal.placements)} modules</summary>", _table(
                  ("module", "group", "why", "strongest ties"),
                  [(_codes([p.path]), _dot(p.group, palette), escape(p.reason),
                    escape(", ".join(f"{t.module} ({t.weight:g})" for t in p.ties)))
                   for p in proposal.placements]), "</details>"]
    parts += _cycles_and_notes(report, proposal)
    return "\n".join(parts)


def _crossings(proposal: Proposal) -> list[str]:
    if not proposal.crossings:
        return []
    return ["<h2>Crossings: calls that would become network calls</h2>", _table(
        ("between", "cut cost", "edges"),
        [(escape(f"{c.first} ↔ {c.second}"), f"{c.cut_cost:g}", "<br>".join(
            f"<code>{escape(e.source)} → {escape(e.target)}</code>: "
            f"{escape(', '.join(e.names) or '(whole module)')}" for e in c.edges))
         for c in proposal.crossings], numeric={1})]


def _cycles_and_notes(report: GraphReport, proposal: Proposal) -> list[str]:
    parts = []
    if report.cycles:
        parts += ["<h2>Dependency cycles</h2>", _table(("size", "a shortest cycle"), [
            (str(len(c.modules)), escape(" → ".join(c.shortest))) for c in report.cycles])]
    notes = [*report.notes, *proposal.notes]
    if notes:
        parts += ["<h2>Notes</h2>", '<ul class="notes">'
                  + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>"]
    return parts


def _routes(proposal: Proposal, palette: dict[str, str]) -> list[str]:
    rows = [(_dot(s.name, palette), escape(f"{r.method} {r.path}"), _codes([r.where]),
             escape(r.why)) for s in proposal.services for r in s.routes]
    rows += [(escape("(stays with entrypoint)"), escape(f"{r.method} {r.path}"),
              _codes([r.where]), escape(r.why)) for r in proposal.unassigned_routes]
    if not rows:
        return []
    return ["<h2>Routes by owner</h2>", f"<details><summary>{len(rows)} routes</summary>",
            _table(("owner", "route", "handler at", "why"), rows), "</details>"]
