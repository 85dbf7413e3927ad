"""A safety net that does not trust our own inventory: pyflakes over what a split wrote.

Our post-apply checks (routes, importable names, cycles) come from the same analysis that
planned the split, so a name the planner lost is lost to them too. pyflakes is an independent,
well-kept checker: every module the split wrote or changed is checked and compared with the
originals. An undefined name, or any warning the originals did not have, is a broken split.
Warnings are compared by kind and subject (`undefined name 'k'`), not by line: moving code
changes lines, never what pyflakes says about it.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from pyflakes import checker, messages

from nova_refactor.codemods.checks import bound_names

# `from x import *` re-exports and `__all__` edits are the facade's business, not a defect;
# these messages never mean a broken split.
IGNORED = (messages.ImportStarUsage, messages.ImportStarUsed)


@dataclass(frozen=True, slots=True)
class Warning_:
    path: str
    line: int
    kind: str  # pyflakes message class, e.g. UndefinedName
    subject: tuple[object, ...]  # its arguments, e.g. ('k',)
    text: str  # pyflakes' own wording

    @property
    def key(self) -> tuple[str, tuple[object, ...]]:
        return self.kind, self.subject

    def render(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


def warnings_of(path: str, source: bytes | str) -> list[Warning_]:
    """pyflakes' warnings for one module (none for a file that does not parse: the snapshot
    comparison already reports those)."""
    try:
        tree = ast.parse(source, filename=path)
    except (SyntaxError, ValueError):
        return []
    found = checker.Checker(tree, filename=path)
    # line numbers inside a message ("redefinition of unused 'abort' from line 24") move
    # with the code: the subject is the rest
    return [Warning_(path, m.lineno, type(m).__name__,
                     tuple(a for a in m.message_args if not isinstance(a, int)),
                     m.message % m.message_args)
            for m in sorted(found.messages, key=lambda m: m.lineno)
            if not isinstance(m, IGNORED)]


def new_warnings(before: Iterable[tuple[str, bytes]],
                 after: Iterable[tuple[str, bytes]]) -> list[Warning_]:
    """Warnings of `after` (path, text) the `before` files did not have, as many times as
    they are new: an undefined name counts even when the originals had one of that name
    fewer times."""
    after = list(after)
    known = Counter(w.key for path, text in before for w in warnings_of(path, text))
    provided, read_through = _provided(after)
    fresh = []
    for path, text in after:
        stem = PurePosixPath(path).stem
        for warning in warnings_of(path, text):
            if _expected(warning, provided, read_through.get(stem, set())):
                continue
            if known[warning.key] > 0:
                known[warning.key] -= 1
            else:
                fresh.append(warning)
    return fresh


def _expected(warning: Warning_, provided: set[str], read_through: set[str]) -> bool:
    """What a split says on purpose: the facade's `__all__` names what its homes bind, and a
    home imports a name other modules read as `home.NAME`."""
    if warning.kind == "UndefinedExport":
        return warning.subject[0] in provided
    if warning.kind == "UnusedImport":
        spec = str(warning.subject[0])
        bound = spec.rpartition(" as ")[2] if " as " in spec else spec.rpartition(".")[2]
        return bound in read_through
    return False


def _provided(files: list[tuple[str, bytes]]) -> tuple[set[str], dict[str, set[str]]]:
    """Names bound at module level by any of `files` (what a facade forwards), and for each
    module name the attributes the files read from it (`app_state.EXTRA`)."""
    names: set[str] = set()
    read: dict[str, set[str]] = {}
    for path, text in files:
        try:
            tree = ast.parse(text, filename=path)
        except (SyntaxError, ValueError):
            continue
        names |= bound_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                read.setdefault(node.value.id, set()).add(node.attr)
    return names, read
