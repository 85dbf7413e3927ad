"""What a module uses of the modules it imports whole: `import utils` + `utils.slug()` -> slug.

These names weigh the edges of the dependency graph ("names used across an edge") and are the
calls that would become network calls if the two modules ended up in different services.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterator

from nova_refactor.frontends.python.index import ModuleIndex
from nova_refactor.frontends.python.walk import attribute_chain
from nova_refactor.model import FunctionFacts, ImportFacts

_FLAT = (ast.Name, ast.Constant)  # nothing inside can be an attribute


def with_uses(imports: tuple[ImportFacts, ...], index: ModuleIndex) -> tuple[ImportFacts, ...]:
    """`imports` with `uses` filled in for every plain `import a.b [as c]`."""
    whole = [spec for spec in imports if not spec.level and not spec.names]
    if not whole:
        return imports
    chains = _attribute_chains(index)
    filled = {id(spec): _uses_of(spec, chains) for spec in whole}
    return tuple(
        dataclasses.replace(spec, uses=filled[id(spec)]) if id(spec) in filled else spec
        for spec in imports
    )


def _uses_of(spec: ImportFacts, chains: set[str]) -> tuple[str, ...]:
    prefix = (spec.alias or spec.module) + "."
    return tuple(sorted({c[len(prefix):].split(".")[0] for c in chains if c.startswith(prefix)}))


def _attribute_chains(index: ModuleIndex) -> set[str]:
    """Every `name.attr[.attr...]` chain read in the module (calls and subscripts end a chain).

    The one walk collected the longest chains everywhere but in signatures; only a chain's
    first name after the import matters, so its inner prefixes add nothing."""
    chains = set(index.chains)
    for part in _signature_parts(index.signatures):
        for node in ast.walk(part):
            if isinstance(node, ast.Attribute):
                chains.add(attribute_chain(node))
    chains.discard("")
    return chains


def _signature_parts(signatures: list[ast.arguments | ast.expr]) -> Iterator[ast.expr]:
    """Annotations and defaults that can hold an attribute (most are absent, names or constants)."""
    for signature in signatures:
        if isinstance(signature, ast.arguments):
            params = [*signature.posonlyargs, *signature.args, *signature.kwonlyargs,
                      signature.vararg, signature.kwarg]
            parts = [p.annotation for p in params if p is not None]
            parts += [*signature.defaults, *signature.kw_defaults]
        else:
            parts = [signature]
        yield from (p for p in parts if p is not None and type(p) not in _FLAT)


def with_handler_uses(functions: tuple[FunctionFacts, ...], index: ModuleIndex
                      ) -> tuple[FunctionFacts, ...]:
    """Request handlers with the module-level names they read (`user_service`, `PostService`):
    which service a route belongs to when its handler lives in the entrypoint."""
    if not any(f.is_handler for f in functions):
        return functions
    module_names = _module_level_names(index)
    nodes = {scoped.qualname: scoped.node for scoped in index.functions}
    return tuple(
        dataclasses.replace(f, uses=_reads(nodes[f.name], module_names))
        if f.is_handler and f.name in nodes else f
        for f in functions
    )


def _reads(node: ast.FunctionDef | ast.AsyncFunctionDef, module_names: set[str]
           ) -> tuple[str, ...]:
    """Module-level names read in the body (decorators say how it is called, not what it does)."""
    read = {n.id for statement in node.body for n in ast.walk(statement)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return tuple(sorted((read & module_names) - {node.name}))


def _module_level_names(index: ModuleIndex) -> set[str]:
    names: set[str] = set()
    for statement in index.tree.body:
        names |= _bound_by(statement)
    for node, _ in index.globals:
        names |= set(node.names)
    return names


def _bound_by(statement: ast.stmt) -> set[str]:
    if isinstance(statement, ast.Import | ast.ImportFrom):
        return {(a.asname or a.name).split(".")[0] for a in statement.names}
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {statement.name}
    if isinstance(statement, ast.Assign):
        return {t.id for t in statement.targets if isinstance(t, ast.Name)}
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return {statement.target.id}
    return set()
