"""Sizes, cyclomatic complexity and maintainability with radon's rules, from one AST walk.

Complexity per function is radon's (`radon cc`) for every function radon reports; in addition
we report what radon drops: methods of classes defined inside functions, with the same rule.
The maintainability index is radon's `mi_visit(code, multi=True)` (the `radon mi` default)
assembled from the walk's Halstead counts and total complexity and the raw line counts,
without parsing or tokenizing the file again.
"""

from __future__ import annotations

import ast
import math

from nova_refactor.frontends.python.calls import plain_dotted
from nova_refactor.frontends.python.index import ModuleIndex
from nova_refactor.frontends.python.rawlines import raw_counts
from nova_refactor.frontends.python.walk import Measures
from nova_refactor.model import ClassFacts, FunctionFacts, LineCounts


def line_counts(text: str) -> tuple[LineCounts, int]:
    """radon's raw metrics as LineCounts, plus the comment line count MI uses."""
    raw = raw_counts(text)
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


def functions_and_classes(
    index: ModuleIndex, measures: Measures, handlers: set[str]
) -> tuple[tuple[FunctionFacts, ...], tuple[ClassFacts, ...]]:
    points = measures.decision_points
    functions = tuple(
        FunctionFacts(
            name=scoped.qualname,
            line=scoped.node.lineno,
            end_line=scoped.node.end_lineno or scoped.node.lineno,
            complexity=1 + points[id(scoped.node)],
            is_async=isinstance(scoped.node, ast.AsyncFunctionDef),
            is_method=scoped.is_method,
            is_handler=scoped.qualname in handlers,
        )
        for scoped in index.functions
    )
    classes = tuple(
        ClassFacts(
            name=qualname,
            line=node.lineno,
            end_line=node.end_lineno or node.lineno,
            # a dotted name is its own source text; unparse (an object per call) the rest
            bases=tuple(plain_dotted(base) or ast.unparse(base) for base in node.bases),
        )
        for node, qualname in index.classes
    )
    return functions, classes


def mi_compute(volume: float, complexity: int, sloc: int, comments: float) -> float:
    """radon.metrics.mi_compute, verbatim (importing radon.metrics costs more than this)."""
    if volume <= 0 or sloc <= 0:
        return 100.0
    nn_mi = (
        171
        - 5.2 * math.log(volume)
        - 0.23 * complexity
        - 16.2 * math.log(sloc)
        + 50 * math.sin(math.sqrt(2.46 * math.radians(comments)))
    )
    return min(max(0.0, nn_mi * 100 / 171.0), 100.0)


def maintainability(measures: Measures, counts: LineCounts, comment_lines: int) -> float:
    halstead = measures.halstead
    distinct = len(halstead.operator_names) + len(halstead.operand_keys)
    length = halstead.operators + halstead.operands
    volume = length * math.log(distinct, 2) if distinct else 0  # radon's own expression
    comments = comment_lines / float(counts.code) * 100 if counts.code else 0
    return round(mi_compute(volume, measures.total_complexity, counts.logical, comments), 2)
