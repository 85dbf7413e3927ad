"""One walk over a module's AST that every Python fact-finder shares.

The walk records the nodes the finders care about together with their scope (the qualified
name of the enclosing function, "" at module level), so no finder walks the tree again.
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
    awaits_in: set[str] = field(default_factory=set)
    imports: list[ast.Import | ast.ImportFrom] = field(default_factory=list)


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


class _Indexer(ast.NodeVisitor):
    def __init__(self, index: ModuleIndex) -> None:
        self.index = index
        self.scope: list[str] = []  # qualified-name parts of enclosing defs and classes
        self.kinds: list[str] = []  # "function" or "class" for each part
        self.function_scope = ""

    def _visit_function(self, node: FunctionNode) -> None:
        qualname = ".".join([*self.scope, node.name])
        is_method = bool(self.kinds) and self.kinds[-1] == "class"
        in_function = "function" in self.kinds
        self.index.functions.append(ScopedFunction(node, qualname, is_method, in_function))
        for decorator in node.decorator_list:
            self.visit(decorator)
        outer = self.function_scope
        self.scope.append(node.name)
        self.kinds.append("function")
        self.function_scope = qualname
        for child in node.body:
            self.visit(child)
        self.function_scope = outer
        self.scope.pop()
        self.kinds.pop()

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.index.classes.append((node, ".".join([*self.scope, node.name])))
        for expr in [*node.bases, *node.decorator_list]:
            self.visit(expr)
        self.scope.append(node.name)
        self.kinds.append("class")
        for child in node.body:
            self.visit(child)
        self.scope.pop()
        self.kinds.pop()

    def visit_Call(self, node: ast.Call) -> None:
        self.index.calls.append((node, self.function_scope))
        self.generic_visit(node)

    def _visit_with(self, node: ast.With | ast.AsyncWith) -> None:
        self.index.withs.append((node, self.function_scope))
        self.generic_visit(node)

    visit_With = _visit_with
    visit_AsyncWith = _visit_with

    def visit_Global(self, node: ast.Global) -> None:
        self.index.globals.append((node, self.function_scope))

    def _visit_assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        self.index.assigns.append((node, self.function_scope))
        self.generic_visit(node)

    visit_Assign = _visit_assign
    visit_AnnAssign = _visit_assign

    def visit_Await(self, node: ast.Await) -> None:
        self.index.awaits_in.add(self.function_scope)
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.index.imports.append(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.index.imports.append(node)


def build_index(tree: ast.Module) -> ModuleIndex:
    index = ModuleIndex(tree=tree)
    _Indexer(index).visit(tree)
    return index


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
