"""Graph and proposal as JSON, Graphviz DOT and Mermaid."""

from __future__ import annotations

import colorsys
import json
import re
from collections.abc import Mapping
from typing import Any

from nova_refactor.analysis.boundaries.model import ENTRYPOINT, SHARED, Proposal
from nova_refactor.analysis.graph.dependencies import GraphReport
from nova_refactor.codec import to_jsonable

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#86bcb6", "#d37295", "#a0cbe8", "#ffbe7d", "#8cd17d")
SHARED_COLOUR = "#bab0ac"
ENTRY_COLOUR = "#555555"


def colours(proposal: Proposal | None) -> dict[str, str]:
    """Group name -> colour; services in proposal order, then shared and entrypoint."""
    found = {SHARED: SHARED_COLOUR, ENTRYPOINT: ENTRY_COLOUR}
    for i, service in enumerate(proposal.services if proposal else ()):
        found[service.name] = PALETTE[i] if i < len(PALETTE) else _generated(i - len(PALETTE))
    return found


def _generated(n: int) -> str:
    """Past the palette, a hue the golden angle away from the previous one: services never share
    a colour (a repeated colour read as one service on the boundaries page)."""
    red, green, blue = colorsys.hls_to_rgb((0.07 + n * 0.381966) % 1.0, 0.45 + 0.1 * (n % 3),
                                           0.55)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def group_map(proposal: Proposal | None) -> dict[str, str]:
    return {p.path: p.group for p in proposal.placements} if proposal else {}


def document(value: Any) -> dict[str, Any]:
    data = to_jsonable(value)
    return {"schema": data.pop("schema"), **data}


def render_graph_json(report: GraphReport) -> str:
    return json.dumps(document(report), indent=2) + "\n"


def render_proposal_json(proposal: Proposal) -> str:
    return json.dumps(document(proposal), indent=2) + "\n"


def render_dot(report: GraphReport, proposal: Proposal | None = None) -> str:
    palette = colours(proposal)
    lines = ["digraph modules {", "  rankdir=LR;",
             '  node [shape=box, style="rounded,filled", fontname="Helvetica", '
             'fillcolor="#eeeeee"];']
    for index, (group, members) in enumerate(sorted(_by_group(report, proposal).items())):
        indent = "  "
        if group:
            lines.append(f"  subgraph cluster_{index} {{")
            lines.append(f"    label={_q(group)}; color={_q(palette.get(group, '#999999'))};")
            indent = "    "
        for path in members:
            fill = f", fillcolor={_q(palette[group] + '55')}" if group in palette else ""
            lines.append(f"{indent}{_q(path)} [label={_q(path)}{fill}];")
        if group:
            lines.append("  }")
    for edge in report.edges:
        label = ", ".join(edge.names[:4]) + (" ..." if len(edge.names) > 4 else "")
        lines.append(f"  {_q(edge.source)} -> {_q(edge.target)} "
                     f"[weight={edge.weight}, label={_q(label)}, penwidth={_pen(edge.weight)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_mermaid(report: GraphReport, proposal: Proposal | None = None) -> str:
    ids = {node.path: f"m{i}" for i, node in enumerate(report.nodes)}
    by_group = _by_group(report, proposal)
    lines = ["flowchart LR"]
    for index, (group, members) in enumerate(sorted(by_group.items())):
        nodes = [f'    {ids[path]}["{_m(path)}"]' for path in members]
        lines += [f'  subgraph g{index}["{_m(group)}"]', *nodes, "  end"] if group else nodes
    lines += [f"  {ids[e.source]} -->|{e.weight}| {ids[e.target]}" for e in report.edges]
    for index, (group, colour) in enumerate(_used_colours(by_group, colours(proposal)).items()):
        lines.append(f"  classDef c{index} fill:{colour}55,stroke:{colour}")
        lines.append(f"  class {','.join(ids[p] for p in by_group[group])} c{index}")
    return "\n".join(lines) + "\n"


def _by_group(report: GraphReport, proposal: Proposal | None) -> dict[str, list[str]]:
    """Modules per proposed group ("" for none); groups only make sense at file level."""
    groups = group_map(proposal) if report.level == "file" else {}
    found: dict[str, list[str]] = {}
    for node in report.nodes:
        found.setdefault(groups.get(node.path, ""), []).append(node.path)
    return found


def _used_colours(by_group: Mapping[str, list[str]], palette: dict[str, str]) -> dict[str, str]:
    return {g: palette[g] for g in sorted(by_group) if g in palette}


def _pen(weight: int) -> str:
    return f"{min(6.0, 1 + weight / 4):.1f}"


def _q(text: str) -> str:
    return json.dumps(text)  # DOT's quoted strings share JSON's escapes for what we emit


_MERMAID_BAD = re.compile(r'["\[\]{}()<>|]')


def _m(text: str) -> str:
    return _MERMAID_BAD.sub("_", text)
