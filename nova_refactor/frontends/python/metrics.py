"""Sizes, cyclomatic complexity and maintainability with radon's rules, from one AST.

radon is used as a library on the tree we already parsed. Complexity per function is radon's
value for every function radon reports; in addition we report what radon drops: methods of
classes defined inside functions (computed with radon's own visitor on that class node).
The maintainability index is radon's `mi_visit(code, multi=True)` (the `radon mi` default)
re-assembled from the same parts without parsing the file again.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Iterable

from radon.metrics import mi_compute
from radon.raw import analyze as raw_analyze
from radon.visitors import Class, ComplexityVisitor, Function, HalsteadVisitor

from nova_refactor.frontends.python.index import ModuleIndex
from nova_refactor.model import ClassFacts, FunctionFacts, LineCounts


def line_counts(text: str) -> tuple[LineCounts, int]:
    """radon's raw metrics as LineCounts, plus the comment line count MI uses."""
    raw = raw_analyze(text)
    counts = LineCounts(
        physical=raw.loc,
        code=raw.sloc,
        comment=raw.single_comments + raw.multi,
        blank=raw.blank,
        logical=raw.lloc,
    )
    return counts, raw.comments + raw.multi


def plain_line_counts(text: str) -> LineCounts:
    """For files that do not tokenize: physical and blank lines only."""
    lines = text.splitlines()
    blank = sum(1 for line in lines if not line.strip())
    return LineCounts(physical=len(lines), code=len(lines) - blank, blank=blank)


def _radon_complexities(blocks: Iterable[Function | Class]) -> dict[tuple[int, int], int]:
    """(line, column) of every function radon reports -> its complexity."""
    found: dict[tuple[int, int], int] = {}
    pending = list(blocks)
    while pending:
        block = pending.pop()
        if isinstance(block, Class):
            pending.extend(block.methods)
            pending.extend(block.inner_classes)
        else:
            found[(block.lineno, block.col_offset)] = block.complexity
            pending.extend(block.closures)
    return found


def functions_and_classes(
    index: ModuleIndex, visitor: ComplexityVisitor, handlers: set[str]
) -> tuple[tuple[FunctionFacts, ...], tuple[ClassFacts, ...]]:
    known = _radon_complexities(visitor.blocks)
    functions = []
    for scoped in index.functions:
        node = scoped.node
        complexity = known.get((node.lineno, node.col_offset))
        if complexity is None:  # radon drops methods of classes defined inside functions
            complexity = ComplexityVisitor.from_ast(node).functions[0].complexity
        functions.append(
            FunctionFacts(
                name=scoped.qualname,
                line=node.lineno,
                end_line=node.end_lineno or node.lineno,
                complexity=complexity,
                is_async=isinstance(node, ast.AsyncFunctionDef),
                is_method=scoped.is_method,
                is_handler=scoped.qualname in handlers,
            )
        )
    classes = tuple(
        ClassFacts(
            name=qualname,
            line=node.lineno,
            end_line=node.end_lineno or node.lineno,
            bases=tuple(ast.unparse(base) for base in node.bases),
        )
        for node, qualname in index.classes
    )
    return tuple(functions), classes


def maintainability(
    tree: ast.Module, visitor: ComplexityVisitor, counts: LineCounts, comment_lines: int
) -> float:
    halstead = HalsteadVisitor.from_ast(tree)
    distinct = halstead.distinct_operators + halstead.distinct_operands
    length = halstead.operators + halstead.operands
    volume = length * math.log(distinct, 2) if distinct else 0  # radon's own expression
    comments = comment_lines / counts.code * 100 if counts.code else 0
    return round(mi_compute(volume, visitor.total_complexity, counts.logical, comments), 2)

