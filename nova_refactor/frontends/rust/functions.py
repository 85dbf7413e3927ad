"""Every `fn` with a body, its qualified name and its cyclomatic complexity.

Names: free functions `name`; inherent methods `Type::method`; trait impl methods
`<Type as Trait>::method`; default trait methods `Trait::method`; nested functions
`outer::inner`; functions in inline modules `module::name`. Generic arguments are dropped.
Trait method declarations without a body are not functions.

Complexity = 1 + decisions, where a decision is: `if` / `else if` / `if let`, `while` /
`while let`, `for`, each match arm after the first, a match-arm guard, `&&` and `||`, each
branch of `select!` / `tokio::select!` after the first, and optionally (`count_try`) `?`.
`loop` has no condition and is not a decision. Closures count toward their enclosing function;
nested `fn`s are measured on their own. Other macro bodies (`json!`, `vec!`, `macro_rules!`)
are opaque token trees and add nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from nova_refactor.frontends.rust.syntax import (
    attribute_parts,
    attributes_of,
    strip_generics,
    text,
)

BRANCH_KINDS = frozenset({"if_expression", "while_expression", "for_expression"})
NESTED_ITEMS = frozenset({"function_item", "impl_item", "trait_item", "mod_item",
                          "macro_definition"})
SELECT_MACROS = frozenset({"select", "tokio::select", "futures::select", "futures::select_biased",
                           "tokio::select_biased"})


@dataclass(frozen=True, slots=True)
class FnInfo:
    """A function node with its qualified name, its impl type (if a method) and its attributes."""

    node: Node
    name: str
    short: str
    self_type: str  # the impl's type for methods, "" otherwise
    is_async: bool
    complexity: int
    in_test: bool = False  # inside `#[cfg(test)]` or a `#[test]` function: not production code


def collect_functions(root: Node, count_try: bool = False) -> list[FnInfo]:
    found: list[FnInfo] = []
    _visit(root, _Scope("", "", False), found, count_try)
    return found


@dataclass(frozen=True, slots=True)
class _Scope:
    prefix: str
    self_type: str
    in_test: bool


def _visit(node: Node, scope: _Scope, found: list[FnInfo], count_try: bool) -> None:
    for child in node.named_children:
        kind = child.type
        if kind == "function_item":
            _function(child, scope, found, count_try)
        elif kind in ("impl_item", "trait_item", "mod_item"):
            body = child.child_by_field_name("body")
            if body is not None:
                _visit(body, _inner_scope(child, scope), found, count_try)
        elif kind not in ("macro_definition", "token_tree", "attribute_item"):
            _visit(child, scope, found, count_try)


def _inner_scope(item: Node, scope: _Scope) -> _Scope:
    in_test = scope.in_test or _is_test(item)
    if item.type == "impl_item":
        return _Scope(_impl_prefix(item), _impl_type(item), in_test)
    name = text(item.child_by_field_name("name"))
    self_type = name if item.type == "trait_item" else ""
    return _Scope(f"{scope.prefix}{name}::", self_type, in_test)


def _is_test(item: Node) -> bool:
    for attribute in attributes_of(item):
        name, args = attribute_parts(attribute)
        if name == "cfg" and text(args).strip("()").strip() == "test":
            return True
        if name.endswith("test") and name != "cfg":
            return True
    return False


def _impl_type(impl: Node) -> str:
    return strip_generics(text(impl.child_by_field_name("type")))


def _impl_prefix(impl: Node) -> str:
    type_name = _impl_type(impl)
    trait = impl.child_by_field_name("trait")
    if trait is None:
        return f"{type_name}::"
    return f"<{type_name} as {strip_generics(text(trait))}>::"


def _function(fn: Node, scope: _Scope, found: list[FnInfo], count_try: bool) -> None:
    body = fn.child_by_field_name("body")
    if body is None:
        return
    short = text(fn.child_by_field_name("name"))
    modifiers = next((c for c in fn.children if c.type == "function_modifiers"), None)
    is_async = modifiers is not None and "async" in text(modifiers).split()
    name = scope.prefix + short
    in_test = scope.in_test or _is_test(fn)
    complexity = 1 + decisions(body, count_try)
    found.append(FnInfo(fn, name, short, scope.self_type, is_async, complexity, in_test))
    _visit(body, _Scope(f"{name}::", "", in_test), found, count_try)


def decisions(body: Node, count_try: bool = False) -> int:
    """Decision points under `body`, not descending into nested items (they are measured alone)."""
    total = 0
    stack = list(body.children)
    while stack:
        node = stack.pop()
        if node.type in NESTED_ITEMS:
            continue
        total += _decisions_at(node, count_try)
        if node.type != "macro_invocation":  # other macro bodies are opaque token trees
            stack.extend(node.children)
    return total


def _decisions_at(node: Node, count_try: bool) -> int:
    kind = node.type
    if kind in BRANCH_KINDS:
        return 1
    if kind == "match_block":
        return max(0, sum(1 for c in node.named_children if c.type == "match_arm") - 1)
    if kind == "match_pattern":
        return int(node.child_by_field_name("condition") is not None)
    if kind == "binary_expression":
        operator = node.child_by_field_name("operator")
        return int(operator is not None and operator.type in ("&&", "||"))
    if kind == "try_expression":
        return int(count_try)
    if kind == "macro_invocation":
        return _select_branches(node)
    return 0


def _select_branches(macro: Node) -> int:
    """`select! { a = x => .., b = y => .. }`: one decision per branch after the first."""
    if text(macro.child_by_field_name("macro")) not in SELECT_MACROS:
        return 0
    tree = next((c for c in macro.children if c.type == "token_tree"), None)
    if tree is None:
        return 0
    arrows = sum(1 for c in tree.children if c.type == "=>")
    return max(0, arrows - 1)

