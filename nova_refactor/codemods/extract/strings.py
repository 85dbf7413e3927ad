"""String references to moved modules: rewritten where their meaning is certain, else reported.

Certain: the first argument of `importlib.import_module`, `__import__`, `mock.patch`,
`monkeypatch.setattr`/`delattr` and `uvicorn.run` (`"pkg.mod:app"`), and `module:attr` entry
points in pyproject.toml, setup.cfg and setup.py. Any other string literal that names a moved
module with a dot or colon in it is reported with its line, never guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import libcst as cst
from libcst.metadata import PositionProvider

CALLS = {"import_module", "__import__", "patch", "setattr", "delattr", "run", "find_spec",
         "reload", "Mock", "MagicMock"}
_NAME = re.compile(r"[A-Za-z_][\w.]*(?::[A-Za-z_][\w.]*)?")


def retarget(value: str, mapping: Mapping[str, str], known: frozenset[str]) -> str | None:
    """`value` naming a moved module (or something in it) with the new module, or None.

    The longest project module the dotted value starts with decides: `services.analytics.X`
    stays when only `services` (the package's __init__) moved."""
    if not _NAME.fullmatch(value) or value.endswith(".py"):  # a file name, not a module
        return None
    dotted, colon, attr = value.partition(":")
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        head = ".".join(parts[:cut])
        if head in mapping or (head in known and cut > 1):
            new = mapping.get(head)
            if new is None:
                return None
            rest = ".".join(parts[cut:])
            return new + (f".{rest}" if rest else "") + (f":{attr}" if colon else "")
    return None


class StringRewriter(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, mapping: Mapping[str, str], known: frozenset[str], path: str) -> None:
        super().__init__()
        self.mapping, self.known, self.path = mapping, known, path
        self.rewritten: list[str] = []
        self.reported: list[str] = []
        self._certain: set[int] = set()  # ids of string nodes in a call whose meaning is known

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else \
            func.value if isinstance(func, cst.Name) else ""
        if name in CALLS and node.args and isinstance(node.args[0].value, cst.SimpleString):
            self._certain.add(id(node.args[0].value))

    def leave_SimpleString(self, original: cst.SimpleString,
                           updated: cst.SimpleString) -> cst.SimpleString:
        value = original.evaluated_value
        if not isinstance(value, str) or ("." not in value and ":" not in value
                                          and id(original) not in self._certain):
            return updated
        new = retarget(value, self.mapping, self.known)
        if new is None:
            return updated
        line = self.get_metadata(PositionProvider, original).start.line
        if id(original) in self._certain:
            self.rewritten.append(f"{self.path}:{line}: {value!r} -> {new!r}")
            quote = len(original.prefix) + len(original.quote)
            return updated.with_changes(value=original.value[:quote] + new
                                        + original.value[-len(original.quote):])
        self.reported.append(f"{self.path}:{line}: string {value!r} names a moved module "
                             f"(now {new!r}); not rewritten, check it by hand")
        return updated


def rewrite_strings(tree: cst.Module, mapping: Mapping[str, str], known: frozenset[str],
                    path: str) -> tuple[cst.Module, list[str], list[str]]:
    """The module with its certain string references rewritten, what was rewritten, and what
    is only reported."""
    rewriter = StringRewriter(mapping, known, path)
    result = cst.MetadataWrapper(tree).visit(rewriter)
    return result, rewriter.rewritten, rewriter.reported


_ENTRY = re.compile(r"(?P<q>[\"'])(?P<value>[A-Za-z_][\w.]*:[A-Za-z_][\w.]*)(?P=q)"
                    r"|(?P<bare>=\s*)(?P<plain>[A-Za-z_][\w.]*:[A-Za-z_][\w.]*)\s*$", re.M)


def rewrite_entry_points(text: str, mapping: Mapping[str, str], known: frozenset[str],
                         path: str) -> tuple[str, list[str]]:
    """`module:attr` targets in a packaging file, rewritten; what changed."""
    changed: list[str] = []

    def swap(match: re.Match[str]) -> str:
        value = match.group("value") or match.group("plain")
        new = retarget(value, mapping, known)
        if new is None:
            return match.group(0)
        line = text.count("\n", 0, match.start()) + 1
        changed.append(f"{path}:{line}: entry point {value!r} -> {new!r}")
        return match.group(0).replace(value, new)

    return _ENTRY.sub(swap, text), changed
