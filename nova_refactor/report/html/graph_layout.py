"""Where to draw each module: one disc per proposed service around the shared library.

No numpy needed: discs are sunflower (phyllotaxis) spirals, most connected module in the
middle, and the discs sit on a ring sized to their radii. Deterministic for a given graph.
Drawing coordinates belong to the drawing: they are computed here from the graph report and the
proposal, not carried by the proposal or its JSON.
"""

from __future__ import annotations

import math

from nova_refactor.analysis.boundaries.model import ENTRYPOINT, SHARED, Proposal
from nova_refactor.analysis.graph.dependencies import GraphReport, package_of

SPACING = 22.0  # distance between neighbouring modules inside a disc
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
UNPLACED = "tests"  # modules no group holds (tests, mixed packages) share one disc of their own


def layout(report: GraphReport, proposal: Proposal) -> dict[str, tuple[float, float]]:
    """Every node of the report -> its (x, y)."""
    members = _members(report, node_groups(report, proposal))
    services = [s.name for s in proposal.services]
    ring = [g for g in [ENTRYPOINT, *services, UNPLACED] if g in members]
    radius = {g: _disc_radius(len(members[g])) for g in members}
    centres = _centres(ring, radius, radius.get(SHARED, 0.0))
    if SHARED in members:
        centres[SHARED] = (0.0, 0.0)
    found = {}
    for group, modules in members.items():
        cx, cy = centres[group]
        for i, module in enumerate(modules):
            r = SPACING * math.sqrt(i)
            found[module] = (round(cx + r * math.cos(i * GOLDEN_ANGLE), 1),
                             round(cy + r * math.sin(i * GOLDEN_ANGLE), 1))
    return dict(sorted(found.items()))


def _members(report: GraphReport, group_of: dict[str, str]) -> dict[str, list[str]]:
    """Each group's nodes, most connected first (by dependency weight, then size)."""
    degree = dict.fromkeys(group_of, 0.0)
    for edge in report.edges:  # undirected: both directions add up
        degree[edge.source] = degree.get(edge.source, 0.0) + edge.weight
        degree[edge.target] = degree.get(edge.target, 0.0) + edge.weight
    lines = {n.path: n.lines for n in report.nodes}
    members: dict[str, list[str]] = {}
    for module, group in group_of.items():
        members.setdefault(group, []).append(module)
    for modules in members.values():
        modules.sort(key=lambda m: (-degree.get(m, 0.0), -lines.get(m, 0), m))
    return members


def drawn_groups(report: GraphReport, proposal: Proposal) -> dict[str, str]:
    """The nodes drawn in a group's colour; the others (tests, mixed packages) stay grey."""
    return {k: g for k, g in node_groups(report, proposal).items() if g != UNPLACED}


def node_groups(report: GraphReport, proposal: Proposal) -> dict[str, str]:
    """The group each node is drawn in: a file's own group; a package's when its files agree."""
    placed = {p.path: p.group for p in proposal.placements}
    if report.level == "file":
        return {n.path: placed.get(n.path, UNPLACED) for n in report.nodes}
    votes: dict[str, set[str]] = {}
    for path, group in placed.items():
        votes.setdefault(package_of(path), set()).add(group)
    return {n.path: next(iter(votes[n.path])) if len(votes.get(n.path, ())) == 1 else UNPLACED
            for n in report.nodes}


def _disc_radius(count: int) -> float:
    return SPACING * math.sqrt(max(count - 1, 0)) + SPACING


def _centres(ring: list[str], radius: dict[str, float], middle: float) -> dict[str, tuple[
        float, float]]:
    if not ring:
        return {}
    if len(ring) == 1 and not middle:
        return {ring[0]: (0.0, 0.0)}
    gap = SPACING * 1.5
    circumference = sum(2 * radius[g] + gap for g in ring)
    biggest = max(radius[g] for g in ring)
    big_r = max(circumference / (2 * math.pi), middle + biggest + gap)
    centres, travelled = {}, 0.0
    for group in ring:  # arc length proportional to each disc's size, starting at the top
        travelled += radius[group] + gap / 2
        angle = -math.pi / 2 + 2 * math.pi * travelled / circumference
        travelled += radius[group] + gap / 2
        centres[group] = (big_r * math.cos(angle), big_r * math.sin(angle))
    return centres
