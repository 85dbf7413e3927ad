"""The module graph drawn as inline SVG, coloured by proposed service, with its legend.

Positions come from `graph_layout.py`; shared by the graph page (`graph`/`boundaries -f html`)
and `report`. No scripts: every mark has a `<title>` tooltip.
"""

from __future__ import annotations

import math

from nova_refactor.analysis.boundaries.model import ENTRYPOINT, SHARED, Proposal
from nova_refactor.analysis.graph.dependencies import GraphReport
from nova_refactor.analysis.naming import is_test
from nova_refactor.report.html.graph_labels import Label, place_labels
from nova_refactor.report.html.graph_layout import UNPLACED, drawn_groups, layout, node_groups
from nova_refactor.report.html.page import Markup, html, join, note
from nova_refactor.report.machine.graph_formats import colours

LABEL_LIMIT = 90  # above this many modules only the most connected get a label


def figure(report: GraphReport, proposal: Proposal) -> Markup:
    """The legend and the drawing."""
    palette = colours(proposal)
    return legend(report, proposal, palette) + _svg(report, proposal, palette)


def facts(report: GraphReport, proposal: Proposal) -> list[str]:
    return [
        f"{len(report.nodes)} modules ({report.level} level)",
        f"{len(report.edges)} dependencies", f"{report.layers} layers",
        f"{len(report.cycles)} cycles", f"{len(proposal.services)} proposed services",
        f"shared library: {len(proposal.shared.modules)} modules",
        f"modularity Q {proposal.modularity:.3f}", f"coupling {proposal.coupling:.3f}",
    ]


def legend(report: GraphReport, proposal: Proposal, palette: dict[str, str],
           crossing: str = "dependency crossing a proposed boundary") -> Markup:
    items = [(s.name, f"{len(s.modules)} modules, {s.lines} lines") for s in proposal.services]
    if proposal.shared.modules:
        items.append((SHARED, f"{len(proposal.shared.modules)} modules, shared library"))
    if proposal.entrypoints:
        items.append((ENTRYPOINT, "composition roots"))
    rows = join(html('<li><span class="swatch" style="background:{}"></span><b>{}</b> '
                     "<small>{}</small></li>", palette[name], name, info) for name, info in items)
    if UNPLACED in node_groups(report, proposal).values():
        rows += Markup('<li><span class="swatch" style="background:#9aa0a6"></span>'
                       "<b>not clustered</b> <small>tests</small></li>")
    return html('<ul class="legend">{}<li><span class="line"></span><small>{}</small></li></ul>',
                rows, crossing)


def _positions(report: GraphReport, proposal: Proposal) -> tuple[dict[str, tuple[float, float]],
                                                                   dict[str, str]]:
    """Where each node sits, and its group when it has one (a mixed package stays grey)."""
    groups = drawn_groups(report, proposal)
    return layout(report, proposal), groups


def _svg(report: GraphReport, proposal: Proposal, palette: dict[str, str]) -> Markup:
    at, groups = _positions(report, proposal)
    nodes = [n for n in report.nodes if n.path in at]
    if not nodes:
        return note("No modules to draw.")
    xs = [at[n.path][0] for n in nodes]
    ys = [at[n.path][1] for n in nodes]
    pad = 70.0
    # SVG units per screen pixel once the drawing is fitted into the page: text stays readable
    unit = max((max(xs) - min(xs) + 2 * pad) / 1100, (max(ys) - min(ys) + 2 * pad) / 900, 0.3)
    box = (min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad)
    out = [Markup(f'<svg class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="{box[0]:.0f} '
                  f'{box[1]:.0f} {box[2]:.0f} {box[3]:.0f}" role="img" '
                  'aria-label="module graph">'), _marker(unit)]
    out += _edges(report, at, groups)
    if report.level == "file":  # package discs would mislead: a package may span services
        out += _group_labels(at, groups, palette, unit)
    out += _nodes(nodes, at, groups, palette, unit)
    out.append(Markup("</svg>"))
    return join(out, "\n")


def _marker(unit: float) -> Markup:
    """An arrowhead of a fixed on-screen size, whatever the edge's width."""
    size = 9 * unit
    return Markup(f'<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerUnits="userSpaceOnUse" markerWidth="{size:.1f}" markerHeight="{size:.1f}" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8a8f98"/>'
            "</marker></defs>")


def _label(path: str) -> str:
    """The file name, with its folder when the name alone says little (`pkg/__init__.py`)."""
    if path == ".":
        return "(root)"
    parts = path.rsplit("/", 2)
    if len(parts) > 1 and parts[-1] in ("__init__.py", "mod.rs", "lib.rs", "main.rs"):
        return "/".join(parts[-2:])
    return parts[-1]


def labels(paths: list[str]) -> dict[str, str]:
    """Each path's label, with as many parent folders as it takes to tell two apart
    (`handlers/users.rs` and `services/users.rs`, never two `users.rs`)."""
    named = {path: _label(path) for path in paths}
    for _ in range(max((p.count("/") for p in paths), default=0)):
        seen: dict[str, int] = {}
        for label in named.values():
            seen[label] = seen.get(label, 0) + 1
        clashing = [p for p, label in named.items() if seen[label] > 1]
        if not clashing:
            break
        for path in clashing:
            depth = named[path].count("/") + 2
            named[path] = "/".join(path.split("/")[-depth:])
    return named


