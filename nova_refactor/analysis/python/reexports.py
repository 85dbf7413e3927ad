"""Follow `__init__` re-exports: `from billing import Invoice`, where `billing/__init__.py` does
`from .invoice import Invoice`, depends on `billing/invoice.py`, not on the package marker.

Boundaries drawn on the marker would be wrong: the marker belongs to no one, the module that
defines the name belongs to a service.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from nova_refactor.analysis.python.modules import ModuleTable
from nova_refactor.analysis.python.routes import NameResolver
from nova_refactor.model import FileFacts, ImportEdge, ImportKind

MARKER = "__init__.py"


def follow_reexports(
    edges: tuple[ImportEdge, ...], files: Iterable[FileFacts], table: ModuleTable
) -> tuple[ImportEdge, ...]:
    by_path = {f.path: f for f in files}
    resolver = NameResolver(by_path, table)
    out: list[ImportEdge] = []
    for edge in edges:
        if edge.kind != ImportKind.FROM or not edge.target.endswith(MARKER):
            out.append(edge)
            continue
        out.extend(_split(edge, resolver, by_path))
    return tuple(out)


def _split(edge: ImportEdge, resolver: NameResolver, files: dict[str, FileFacts]
           ) -> list[ImportEdge]:
    """One edge per module that really defines the names (the marker keeps its own ones)."""
    by_target: dict[str, list[str]] = {}
    for name in edge.names:
        defined_in, _ = resolver.resolve(edge.target, name)
        target = defined_in if defined_in in files else edge.target
        by_target.setdefault(target, []).append(name)
    return [
        replace(edge, target=target, names=tuple(names), weight=len(names),
                kind=ImportKind.FROM if target == edge.target else ImportKind.RE_EXPORT)
        for target, names in by_target.items()
        if target != edge.source
    ]
