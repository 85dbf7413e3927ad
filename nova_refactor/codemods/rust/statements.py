"""The statements of `fn main` with what a slicer needs: their kind, the bindings each
defines and uses (also inside closures), how each use is made (by reference, or by value: moved
into a `move` closure, passed bare), and whether it returns, awaits or uses `?`.

Def-use follows shadowing: a use refers to the latest `let` of that name before it, so
`let config = config.validate()?;` uses the earlier `config` and defines a new one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from nova_refactor.frontends.rust.syntax import line, text, walk

# Parents under which an identifier is read through a reference or copied, never moved.
BORROWING = frozenset({"reference_expression", "field_expression", "macro_invocation",
                       "token_tree", "index_expression", "binary_expression",
                       "compound_assignment_expr", "unary_expression"})
OPAQUE = frozenset({"closure_expression", "async_block", "function_item"})
SKIPPED = frozenset({"line_comment", "block_comment", "empty_statement", "attribute_item"})


@dataclass
class Stmt:
    node: Node
    index: int
    start: int  # first byte, after the comments above it
    lead: int  # first byte of the comments directly above it (== start without any)
    kind: str
    defines: tuple[str, ...]
    mutable: frozenset[str]  # names it binds with `mut`
    uses: frozenset[str]
    by_value: frozenset[str]  # names moved into a `move` closure/block or passed bare
    returns: bool
    tries: bool
    awaits: bool
    reaching: dict[str, int] = field(default_factory=dict)  # used name -> defining stmt index
    attributed: bool = False  # `#[cfg(..)]` and the like above it: it applies where it stands
    why: str = ""  # the anatomy's reason for the segment it is in

    @property
    def end(self) -> int:
        return self.node.end_byte

    @property
    def line(self) -> int:
        return line(self.node)

    @property
    def end_line(self) -> int:
        return self.node.end_point[0] + 1


def main_function(root: Node) -> Node | None:
    return next((n for n in root.named_children if n.type == "function_item"
                 and text(n.child_by_field_name("name")) == "main"), None)


def statements(main: Node, kinds: dict[int, tuple[str, str]]) -> list[Stmt]:
    """`kinds` maps a line to the anatomy kind of the segment covering it, and its reason."""
    body = main.child_by_field_name("body")
    found: list[Stmt] = []
    lead: int | None = None
    for node in body.named_children if body is not None else ():
        if node.type in SKIPPED:
            if node.type != "empty_statement" and lead is None:
                lead = node.start_byte
            continue
        defines, mutable = _bindings(node)
        uses, by_value = _uses(node)
        previous = node.prev_named_sibling
        found.append(Stmt(
            attributed=previous is not None and previous.type == "attribute_item",
            node=node, index=len(found), start=node.start_byte,
            lead=lead if lead is not None else node.start_byte,
            kind=kinds.get(line(node), ("other", ""))[0],
            why=kinds.get(line(node), ("", "no segment"))[1], defines=defines, mutable=mutable,
            uses=frozenset(uses), by_value=frozenset(by_value),
            returns=_has(node, "return_expression"), tries=_has(node, "try_expression"),
            awaits=_has(node, "await_expression"),
        ))
        lead = None
    _link(found)
    return found


def _link(found: list[Stmt]) -> None:
    latest: dict[str, int] = {}
    for stmt in found:
        stmt.reaching = {name: latest[name] for name in stmt.uses if name in latest}
        for name in stmt.defines:
            latest[name] = stmt.index


def _bindings(node: Node) -> tuple[tuple[str, ...], frozenset[str]]:
    pattern = node.child_by_field_name("pattern") if node.type == "let_declaration" else None
    if pattern is None:
        return (), frozenset()
    names, mutable = [], set()
    for child in _bound(pattern):
        names.append(text(child))
        if child.parent is not None and child.parent.type == "mut_pattern":
            mutable.add(text(child))
    return tuple(dict.fromkeys(names)), frozenset(mutable)


def _bound(pattern: Node) -> Iterator[Node]:
    """The identifiers a `let` pattern binds, in order."""
    for child in walk(pattern):
        if child.type not in ("identifier", "shorthand_field_identifier"):
            continue
        parent = child.parent
        if parent is not None and (parent.type == "scoped_identifier" or parent.type in (
                "tuple_struct_pattern", "struct_pattern") and
                parent.child_by_field_name("type") == child):
            continue  # a path or the variant/struct name of the pattern
        yield child


def _uses(node: Node) -> tuple[set[str], set[str]]:
    """Identifiers read by `node` (its `let` pattern excluded) and those it uses by value."""
    scope = node.child_by_field_name("value") if node.type == "let_declaration" else node
    uses: set[str] = set()
    by_value: set[str] = set()
    if scope is None:
        return uses, by_value
    for child in walk(scope):
        if child.type == "string_literal" and _in_macro(child):
            uses |= captured(text(child))  # `format!("{base}/row")` reads `base`
        if not _local_name(child):
            continue
        name = text(child)
        uses.add(name)
        if _moved(child, scope) or _scrutinee_root(child):
            by_value.add(name)
    return uses, by_value


def _local_name(node: Node) -> bool:
    """An identifier that may name a local binding (`handlers::digest` names an item)."""
    return node.type in ("identifier", "shorthand_field_identifier") and \
        (node.parent is None or node.parent.type != "scoped_identifier")


CAPTURE = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:[:}])")


def captured(literal: str) -> set[str]:
    """Names a format string captures (Rust 2021 inline arguments): `{base}`, `{x:?}`; not
    `{{escaped}}` nor positional `{0}`."""
    return set(CAPTURE.findall(literal.replace("{{", "")))


def _in_macro(node: Node) -> bool:
    parent = node.parent
    while parent is not None and parent.type == "token_tree":
        parent = parent.parent
    return parent is not None and parent.type == "macro_invocation"


def _scrutinee_root(ident: Node) -> bool:
    """`match cli.command { Commands::Migrate { steps } => .. }` moves out of `cli`."""
    node = ident
    while node.parent is not None and node.parent.type == "field_expression" and \
            node.parent.child_by_field_name("value") == node:
        node = node.parent
    parent = node.parent
    return node is not ident and parent is not None and parent.type == "match_expression" \
        and parent.child_by_field_name("value") == node


def _moved(ident: Node, scope: Node) -> bool:
    parent = ident.parent
    if parent is None:
        return False
    if _in_move_closure(ident, scope):
        return True
    if parent.type in BORROWING:
        return False
    if parent.type == "call_expression" and parent.child_by_field_name("function") == ident:
        return False  # a function called by name
    if parent.type == "scoped_identifier":
        return False  # a path segment
    return parent.type in ("arguments", "shorthand_field_initializer", "field_initializer",
                           "match_expression", "let_declaration", "return_expression",
                           "assignment_expression", "tuple_expression", "array_expression",
                           "await_expression", "try_expression", "let_condition")


def _in_move_closure(ident: Node, scope: Node) -> bool:
    parent = ident.parent
    while parent is not None and parent != scope.parent:
        if parent.type in ("closure_expression", "async_block") and \
                any(c.type == "move" for c in parent.children):
            return True
        parent = parent.parent
    return False


def _has(node: Node, kind: str) -> bool:
    """`kind` under `node` outside closures and async blocks (whose own control flow it is)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == kind:
            return True
        stack.extend(c for c in current.children if c.type not in OPAQUE)
    return False
