"""The dependency graph of a big repository drawn at service level: one disc per proposed service
(area by modules), one line per pair of groups that depend on each other (width by weight).

Hundreds of modules and thousands of edges drawn one by one are a hairball nobody can read in
a report, and they weigh megabytes; this drawing grows with the number of services only.
Discs sit where the module drawing puts each service (`graph_layout.py`).
"""

from __future__ import annotations

import math

from nova_refactor.analysis.boundaries.model import ENTRYPOINT, SHARED, Proposal
from nova_refactor.analysis.graph.dependencies import GraphReport
from nova_refactor.report.html.graph_layout import drawn_groups, layout
from nova_refactor.report.html.graph_svg import legend, trim
from nova_refactor.report.html.page import Markup, html, join, note
from nova_refactor.report.machine.graph_formats import colours

MODULE_LIMIT = 150  # above this many modules `report` draws services, not modules
LINK_LIMIT = 60  # the heaviest links only: a few hundred would hide the discs again
UNPLACED = "not clustered"


def service_map(report: GraphReport, proposal: Proposal) -> Markup:
    palette = colours(proposal)
    groups = drawn_groups(report, proposal)
    at = layout(report, proposal)
    lines = {n.path: n.lines for n in report.nodes}
    members: dict[str, list[str]] = {}
    for path in at:
        members.setdefault(groups.get(path, UNPLACED), []).append(path)
    if not members:
        return note("No modules to draw.")
    centre = {g: _mean([at[m] for m in ms]) for g, ms in members.items()}
    # the disc the group's modules fill in the module drawing: its area grows with their count
    radius = {g: max(18.0, max(math.dist(at[m], centre[g]) for m in ms) + 11)
              for g, ms in members.items()}
    head, unit = _open_svg(centre, radius)
    out = [head, *_links(report, groups, centre, radius, unit),
           html('<g class="nodes" font-size="{:.1f}" stroke-width="{:.1f}">', 12 * unit,
                3 * unit)]
    for group in sorted(members, key=lambda g: -radius[g]):  # small discs drawn over big ones
        out.append(_disc(group, members[group], centre[group], radius[group], unit,
                         palette.get(group, "#9aa0a6"), lines))
    out.append(Markup("</g></svg>"))
    return legend(report, proposal, palette, "dependencies between two services") + join(out, "\n")


def _open_svg(centre: dict[str, tuple[float, float]], radius: dict[str, float]
              ) -> tuple[Markup, float]:
    """The `<svg>` tag around every disc, and the SVG units per screen pixel once fitted."""
    left = min(centre[g][0] - radius[g] for g in centre)
    top = min(centre[g][1] - radius[g] for g in centre)
    width = max(centre[g][0] + radius[g] for g in centre) - left
    height = max(centre[g][1] + radius[g] for g in centre) - top
    unit = max(width / 1100, height / 760, 0.4)
    pad = 30 * unit  # room for the labels above the discs
    box = f"{left - pad:.0f} {top - pad:.0f} {width + 2 * pad:.0f} {height + 2 * pad:.0f}"
    return (html('<svg class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="{}" role="img" '
                 'aria-label="service map">', box), unit)


def _mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (round(sum(x for x, _ in points) / len(points), 1),
            round(sum(y for _, y in points) / len(points), 1))


def _links(report: GraphReport, groups: dict[str, str], centre: dict, radius: dict,
           unit: float) -> list[Markup]:
    """Edges summed per unordered pair of groups; a pair of services is a crossing."""
    weight: dict[tuple[str, str], int] = {}
    count: dict[tuple[str, str], int] = {}
    for e in report.edges:
        a, b = groups.get(e.source, UNPLACED), groups.get(e.target, UNPLACED)
        if a == b or a not in centre or b not in centre:
            continue
        key = (min(a, b), max(a, b))
        weight[key] = weight.get(key, 0) + e.weight
        count[key] = count.get(key, 0) + 1
    plain = (SHARED, ENTRYPOINT, UNPLACED)
    heaviest = sorted(weight.items(), key=lambda item: (-item[1], item[0]))[:LINK_LIMIT]
    out = [Markup('<g class="edges">')]
    for (a, b), w in reversed(heaviest):  # heavy ones drawn last, on top
        (x1, y1), (x2, y2) = trim(centre[a], centre[b], radius[a], radius[b])
        cls = "link" if a in plain or b in plain else "link cross"
        out.append(html('<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke-width="{:.1f}">'
                        "<title>{} ↔ {}: {} dependencies, {} names used</title></line>", cls,
                        x1, y1, x2, y2, (0.8 + math.log2(1 + w)) * unit, a, b, count[(a, b)], w))
    out.append(Markup("</g>"))
    return out


def _disc(group: str, modules: list[str], xy: tuple[float, float], r: float, unit: float,
          colour: str, lines: dict[str, int]) -> Markup:
    total = sum(lines.get(m, 0) for m in modules)
    top = sorted(modules, key=lambda m: -lines.get(m, 0))[:5]
    tip = (f"{group}: {len(modules)} modules, {total} lines; largest: " + ", ".join(top))
    x, y = xy
    return html('<g class="node"><title>{}</title><circle cx="{}" cy="{}" r="{:.1f}" fill="{}" '
                'fill-opacity=".8"/><text x="{}" y="{:.1f}" font-weight="600">{}</text>'
                '<text x="{}" y="{:.1f}">{}</text></g>', tip, x, y, r, colour, x,
                y - r - 4 * unit, group, x, y + 4 * unit, len(modules))
