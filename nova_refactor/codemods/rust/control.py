"""Statements of `fn main` that carry its control flow and must not move.

- The tail expression (`Ok(())`, `server.await`) is main's value: moved out, main would return
  `()` and the function it went to would end in two values.
- A declaration without a value (`let path: String;`) and every statement that assigns the
  name afterwards belong together: split apart, the assignment would write to a parameter
  (a copy), and the compiler rejects the read of a possibly-uninitialised binding.
"""

from __future__ import annotations

from tree_sitter import Node

from nova_refactor.codemods.rust.statements import Stmt
from nova_refactor.frontends.rust.syntax import text, walk

STATEMENT_KINDS = frozenset({"expression_statement", "let_declaration", "empty_statement",
                             "macro_invocation"})


def pinned(stmts: list[Stmt]) -> dict[int, str]:
    """Statement index -> why it stays in main."""
    found: dict[int, str] = {}
    if stmts and is_tail(stmts[-1].node):
        found[stmts[-1].index] = "main's tail expression (its return value) stays in main"
    for stmt in stmts:
        for name in _declared_without_value(stmt.node):
            assigned = _assignments(stmts, stmt, name)
            why = f"`{name}` is declared here and assigned later: they stay together in main"
            for member in (stmt, *assigned) if assigned else ():
                found.setdefault(member.index, why)
    return found


def _assignments(stmts: list[Stmt], declaration: Stmt, name: str) -> list[Stmt]:
    """The later statements that assign `name` as declared by `declaration`."""
    return [s for s in stmts[declaration.index + 1:]
            if s.reaching.get(name) == declaration.index and _assigns(s.node, name)]


def is_tail(node: Node) -> bool:
    """The block's last expression, written without `;`."""
    if node.next_named_sibling is not None or node.type in STATEMENT_KINDS:
        return False
    if node.type.endswith("_item") or node.type in ("line_comment", "block_comment"):
        return False
    after = node.next_sibling
    return after is None or after.type == "}"


def _declared_without_value(node: Node) -> list[str]:
    if node.type != "let_declaration" or node.child_by_field_name("value") is not None:
        return []
    pattern = node.child_by_field_name("pattern")
    return [text(n) for n in walk(pattern) if n.type == "identifier"] if pattern else []


def _assigns(node: Node, name: str) -> bool:
    for child in walk(node):
        if child.type in ("assignment_expression", "compound_assignment_expr"):
            left = child.child_by_field_name("left")
            if left is not None and text(left) == name:
                return True
    return False
