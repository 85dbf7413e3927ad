"""Blank lines between top-level statements after a split: only ever added, never removed.

Statements that were apart in the entrypoint become neighbours in a new module; PEP 8 wants
two blank lines around definitions and one after the import block.
"""

from __future__ import annotations

import libcst as cst

_DEFS = (cst.FunctionDef, cst.ClassDef)


def _is_import(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.SimpleStatementLine) and all(
        isinstance(s, (cst.Import, cst.ImportFrom)) for s in node.body)


def _wanted(prev: cst.CSTNode, cur: cst.CSTNode) -> int:
    if isinstance(prev, _DEFS) or isinstance(cur, _DEFS):
        return 2
    if _is_import(prev) != _is_import(cur):
        return 1
    if _is_import(prev) and _future(prev) and not _future(cur):
        return 1
    return 0


def _future(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.SimpleStatementLine) and any(
        isinstance(s, cst.ImportFrom) and isinstance(s.module, cst.Name)
        and s.module.value == "__future__" for s in node.body)


def normalize_spacing(module: cst.Module) -> cst.Module:
    body = list(module.body)
    for i in range(1, len(body)):
        node = body[i]
        lines = getattr(node, "leading_lines", None)
        if lines is None:
            continue
        missing = _wanted(body[i - 1], node) - sum(1 for line in lines if line.comment is None)
        if missing > 0:
            body[i] = node.with_changes(leading_lines=[cst.EmptyLine()] * missing + list(lines))
    return module.with_changes(body=body)
