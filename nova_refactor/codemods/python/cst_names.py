"""Names written in libcst expressions, shared by the codemods that read them."""

from __future__ import annotations

import libcst as cst


def dotted(node: cst.BaseExpression) -> str:
    """`a.b.c` for a name or an attribute chain of names, "" for anything else (a call, a
    subscript): unlike libcst's `get_full_name_for_node`, `f().x` is not `f.x`."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(node.value)
        return f"{head}.{node.attr.value}" if head else ""
    return ""
