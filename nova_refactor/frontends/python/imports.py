"""Import statements of one module, as written (resolution happens in analysis)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TypeGuard

from nova_refactor.frontends.python.index import ModuleIndex
from nova_refactor.model import FACADE, ImportFacts


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
    return tuple(found) + _facade_homes(index.tree, found)


def _facade_homes(tree: ast.Module, found: list[ImportFacts]) -> tuple[ImportFacts, ...]:
    """`apply`'s split facade (`_HOMES = (app_state, routes, ..)` and a module `__getattr__`)
    makes `main.NAME` mean `home.NAME`: one star-like import per home, so analysis follows
    `main.counter += 1` from another module to the global's real home."""
    if not any(isinstance(n, ast.FunctionDef) and n.name == "__getattr__" for n in tree.body):
        return ()
    homes = next((node for node in tree.body if _assigns_homes(node)), None)
    if homes is None:
        return ()
    modules = dict(_bound_modules(found))
    return tuple(ImportFacts(*modules[n], ("*",), homes.lineno, kind=FACADE)
                 for n in _home_names(homes) if n in modules)


def _home_names(homes: ast.Assign) -> list[str]:
    elts = homes.value.elts if isinstance(homes.value, ast.Tuple) else []
    return [getattr(e, "id", "") for e in elts]


def _assigns_homes(node: ast.stmt) -> TypeGuard[ast.Assign]:
    return (isinstance(node, ast.Assign) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "_HOMES"
            and isinstance(node.value, ast.Tuple))


def _bound_modules(found: list[ImportFacts]) -> Iterator[tuple[str, tuple[str, int]]]:
    """Local name -> (module, level) of what may be a module: `import m`, `from . import m`."""
    for spec in found:
        if not spec.names:
            yield spec.alias or spec.module, (spec.module, spec.level)
            continue
        for name, asname in zip(spec.names, spec.asnames, strict=False):
            yield asname or name, (f"{spec.module}.{name}" if spec.module else name, spec.level)
