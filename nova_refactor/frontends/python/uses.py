"""What a module uses of the modules it imports whole: `import utils` + `utils.slug()` -> slug.

These names weigh the edges of the dependency graph ("names used across an edge") and are the
calls that would become network calls if the two modules ended up in different services.
"""

from __future__ import annotations

import ast
import dataclasses

from nova_refactor.model import ImportFacts


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
