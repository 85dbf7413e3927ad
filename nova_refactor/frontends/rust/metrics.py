"""Line counts and a Halstead-based maintainability index for Rust, from the syntax tree.

A line is a comment line when everything on it that is not whitespace belongs to a comment
(`//`, `///`, `//!`, `/* */`); string contents (also multi-line raw strings) are code.
"""

from __future__ import annotations

import math

from radon.metrics import mi_compute
from tree_sitter import Node

from nova_refactor.frontends.rust.syntax import walk
from nova_refactor.model import LineCounts

COMMENT_KINDS = frozenset({"line_comment", "block_comment"})
STATEMENT_KINDS = frozenset({
    "let_declaration", "expression_statement", "function_item", "struct_item", "enum_item",
    "impl_item", "trait_item", "use_declaration", "const_item", "static_item", "type_item",
    "mod_item", "macro_definition",
})
OPERAND_KINDS = frozenset({
    "identifier", "field_identifier", "type_identifier", "integer_literal", "float_literal",
    "string_literal", "raw_string_literal", "char_literal", "boolean_literal", "primitive_type",
    "self", "shorthand_field_identifier",
})


def plain_line_counts(data: bytes) -> LineCounts:
    lines = data.splitlines()
    blank = sum(1 for raw in lines if not raw.strip())
    return LineCounts(physical=len(lines), code=len(lines) - blank, blank=blank)


def line_counts(data: bytes, root: Node) -> LineCounts:
    lines = data.splitlines(keepends=True)
    starts = [0]
    for raw in lines:
        starts.append(starts[-1] + len(raw))
    masked = bytearray(data)
    statements = 0
    for node in walk(root):
        if node.type in COMMENT_KINDS:
            masked[node.start_byte : node.end_byte] = b" " * (node.end_byte - node.start_byte)
        elif node.type in STATEMENT_KINDS:
            statements += 1
    code = comment = blank = 0
    for number, raw in enumerate(lines):
        if not raw.strip():
            blank += 1
        elif masked[starts[number] : starts[number + 1]].strip():
            code += 1
        else:
            comment += 1
    return LineCounts(physical=len(lines), code=code, comment=comment, blank=blank,
                      logical=statements)


def maintainability(root: Node, counts: LineCounts, complexity: int) -> float:
    """radon's MI formula, with Halstead volume from the tree's tokens (operands: names and
    literals; operators: every other token)."""
    operators: dict[str, int] = {}
    operands: dict[str, int] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in COMMENT_KINDS:
            continue
        if node.type in OPERAND_KINDS:
            key = node.text.decode("utf-8", "replace") if node.text else ""
            operands[key] = operands.get(key, 0) + 1
        elif node.child_count == 0:
            operators[node.type] = operators.get(node.type, 0) + 1
        else:
            stack.extend(node.children)
    vocabulary = len(operators) + len(operands)
    length = sum(operators.values()) + sum(operands.values())
    volume = length * math.log2(vocabulary) if vocabulary > 1 else 0.0
    percent = 100.0 * counts.comment / counts.code if counts.code else 0.0  # as radon does
    return round(mi_compute(volume, complexity, counts.code, percent), 2)
