"""Import statements of one module, as written (resolution happens in analysis)."""

from __future__ import annotations

import ast

from nova_refactor.frontends.python.index import ModuleIndex
from nova_refactor.model import ImportFacts


def collect_imports(index: ModuleIndex) -> tuple[ImportFacts, ...]:
    found = []
    for node in index.imports:
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(ImportFacts(alias.name, 0, (), node.lineno, alias.asname or ""))
        else:
            names = tuple(alias.name for alias in node.names)
            asnames = tuple(alias.asname or "" for alias in node.names)
            found.append(
                ImportFacts(node.module or "", node.level, names, node.lineno, asnames=asnames)
            )
    return tuple(found)
