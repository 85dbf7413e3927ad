"""Python module names for project files, and import resolution inside the project."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import PurePosixPath

from nova_refactor.model import FACADE, FileFacts, ImportEdge, ImportFacts, ImportKind, Language


@functools.lru_cache(maxsize=65536)  # called for every import of every file; paths repeat
def module_name(rel_path: str) -> str:
    """`pkg/sub/mod.py` -> `pkg.sub.mod`; `pkg/__init__.py` -> `pkg`; a `src/` prefix is dropped."""
    parts = list(PurePosixPath(rel_path).with_suffix("").parts)
    if parts and parts[0] == "src":
        parts = parts[1:]
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


class ModuleTable:
    """Finds the project file for a dotted module, also when the root is above the package root."""

    def __init__(self, files: Iterable[FileFacts], package: str = "") -> None:
        # `package`: the analysed directory is itself this package (it has an __init__.py),
        # so `package.sub.mod` means `sub/mod.py` (e.g. Django's own `from django.db import`).
        self.package = package
        self.by_module: dict[str, str] = {}
        self.by_suffix: dict[str, list[str]] = {}
        self._found: dict[str, str | None] = {}
        for facts in files:
            if facts.language != Language.PYTHON:
                continue
            name = module_name(facts.path)
            self.by_module[name] = facts.path
            parts = name.split(".")
            for i in range(1, len(parts)):
                self.by_suffix.setdefault(".".join(parts[i:]), []).append(facts.path)

    def find(self, dotted: str) -> str | None:
        # Asked of every import of every file, mostly for the same few names: remembered.
        try:
            return self._found[dotted]
        except KeyError:
            found = self._found[dotted] = self._find(dotted)
            return found

    def _find(self, dotted: str) -> str | None:
        if dotted in self.by_module:
            return self.by_module[dotted]
        if self.package and (dotted == self.package or dotted.startswith(self.package + ".")):
            inner = dotted[len(self.package) + 1:]
            if inner in self.by_module:
                return self.by_module[inner]
        if dotted.startswith("src.") and dotted[4:] in self.by_module:
            return self.by_module[dotted[4:]]  # `src` imported as a package (`from src.api ..`)
        candidates = self.by_suffix.get(dotted, [])
        return candidates[0] if len(candidates) == 1 else None

    def absolute(self, importer: str, spec: ImportFacts) -> str:
        """The dotted module a (possibly relative) import refers to."""
        if not spec.level:
            return spec.module
        package = module_name(importer).split(".")
        if not importer.endswith("__init__.py"):
            package = package[:-1]
        base = package[: len(package) - (spec.level - 1)] if spec.level > 1 else package
        return ".".join([*base, spec.module] if spec.module else base)

    def resolve(
        self, importer: str, spec: ImportFacts
    ) -> list[tuple[str, tuple[str, ...], ImportKind]]:
        """(target file, names, kind) for each project module the import reaches."""
        base = self.absolute(importer, spec)
        if not spec.names:
            target = self._longest(base)
            return [(target, spec.uses, ImportKind.IMPORT)] if target else []
        if spec.names == ("*",):
            target = self.find(base)
            return [(target, ("*",), ImportKind.STAR)] if target else []
        found: dict[str, list[str]] = {}
        for name in spec.names:  # `from pkg import submodule` imports a module, not a name
            target = self.find(f"{base}.{name}") or self.find(base)
            if target:
                found.setdefault(target, []).append(name)
        return [(target, tuple(names), ImportKind.FROM) for target, names in found.items()]

    def _longest(self, dotted: str) -> str | None:
        parts = dotted.split(".")
        for end in range(len(parts), 0, -1):
            target = self.find(".".join(parts[:end]))
            if target:
                return target
        return None


def import_edges(files: Iterable[FileFacts], table: ModuleTable) -> tuple[ImportEdge, ...]:
    edges = []
    for facts in files:
        if facts.language != Language.PYTHON:
            continue  # Rust edges come from rust_modules
        for spec in facts.imports:
            if spec.kind == FACADE:
                continue  # the facade's own `import home` lines are the edges already
            for target, names, kind in table.resolve(facts.path, spec):
                if target != facts.path:
                    edges.append(
                        ImportEdge(
                            source=facts.path, target=target, names=names, kind=kind,
                            line=spec.line, weight=max(1, len(names)),
                        )
                    )
    return tuple(edges)
