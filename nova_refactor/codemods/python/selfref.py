"""References to the entrypoint by its literal module name, and what a split does to them.

`sys.modules["server"]` and `importlib.import_module("server")` hand out the module object:
after a split that is the facade, which forwards every moved name only once the entrypoint has
finished importing. Run during that import (the entrypoint calling a helper that looks it up),
they see a half-built module: refused, with the place and the reason. Elsewhere they keep
working and the plan says so. `"server:app"` strings (uvicorn, gunicorn) resolve the attribute
on the module, which the facade forwards: they keep working.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from nova_refactor.codemods.plan import Skipped
from nova_refactor.codemods.python.statements import ModuleFacts
from nova_refactor.vocabulary import SkipKind


@dataclass(slots=True)
class Findings:
    blockers: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _patterns(module: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    quoted = rf"""['"]{re.escape(module)}['"]"""
    lookup = re.compile(rf"sys\.modules\[\s*{quoted}\s*\]"
                        rf"|\b(?:import_module|__import__)\(\s*{quoted}")
    target = re.compile(rf"""['"]{re.escape(module)}:(\w+)['"]""")
    return lookup, target


def self_references(root: Path, entry: str, module: str, facts: ModuleFacts,
                    files: Iterable[Path]) -> Findings:
    lookup, target = _patterns(module)
    found = Findings()
    for s in facts.stmts:
        match = lookup.search(s.code)
        if match:
            line = s.start_line + s.code.count("\n", 0, match.start())
            found.blockers.append(Skipped(
                SkipKind.OWN_MODULE, f"looks itself up by name (`{match.group(0)}`); after a "
                "split that is the facade, complete only once the entrypoint has been "
                "imported", entry, line))
    imported = _imported_modules(facts)
    for path in files:
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        text = _read(path) if rel != entry else facts.module.code
        if module not in text:
            continue
        if rel != entry:
            _other_file(found, rel, text, lookup, _module_of(rel) in imported, entry)
        for match in target.finditer(text):
            found.notes.append(f"{rel}:{_line(text, match.start())}: `{match.group(0)}` keeps "
                               f"working: the facade forwards `{match.group(1)}` to its home")
    return found


def _other_file(found: Findings, rel: str, text: str, lookup: re.Pattern[str],
                imported_by_entry: bool, entry: str) -> None:
    for match in lookup.finditer(text):
        line = _line(text, match.start())
        where = f"{rel}:{line}"
        if imported_by_entry:
            found.blockers.append(Skipped(
                SkipKind.OWN_MODULE, f"looks up the entrypoint by name (`{match.group(0)}`) "
                f"and {entry} imports it: run during that import it would see a half-built "
                "facade", rel, line))
        else:
            found.notes.append(f"{where}: `{match.group(0)}` keeps working after the import: "
                               "the facade forwards every moved name")


def _imported_modules(facts: ModuleFacts) -> set[str]:
    """Dotted names of the modules the entrypoint's top-level imports may load: `a`, `a.b`
    for `import a.b`, and `a.x` for `from a import x` (x may be a submodule)."""
    names: set[str] = set()
    for s in facts.stmts:
        if s.is_import:
            for dotted in _loaded(ast.parse(s.code.strip())):
                parts = dotted.split(".")
                names |= {".".join(parts[: i + 1]) for i in range(len(parts))}
    return names


def _loaded(tree: ast.Module) -> list[str]:
    found = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return found


def _module_of(rel: str) -> str:
    parts = rel.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