def _radius(lines: int) -> float:
    return min(10.0, 3.0 + math.sqrt(max(lines, 0)) / 4)  # neighbours sit 22 units apart


def trim(a: tuple[float, float], b: tuple[float, float], ra: float, rb: float) -> tuple[
        tuple[float, float], tuple[float, float]]:
    """The segment between two circles' rims, so arrowheads are not hidden under nodes."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    if length <= ra + rb:
        return a, b
    ux, uy = dx / length, dy / length
    return ((round(a[0] + ux * ra, 1), round(a[1] + uy * ra, 1)),
            (round(b[0] - ux * rb, 1), round(b[1] - uy * rb, 1)))


def _edges(report: GraphReport, at: dict, groups: dict[str, str]) -> list[Markup]:
    radius = {n.path: _radius(n.lines) + 1.5 for n in report.nodes}
    out = [Markup('<g class="edges">')]
    services = {g for g in groups.values() if g not in (SHARED, ENTRYPOINT, "")}
    for e in report.edges:
        if e.source not in at or e.target not in at:
            continue
        (x1, y1), (x2, y2) = trim(at[e.source], at[e.target], radius.get(e.source, 0.0),
                                   radius.get(e.target, 0.0))
        a, b = groups.get(e.source), groups.get(e.target)
        crossing = a in services and b in services and a != b
        cls = "edge cross" if crossing else "edge"
        width = min(4.0, 0.6 + e.weight / 6)
        names = ", ".join(e.names[:8])
        out.append(html('<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke-width="{:.1f}" '
                        'marker-end="url(#arrow)"><title>{} → {} ({}): {}</title></line>', cls,
                        x1, y1, x2, y2, width, e.source, e.target, e.weight, names))
    out.append(Markup("</g>"))
    return out


def _group_labels(at: dict, groups: dict[str, str], palette: dict[str, str], unit: float
                  ) -> list[Markup]:
    members: dict[str, list[tuple[float, float]]] = {}
    for path, xy in at.items():
        if groups.get(path):
            members.setdefault(groups[path], []).append(xy)
    out = [html('<g class="groups" font-size="{:.1f}" stroke-width="{:.1f}">', 16 * unit,
                4 * unit)]
    for group, points in sorted(members.items()):
        cx = sum(x for x, _ in points) / len(points)
        cy = sum(y for _, y in points) / len(points)
        reach = max(math.hypot(x - cx, y - cy) for x, y in points) + 26
        colour = palette.get(group, "#999999")
        out.append(html('<circle class="halo" cx="{:.1f}" cy="{:.1f}" r="{:.1f}" fill="{}" '
                        'stroke="{}" stroke-width="{:.1f}"/>', cx, cy, reach, colour, colour,
                        1.5 * unit))
        out.append(html('<text class="group" x="{:.1f}" y="{:.1f}" fill="{}">{}</text>', cx,
                        cy - reach - 8, colour, group))
    out.append(Markup("</g>"))
    return out


def _placed_labels(nodes: list, at: dict, named: dict[str, str], unit: float
                   ) -> dict[str, Label]:
    """The nodes that get a label, most connected first, each where it covers no other disc or
    label (graph_labels.py). Test modules keep their disc but no label: on a real library they
    pile up."""
    ranked = sorted(nodes, key=lambda n: (-(n.fan_in + n.fan_out), n.path))
    discs = {n.path: (*at[n.path], _radius(n.lines) + 0.75) for n in nodes}  # + the white rim
    return place_labels(discs, [n.path for n in ranked if not is_test(n.path)], named, unit,
                        LABEL_LIMIT)


def _nodes(nodes: list, at: dict, groups: dict[str, str], palette: dict[str, str], unit: float
           ) -> list[Markup]:
    named = labels([n.path for n in nodes])
    labelled = _placed_labels(nodes, at, named, unit)
    out = [html('<g class="nodes" font-size="{:.1f}" stroke-width="{:.1f}">', 11 * unit,
                3 * unit)]
    for n in nodes:
        x, y = at[n.path]
        group = groups.get(n.path, "")
        colour = palette.get(group, "#9aa0a6")
        r = _radius(n.lines)
        out.append(html('<g class="node"><title>{} — {} — {} lines, fan-in {}, fan-out {}</title>'
                        '<circle cx="{}" cy="{}" r="{:.1f}" fill="{}"/>', n.path,
                        group or "unassigned", n.lines, n.fan_in, n.fan_out, x, y, r, colour))
        if n.path in labelled:
            spot = labelled[n.path]
            out.append(html('<text class="{}" x="{:.1f}" y="{:.1f}">{}</text>', spot.anchor,
                            spot.x, spot.y, named[n.path]))
        out.append(Markup("</g>"))
    out.append(Markup("</g>"))
    return out
