"""Calls and instance bindings of one module, the raw material of cross-module hot paths.

Only what analysis can resolve inside the project is kept: calls whose head is `self`/`cls`,
a module-level function or class, an imported name, or a module global bound to an instance.
Calls on locals, parameters and builtins are dropped (they cannot be resolved without types).
"""

from __future__ import annotations

import ast

from nova_refactor.frontends.python.index import ModuleIndex
from nova_refactor.model import BindingFacts, CallFacts


def plain_dotted(node: ast.AST) -> str:
    """`a.b.c` for a pure Name/Attribute chain, else "" (unlike `dotted`, calls break it)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    parts.append(node.id)
    return ".".join(reversed(parts))


def _head(node: ast.AST) -> str:
    """`a` for a pure Name/Attribute chain `a.b.c`, else "" (as `plain_dotted` splits it)."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else ""


def collect_bindings(index: ModuleIndex) -> tuple[BindingFacts, ...]:
    """Module globals and `self` attributes bound to a constructor call or annotated a class."""
    declared = {(scope, name) for node, scope in index.globals for name in node.names}
    classes_of, params = _methods(index)
    found: dict[str, BindingFacts] = {}
    for assign, scope in index.assigns:
        kind = _bound_type(assign, params.get(scope, {}))
        if not kind:
            continue
        targets = assign.targets if isinstance(assign, ast.Assign) else [assign.target]
        for target in targets:
            name = _binding_name(target, scope, declared, classes_of)
            if name:
                found.setdefault(name, BindingFacts(name, kind, assign.lineno))
    return tuple(found.values())


def _methods(index: ModuleIndex) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Method -> its class, and method -> its annotated parameters."""
    methods = [f for f in index.functions if f.is_method]
    classes_of = {f.qualname: f.qualname.rsplit(".", 1)[0] for f in methods}
    return classes_of, {f.qualname: _annotated_params(f.node) for f in methods}


def _annotated_params(node: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, str]:
    """Parameter -> its annotation, where the annotation is a plain (dotted) name."""
    args = node.args
    found = {}
    for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
        kind = plain_dotted(arg.annotation) if arg.annotation is not None else ""
        if kind:
            found[arg.arg] = kind
    return found


def _bound_type(assign: ast.Assign | ast.AnnAssign, params: dict[str, str]) -> str:
    """`Service(..)` -> "Service"; `x: Service` (no value) -> "Service"; `self.x = repo` in a
    method whose parameter is `repo: Repository` -> "Repository"."""
    if isinstance(assign.value, ast.Call):
        return plain_dotted(assign.value.func)
    if isinstance(assign.value, ast.Name):
        return params.get(assign.value.id, "")
    if assign.value is None and isinstance(assign, ast.AnnAssign):
        return plain_dotted(assign.annotation)
    return ""


def _binding_name(
    target: ast.expr, scope: str, declared: set[tuple[str, str]], classes_of: dict[str, str]
) -> str:
    name = plain_dotted(target)
    if not name:
        return ""
    if not scope or (scope, name) in declared:
        return name if "." not in name else ""
    head, _, attr = name.partition(".")
    if head == "self" and attr and "." not in attr and scope in classes_of:
        return f"{classes_of[scope]}.{attr}"
    return ""


def collect_calls(index: ModuleIndex, bindings: tuple[BindingFacts, ...]) -> tuple[CallFacts, ...]:
    heads = _resolvable_heads(index, bindings)
    by_caller: dict[str, dict[str, None]] = {}  # insertion-ordered sets
    for call, scope in index.calls:
        if not scope or _head(call.func) not in heads:
            continue  # the head first: most calls are on locals and builtins, not named here
        callee = plain_dotted(call.func)
        by_caller.setdefault(scope, {})[callee] = None
    return tuple(CallFacts(caller, tuple(callees)) for caller, callees in by_caller.items())


def _resolvable_heads(index: ModuleIndex, bindings: tuple[BindingFacts, ...]) -> set[str]:
    defined = [f.qualname for f in index.functions] + [q for _, q in index.classes]
    bound = [b.name for b in bindings]
    heads = {name for name in [*defined, *bound] if "." not in name}
    return heads | _imported_names(index) | {"self", "cls"}


def _imported_names(index: ModuleIndex) -> set[str]:
    return {
        (alias.asname or alias.name).split(".")[0]
        for node in index.imports
        for alias in node.names
        if alias.name != "*"
    }
