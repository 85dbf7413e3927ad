"""Small text helpers shared by the plan and its ADRs: citations and file-name slugs."""

from __future__ import annotations

import re
from collections.abc import Sequence

from nova_refactor.report.markdown.text import safe_line

MAX_RANGES = 6


def ranges_text(path: str, spans: Sequence[tuple[int, int]], limit: int = MAX_RANGES) -> str:
    """`main.py:10-20, 30, 41-45` (and "+N more" past `limit`): a citation a reader can open."""
    if not spans:
        return path
    parts = [f"{a}-{b}" if b > a else str(a) for a, b in spans[:limit]]
    extra = f" (+{len(spans) - limit} more)" if len(spans) > limit else ""
    return f"{path}:{', '.join(parts)}{extra}"


def slug(title: str) -> str:
    """`Split main.py into a composition root` -> `split-main-py-into-a-composition-root`."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].rstrip("-")


def library_name(project: str) -> str:
    """The proposed shared library's name: `python_monolith` -> `python-monolith-common`."""
    return f"{slug(project) or 'project'}-common"


def prose(text: str) -> str:
    """Markdown-safe text (`<T as Trait>::f`, `<int:id>`, `__name__`): the one escaper of every
    Markdown writer; idempotent, so prose written into a document may be escaped again."""
    return safe_line(text)


def plural(count: int, word: str, many: str = "") -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"
