"""Routers bound to names inside one function: `let api = Router::new()..;`, then `api` used.

Shadowing is kept apart (`let app = app.layer(..)`: the `app` inside the value is the earlier
binding), and a value chosen by `if` / `match` is a set of alternatives, each under its
condition (`let routes = if path.is_empty() { routes } else { Router::new().nest(path, routes) }`).
A binding nothing uses is a router of its own (the caller builds it as a root).
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from nova_refactor.frontends.rust.chains import Call, unwind
from nova_refactor.frontends.rust.route_parts import condition_of
from nova_refactor.frontends.rust.syntax import text

BRANCHING = ("if_expression", "match_expression")
MAX_DEPTH = 16  # bindings of bindings followed at most this deep


class Bindings:
    def __init__(self) -> None:
        self.values: dict[str, Node] = {}  # key (a name, or `name#n` once shadowed) -> value
        self.shadowed: list[tuple[int, int, str, str]] = []  # (start, end, name, key) of values
        self.used: set[str] = set()

    def bind(self, name: str, value: Node) -> None:
        if name in self.values:  # uses of `name` inside `value` mean the earlier binding
            key = f"{name}#{len(self.shadowed)}"
            self.values[key] = self.values.pop(name)
            if name in self.used:
                self.used.add(key)
            self.shadowed.append((value.start_byte, value.end_byte, name, key))
        self.values[name] = value

    def key(self, identifier: Node) -> str | None:
        """The binding an identifier names where it is written, None when it names none."""
        if identifier.type != "identifier":
            return None
        name = text(identifier)
        for start, end, shadowed, key in reversed(self.shadowed):
            if shadowed == name and start <= identifier.start_byte < end:
                return key
        return name if name in self.values else None

    def is_bound(self, node: Node) -> bool:
        return self.key(node) is not None

    def expand(self, node: Node) -> tuple[Node, list[Call]]:
        """(root, calls) with bound names replaced by their chains; a root still bound is a
        choice (`if` / `match`): see `alternatives`."""
        root, calls = unwind(node)
        for _ in range(MAX_DEPTH):
            key = self.key(root)
            if key is None or self.values[key].type in BRANCHING:
                break
            self.used.add(key)
            inner_root, inner_calls = unwind(self.values[key])
            root, calls = inner_root, inner_calls + calls
        return root, calls

    def peek(self, node: Node) -> Node:
        """The root `node` is built on (through every binding and the first alternative),
        without marking anything used."""
        root, _ = unwind(node)
        for _ in range(MAX_DEPTH):
            key = self.key(root)
            if key is None:
                break
            value = self.values[key]
            tails = branch_tails(value) if value.type in BRANCHING else [("", value)]
            if not tails:
                break
            root, _ = unwind(tails[0][1])
        return root

    def alternatives(self, root: Node) -> list[tuple[str, Node]]:
        """(condition, value) for a name bound to an `if` / `match` choice; [] otherwise."""
        key = self.key(root)
        if key is None or self.values[key].type not in BRANCHING:
            return []
        self.used.add(key)
        return branch_tails(self.values[key])

    def unused(self) -> Iterator[Node]:
        """Values bound and never used, latest first (later bindings use earlier ones: each is
        checked when its turn comes)."""
        for key in reversed(list(self.values)):
            if key not in self.used:
                self.used.add(key)
                yield self.values[key]


def branch_tails(choice: Node) -> list[tuple[str, Node]]:
    """The value each branch of an `if` / `match` ends with, and the condition it runs under."""
    found = []
    for tail in _tails(choice):
        found.append((condition_of(tail, stop=choice.parent), tail))
    return found


def _tails(choice: Node) -> list[Node]:
    branches: list[Node | None] = []
    if choice.type == "if_expression":
        branches.append(choice.child_by_field_name("consequence"))
        alternative = choice.child_by_field_name("alternative")
        inner = alternative.named_children[0] if alternative is not None else None
        if inner is not None and inner.type == "if_expression":
            return [*_block_tails(branches), *_tails(inner)]
        branches.append(inner)
    else:
        body = choice.child_by_field_name("body")
        branches += [arm.child_by_field_name("value") for arm in
                     (body.named_children if body is not None else ()) if arm.type == "match_arm"]
    return _block_tails(branches)


def _block_tails(branches: list[Node | None]) -> list[Node]:
    """`{ ..; value }` -> value; a bare expression is its own value."""
    tails = []
    for branch in branches:
        if branch is not None and branch.type == "block":
            last = branch.named_children[-1] if branch.named_children else None
            branch = last if last is not None and last.type != "expression_statement" else None
        if branch is not None:
            tails.append(branch)
    return tails

