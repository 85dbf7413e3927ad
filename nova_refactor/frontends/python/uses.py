"""What a module uses of the modules it imports whole: `import utils` + `utils.slug()` -> slug.

These names weigh the edges of the dependency graph ("names used across an edge") and are the
calls that would become network calls if the two modules ended up in different services.
"""

from __future__ import annotations

import ast
import dataclasses

from nova_refactor.frontends.python.index import ModuleIndex
from nova_refactor.model import FunctionFacts, ImportFacts


def with_uses(imports: tuple[ImportFacts, ...], tree: ast.Module) -> tuple[ImportFacts, ...]:
    """`imports` with `uses` filled in for every plain `import a.b [as c]`."""
    whole = [spec for spec in imports if not spec.level and not spec.names]
    if not whole:
        return imports  # no extra walk for modules that only use `from x import y`
    chains = _attribute_chains(tree)
    filled = {id(spec): _uses_of(spec, chains) for spec in whole}
    return tuple(
        dataclasses.replace(spec, uses=filled[id(spec)]) if id(spec) in filled else spec
        for spec in imports
    )


def _uses_of(spec: ImportFacts, chains: set[str]) -> tuple[str, ...]:
    prefix = (spec.alias or spec.module) + "."
    return tuple(sorted({c[len(prefix):].split(".")[0] for c in chains if c.startswith(prefix)}))


def _attribute_chains(tree: ast.Module) -> set[str]:
    """Every `name.attr[.attr...]` chain read in the module (calls and subscripts end a chain)."""
    chains: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            parts = [node.attr]
            value = node.value
            while isinstance(value, ast.Attribute):
                parts.append(value.attr)
                value = value.value
            if isinstance(value, ast.Name):
                parts.append(value.id)
                chains.add(".".join(reversed(parts)))
    return chains


def with_handler_uses(functions: tuple[FunctionFacts, ...], index: ModuleIndex
                      ) -> tuple[FunctionFacts, ...]:
    """Request handlers with the module-level names they read (`user_service`, `PostService`):
    which service a route belongs to when its handler lives in the entrypoint."""
    if not any(f.is_handler for f in functions):
        return functions
    module_names = _module_level_names(index)
    nodes = {scoped.qualname: scoped.node for scoped in index.functions}
    out = []
    for facts in functions:
        node = nodes.get(facts.name)
        if facts.is_handler and node is not None:
            read = {n.id for statement in node.body for n in ast.walk(statement)
                    if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
                    and n.id in module_names}  # the body: decorators say how, not what
            facts = dataclasses.replace(facts, uses=tuple(sorted(read - {node.name})))
        out.append(facts)
    return tuple(out)


def _module_level_names(index: ModuleIndex) -> set[str]:
    names: set[str] = set()
    for statement in index.tree.body:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in statement.names}
        elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(statement.name)
        elif isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [
                statement.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    for node, _ in index.globals:
        names |= set(node.names)
    return names
