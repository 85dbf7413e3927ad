"""Where each module's label goes on the graph: beside its own disc, over no other disc and no
other label.

Discs of one service sit 22 units apart on a spiral, so a label always written under its disc
lands on the neighbour below it. Each label tries below, above, right and left of its disc, in
that order; one that fits nowhere is left out (its disc keeps the tooltip). Text widths are
estimated (no font metrics without a browser) on the wide side; the Chromium layout test
measures the real boxes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

# Screen pixels at the 11 px label size: a character is about 6.6 px wide in common sans
# fonts; 7 leaves a margin for wide ones (DejaVu Sans, `_`, `m`).
CHAR = 7.0
ASCENT, DESCENT, GAP = 10.0, 3.0, 3.0

Box = tuple[float, float, float, float]  # left, top, right, bottom
Disc = tuple[float, float, float]  # x, y, radius


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # the baseline
    anchor: str  # "middle", "start" or "end": the CSS class of the <text>


def place_labels(discs: Mapping[str, Disc], ranked: Sequence[str], text: Mapping[str, str],
                 unit: float, limit: int) -> dict[str, Label]:
    """A free spot for as many of `ranked` (most important first) as fit, at most `limit`."""
    taken: list[Box] = []
    placed: dict[str, Label] = {}
    for path in ranked:
        spot = next((c for c in _candidates(discs[path], len(text[path]), unit)
                     if _free(c[1], taken, discs, path, unit)), None)
        if spot is None:
            continue
        placed[path] = spot[0]
        taken.append(spot[1])
        if len(placed) == limit:
            break
    return placed


def _candidates(disc: Disc, chars: int, unit: float) -> Iterator[tuple[Label, Box]]:
    x, y, r = disc
    width, gap = chars * CHAR * unit, GAP * unit
    below = y + r + gap + ASCENT * unit
    above = y - r - gap - DESCENT * unit
    middle = y + 4 * unit  # the baseline that centres a line of text on the disc
    for label in (Label(x, below, "middle"), Label(x, above, "middle"),
                  Label(x + r + gap, middle, "start"), Label(x - r - gap, middle, "end")):
        left = {"middle": label.x - width / 2, "start": label.x, "end": label.x - width}
        box = (left[label.anchor], label.y - ASCENT * unit, left[label.anchor] + width,
               label.y + DESCENT * unit)
        yield label, box


def _free(box: Box, taken: Iterable[Box], discs: Mapping[str, Disc], own: str,
          unit: float) -> bool:
    if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
        return False
    return not any(_covers(disc, box, unit) for path, disc in discs.items() if path != own)


def _covers(disc: Disc, box: Box, unit: float) -> bool:
    """The disc (with a pixel of margin) reaches into the box."""
    x, y, r = disc
    nearest_x = min(max(x, box[0]), box[2])
    nearest_y = min(max(y, box[1]), box[3])
    return (nearest_x - x) ** 2 + (nearest_y - y) ** 2 < (r + unit) ** 2
