"""Small text helpers shared by the plan and its ADRs: citations and file-name slugs."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from nova_refactor.report.markdown.text import outside_code

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
    """Markdown-safe text: outside `code spans`, `<T as Trait>::f` or `<int:id>` must not read
    as an HTML tag, nor `__name__` as bold."""
    return _outside_code(text, lambda t: t.replace("<", "&lt;").replace("__", "\\_\\_"))


def cell(value: object) -> object:
    """A table cell: `markdown_table` escapes `|` and `<`; `services/__init__.py` must not turn
    bold either."""
    if not isinstance(value, str):
        return value
    return _outside_code(value, lambda t: t.replace("__", "\\_\\_"))


def _outside_code(text: str, fix: Callable[[str], str]) -> str:
    return outside_code(text, fix)  # code spans as CommonMark reads them (any fence length)


def plural(count: int, word: str, many: str = "") -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"
