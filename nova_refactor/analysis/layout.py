"""Where to draw each module: one disc per proposed service around the shared library.

No numpy needed: discs are sunflower (phyllotaxis) spirals, most connected module in the
middle, and the discs sit on a ring sized to their radii. Deterministic for a given graph.
"""

from __future__ import annotations

import math

import networkx as nx

from nova_refactor.analysis.boundary_model import ENTRYPOINT, SHARED, Position

SPACING = 22.0  # distance between neighbouring modules inside a disc
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def layout(weighted: nx.Graph, group_of: dict[str, str], services: list[str],
           lines: dict[str, int], seed: int) -> tuple[Position, ...]:
    del seed  # the layout needs no randomness; kept so callers need not care
    members: dict[str, list[str]] = {}
    for module, group in group_of.items():
        members.setdefault(group, []).append(module)
    for modules in members.values():
        modules.sort(key=lambda m: (-_degree(weighted, m), -lines.get(m, 0), m))
    ring = [g for g in [ENTRYPOINT, *services, "tests"] if g in members]
    radius = {g: _disc_radius(len(members[g])) for g in members}
    centres = _centres(ring, radius, radius.get(SHARED, 0.0))
    if SHARED in members:
        centres[SHARED] = (0.0, 0.0)
    found = []
    for group, modules in members.items():
        cx, cy = centres[group]
        for i, module in enumerate(modules):
            r = SPACING * math.sqrt(i)
            found.append(Position(module, round(cx + r * math.cos(i * GOLDEN_ANGLE), 1),
                                  round(cy + r * math.sin(i * GOLDEN_ANGLE), 1)))
    return tuple(sorted(found, key=lambda p: p.path))


def _degree(graph: nx.Graph, module: str) -> float:
    return graph.degree(module, weight="weight") if module in graph else 0.0


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
