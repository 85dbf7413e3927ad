"""What the one walk over a module's AST (`walk.py`) records for every Python fact-finder.

The nodes the finders care about, each with its scope (the qualified name of the enclosing
function, "" at module level), so no finder walks the tree again.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(slots=True)
class ScopedFunction:
    node: FunctionNode
    qualname: str
    is_method: bool
    in_function: bool  # defined somewhere inside a function body


@dataclass(slots=True)
class ModuleIndex:
    tree: ast.Module
    functions: list[ScopedFunction] = field(default_factory=list)
    classes: list[tuple[ast.ClassDef, str]] = field(default_factory=list)
    calls: list[tuple[ast.Call, str]] = field(default_factory=list)
    withs: list[tuple[ast.With | ast.AsyncWith, str]] = field(default_factory=list)
    globals: list[tuple[ast.Global, str]] = field(default_factory=list)
    assigns: list[tuple[ast.Assign | ast.AnnAssign, str]] = field(default_factory=list)
    augassigns: list[tuple[ast.AugAssign, str]] = field(default_factory=list)
    awaits_in: set[str] = field(default_factory=set)
    imports: list[ast.Import | ast.ImportFrom] = field(default_factory=list)
    chains: set[str] = field(default_factory=set)  # every `name.attr[.attr...]` read
    # Parameters and return annotations of functions, which the walk does not enter.
    signatures: list[ast.arguments | ast.expr] = field(default_factory=list)


def dotted(node: ast.AST) -> str:
    """`a.b.c` for a Name/Attribute chain (calls stripped: `a().b` -> `a.b`), else ""."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return ".".join(reversed(parts))
        else:
            return ""


def hot_functions(index: ModuleIndex, handlers: set[str]) -> set[str]:
    """Handlers plus the module functions they call by name, transitively (request paths)."""
    defined = {f.qualname for f in index.functions}
    callees: dict[str, set[str]] = {}
    for call, scope in index.calls:
        if isinstance(call.func, ast.Name) and call.func.id in defined:
            callees.setdefault(scope, set()).add(call.func.id)
    hot, pending = set(handlers), list(handlers)
    while pending:
        for callee in callees.get(pending.pop(), ()):
            if callee not in hot:
                hot.add(callee)
                pending.append(callee)
    return hot
