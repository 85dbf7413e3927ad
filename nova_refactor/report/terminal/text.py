"""Terminal output that a repository's strings cannot take over.

File names, route strings and messages come from the analysed repository. On a terminal, an
escape sequence in one of them could recolour, move the cursor, retitle the window, hide text or
plant a hyperlink; a carriage return or a bidi override could make a line read differently from
what it holds; rich markup (`[link=...]`) would be interpreted. So every console we print on is
a `SafeConsole`: markup off, and every character that is not printable text shown as a visible
escape (`\\x1b`) in what is rendered — rich's own styling travels separately and is kept.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions
from rich.segment import Segment

# C0 (but tab and newline), DEL, C1 (CSI 0x9b among them), bidi embeddings/overrides/isolates,
# and the Unicode line and paragraph separators.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character written as an escape a reader can see."""
    return _CONTROLS.sub(_shown, text)


def one_line(text: str) -> str:
    """`visible`, newlines included: one message, one line."""
    return visible(text).replace("\n", "\\n")


class SafeConsole(Console):
    """A rich console that never interprets markup and never emits a control character that
    came from text (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(*args, **kwargs)

    def render(self, renderable: Any, options: ConsoleOptions | None = None
               ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not _CONTROLS.search(segment.text):
                yield segment
            else:
                yield Segment(visible(segment.text), segment.style, segment.control)

    def render_str(self, text: str, **kwargs: Any) -> Any:
        # Strings are made visible before layout, so table columns are measured on what shows.
        return super().render_str(visible(text), **kwargs)


# A pipe and `-o FILE` print the same text; token columns keep path:line whole within it.
PLAIN_WIDTH = 160


def stdout_console() -> Console:
    """A terminal keeps its own width and colours; a pipe gets what `-o FILE` would hold,
    unless COLUMNS says how wide it is."""
    console = SafeConsole()
    if console.is_terminal or "COLUMNS" in os.environ:
        return console
    return SafeConsole(width=PLAIN_WIDTH, color_system=None)


def table_layout(console: Console | None) -> str:
    """What decides the bytes of a table printed on `console` (None: plain text for a file):
    the run cache keeps one rendering per layout, so a warm run prints it without rich."""
    if console is None:
        return f"file\0{PLAIN_WIDTH}"
    return "\0".join(str(value) for value in (
        console.width, console.color_system, console.is_terminal, console.encoding,
        console.legacy_windows, console.no_color))
