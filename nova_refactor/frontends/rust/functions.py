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

from bisect import bisect_right
from dataclasses import dataclass

from tree_sitter import Node

from nova_refactor.frontends.rust.index import Index
from nova_refactor.frontends.rust.syntax import (
    attribute_parts,
    attributes_of,
    strip_generics,
    text,
)

SCOPES = frozenset({"function_item", "impl_item", "trait_item", "mod_item"})
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


def collect_functions(index: Index, count_try: bool = False) -> list[FnInfo]:
    fns = index.nodes("function_item")
    counts = _decision_counts(index, fns, count_try)
    scopes = _Scopes()
    found = []
    for fn, decisions in zip(fns, counts, strict=True):
        if fn.child_by_field_name("body") is None:
            continue
        prefix, self_type, in_test = scopes.around(fn)
        short = text(fn.child_by_field_name("name"))
        modifiers = _modifiers(fn)
        is_async = modifiers is not None and "async" in text(modifiers).split()
        found.append(FnInfo(fn, prefix + short, short, self_type, is_async,
                            1 + decisions, in_test or is_test_item(fn)))
    return found


def _modifiers(fn: Node) -> Node | None:
    """`async`, `const`, `unsafe`, `extern`: written before `fn`, after the visibility if any,
    so one of the first two children (listing them all costs a node object each)."""
    for at in range(min(2, fn.child_count)):
        child = fn.child(at)
        if child is not None and child.type == "function_modifiers":
            return child
    return None


class _Scopes:
    """The qualified prefix, type and test flag of each scope (`impl`, `trait`, `mod`, `fn`)
    that holds functions, read once per scope rather than once per function inside it (an
    `impl` or a `mod tests` holds dozens)."""

    def __init__(self) -> None:
        # scope's start byte -> (prefix including the scope, its type or name, test code)
        self.known: dict[int, tuple[str, str, bool]] = {}

    def around(self, fn: Node) -> tuple[str, str, bool]:
        """(qualified prefix, impl/trait type when `fn` is a method, inside test code)."""
        nearest = _outer_scope(fn)
        if nearest is None:
            return "", "", False
        prefix, owner, in_test = self._inside(nearest)
        return prefix, owner if nearest.type in ("impl_item", "trait_item") else "", in_test

    def _inside(self, scope: Node) -> tuple[str, str, bool]:
        unknown: list[Node] = []  # from `scope` outwards, up to the first scope already read
        current: Node | None = scope
        while current is not None and current.start_byte not in self.known:
            unknown.append(current)
            current = _outer_scope(current)
        prefix, _, in_test = self.known[current.start_byte] if current is not None else (
            "", "", False)
        for node in reversed(unknown):
            part, owner = _scope_part(node)
            prefix, in_test = prefix + part, in_test or is_test_item(node)
            self.known[node.start_byte] = (prefix, owner, in_test)
        return self.known[scope.start_byte]


def _outer_scope(node: Node) -> Node | None:
    parent = node.parent
    while parent is not None and parent.type not in SCOPES:
        parent = parent.parent
    return parent


def _scope_part(scope: Node) -> tuple[str, str]:
    if scope.type == "impl_item":
        return _impl_prefix(scope), _impl_type(scope)
    name = text(scope.child_by_field_name("name"))
    return f"{name}::", name


def is_test_item(item: Node) -> bool:
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


def _decision_counts(index: Index, fns: list[Node], count_try: bool) -> list[int]:
    """Decisions of each of `fns`, each given to the innermost function around it: closures
    count toward their function, nested `fn`s are measured alone."""
    counts = [0] * len(fns)
    kinds = ["if_expression", "while_expression", "for_expression", "match_arm", "match_block",
             "match_pattern", "binary_expression"]
    if b"select" in index.source:  # only `select!` macros branch (9 of Nova's 314
        kinds.append("macro_invocation")       # files name it): the others' are not read
    if count_try:
        kinds.append("try_expression")
    enclosing = Enclosing(fns)
    for node in index.nodes(*kinds):
        value = _value(node)
        at = enclosing.index_of(node) if value else -1
        if at >= 0:
            counts[at] += value
    return counts


def _value(node: Node) -> int:
    if node.type == "match_block":
        return -1  # with +1 per arm: arms - 1 for the whole match
    if node.type == "macro_invocation":
        return _select_branches(node)
    return 1


class Enclosing:
    """The innermost of some nodes (functions, in source order) around a node, by position:
    a node reparsed from a macro body has no parents in the file's tree. Their bounds are
    read once, not at every question (a file asks for each call, `let` and decision)."""

    def __init__(self, nodes: list[Node]) -> None:
        self.starts = [n.start_byte for n in nodes]
        self.ends = [n.end_byte for n in nodes]

    def index_of(self, node: Node) -> int:
        """The position in `nodes` of the innermost one around `node`; -1 when none is."""
        end = node.end_byte
        at = bisect_right(self.starts, node.start_byte) - 1
        while at >= 0 and self.ends[at] < end:
            at -= 1
        return at


def _select_branches(macro: Node) -> int:
    """`select! { a = x => .., b = y => .. }`: one decision per branch after the first."""
    if text(macro.child_by_field_name("macro")) not in SELECT_MACROS:
        return 0
    tree = next((c for c in macro.children if c.type == "token_tree"), None)
    if tree is None:
        return 0
    arrows = sum(1 for c in tree.children if c.type == "=>")
    return max(0, arrows - 1)

