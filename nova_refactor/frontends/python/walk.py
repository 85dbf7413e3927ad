"""The one walk over a module's AST: the shared index plus radon's complexity and Halstead counts.

radon's `ComplexityVisitor` and `HalsteadVisitor` and our index each walked the whole tree;
this walk does all three at once, with radon's rules:

- complexity: decision points (`if`, ternaries, loops and their `else`, `except` handlers and
  a `try`'s `else`, extra boolean operands, comprehension loops and ifs, `match` cases but a
  catch-all, `assert`) counted in function bodies, class bodies and at module level. Like
  radon, decorators, parameters and class bases are not visited for complexity, and nothing
  inside an `assert` counts;
- Halstead: operators and operands of binary, unary, boolean, augmented-assignment and
  comparison expressions; operands are distinct per (innermost function name, name or
  attribute or constant value). Function decorators and parameters are not visited.

Equality with `radon cc` and `radon mi` is checked in the tests and in the benchmark.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from nova_refactor.frontends.python.index import FunctionNode, ModuleIndex, ScopedFunction

# Fields that never hold child nodes we need (names, contexts, operators, flags).
SKIPPED_FIELDS = frozenset(
    {"ctx", "op", "ops", "id", "name", "attr", "arg", "module", "level", "names", "asname",
     "type_comment", "kind", "conversion", "is_async", "rest", "simple", "tag", "kwd_attrs"}
)
LEAVES = (ast.Name, ast.Constant, ast.Pass, ast.Break, ast.Continue, ast.Nonlocal,
          ast.MatchSingleton, ast.alias)
_FIELDS: dict[type, tuple[str, ...]] = {leaf: () for leaf in LEAVES}
_SKIPPED = frozenset({*LEAVES, type(None)})


@dataclass(slots=True)
class Halstead:
    operators: int = 0
    operands: int = 0
    operator_names: set[str] = field(default_factory=set)
    operand_keys: set[object] = field(default_factory=set)


@dataclass(slots=True)
class Measures:
    """Complexity and Halstead counts of one module."""

    halstead: Halstead = field(default_factory=Halstead)
    decision_points: dict[int, int] = field(default_factory=dict)  # id(function node) -> count
    total_complexity: int = 1  # radon's `ComplexityVisitor.total_complexity` of the module


def _fields(node_type: type[ast.AST]) -> tuple[str, ...]:
    found = _FIELDS.get(node_type)
    if found is None:
        found = _FIELDS[node_type] = tuple(
            f for f in node_type._fields if f not in SKIPPED_FIELDS
        )
    return found


def _operand_key(node: ast.AST) -> object:
    kind = type(node)
    if kind is ast.Name:
        return node.id  # type: ignore[attr-defined]
    if kind is ast.Attribute:
        return node.attr  # type: ignore[attr-defined]
    if kind is ast.Constant:
        return node.value  # type: ignore[attr-defined]
    return node  # radon keys any other operand by the node itself


class _Walker:
    def __init__(self, index: ModuleIndex, measures: Measures) -> None:
        self.index = index
        self.measures = measures
        self.halstead = measures.halstead
        self.scope: list[str] = []  # qualified-name parts of enclosing defs and classes
        self.kinds: list[str] = []  # "function" or "class" for each part
        self.function_scope = ""
        self.context: str | None = None  # Halstead's context: the innermost function's name
        self.module_points = [0]
        self.sink: list[int] | None = self.module_points  # decision points go here; None: off
        self.count_halstead = True
        self.counted: list[tuple[list[int], int]] = []  # (points, +1 per method) in the total
        self.function_points: dict[int, list[int]] = {}  # id(function node) -> [count]
        # each handler takes the node type it is keyed by
        self.handlers: dict[type, Callable[[Any], None]] = {
            ast.FunctionDef: self.visit_function,
            ast.AsyncFunctionDef: self.visit_function,
            ast.ClassDef: self.visit_class,
            ast.Call: self.visit_call,
            ast.With: self.visit_with,
            ast.AsyncWith: self.visit_with,
            ast.Global: self.visit_global,
            ast.Assign: self.visit_assign,
            ast.AnnAssign: self.visit_assign,
            ast.Await: self.visit_await,
            ast.Import: self.visit_import,
            ast.ImportFrom: self.visit_import,
            ast.Attribute: self.visit_attribute,
            ast.Assert: self.visit_assert,
            ast.BinOp: self.visit_binop,
            ast.UnaryOp: self.visit_unaryop,
            ast.BoolOp: self.visit_boolop,
            ast.AugAssign: self.visit_augassign,
            ast.Compare: self.visit_compare,
            ast.If: self.visit_branch,
            ast.IfExp: self.visit_branch,
            ast.For: self.visit_loop,
            ast.AsyncFor: self.visit_loop,
            ast.While: self.visit_loop,
            ast.Try: self.visit_try,
            ast.Match: self.visit_match,
            ast.comprehension: self.visit_comprehension,
        }

    def visit(self, node: ast.AST) -> None:
        handler = self.handlers.get(type(node))
        if handler is None:
            self.generic(node)
        else:
            handler(node)

    def generic(self, node: ast.AST) -> None:
        # The hottest loop of a run: dispatch is inlined and leaves (names, constants: half of
        # all nodes) are skipped without a call.
        handlers, generic = self.handlers, self.generic
        for name in _FIELDS.get(type(node)) or _fields(type(node)):
            value = getattr(node, name)
            for child in value if type(value) is list else (value,):
                kind = type(child)
                if kind in _SKIPPED:
                    continue
                handler = handlers.get(kind)
                if handler is None:
                    generic(child)
                else:
                    handler(child)

    def visit_all(self, nodes: Sequence[ast.AST]) -> None:
        for node in nodes:
            if node is not None:
                self.visit(node)

    # -- complexity ------------------------------------------------------------------------

    def _points(self, count: int) -> None:
        if self.sink is not None:
            self.sink[0] += count

    def visit_branch(self, node: ast.If | ast.IfExp) -> None:
        self._points(1)
        self.generic(node)

    def visit_loop(self, node: ast.For | ast.AsyncFor | ast.While) -> None:
        self._points(1 + bool(node.orelse))
        self.generic(node)

    def visit_try(self, node: ast.Try) -> None:
        self._points(len(node.handlers) + bool(node.orelse))
        self.generic(node)

    def visit_match(self, node: ast.Match) -> None:
        catch_all = any(getattr(case.pattern, "pattern", False) is None for case in node.cases)
        self._points(max(0, len(node.cases) - catch_all))
        self.generic(node)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        self._points(1 + len(node.ifs))
        self.generic(node)

    def visit_assert(self, node: ast.Assert) -> None:
        self._points(1)
        sink, self.sink = self.sink, None  # radon does not look inside an assert
        self.generic(node)
        self.sink = sink

    # -- Halstead --------------------------------------------------------------------------

    def _operation(self, operators: int, names: list[str], operands: Sequence[ast.AST]) -> None:
        if not self.count_halstead:
            return
        halstead, context = self.halstead, self.context
        halstead.operators += operators
        halstead.operands += len(operands)
        halstead.operator_names.update(names)
        halstead.operand_keys.update((context, _operand_key(o)) for o in operands)

    def visit_binop(self, node: ast.BinOp) -> None:
        self._operation(1, [type(node.op).__name__], [node.left, node.right])
        self.generic(node)

    def visit_unaryop(self, node: ast.UnaryOp) -> None:
        self._operation(1, [type(node.op).__name__], [node.operand])
        self.generic(node)

    def visit_boolop(self, node: ast.BoolOp) -> None:
        self._points(len(node.values) - 1)
        self._operation(1, [type(node.op).__name__], node.values)
        self.generic(node)

    def visit_augassign(self, node: ast.AugAssign) -> None:
        self.index.augassigns.append((node, self.function_scope))
        self._operation(1, [type(node.op).__name__], [node.target, node.value])
        self.generic(node)

    def visit_compare(self, node: ast.Compare) -> None:
        names = [type(op).__name__ for op in node.ops]
        self._operation(len(node.ops), names, [*node.comparators, node.left])
        self.generic(node)

    # -- definitions -----------------------------------------------------------------------

    def visit_function(self, node: FunctionNode) -> None:
        qualname = ".".join([*self.scope, node.name])
        is_method = bool(self.kinds) and self.kinds[-1] == "class"
        in_function = "function" in self.kinds
        self.index.functions.append(ScopedFunction(node, qualname, is_method, in_function))
        points = self.function_points[id(node)] = [0]  # a cell: the sink while in the body
        if not self.kinds:
            self.counted.append((points, 0))
        elif self.kinds == ["class"]:
            self.counted.append((points, 1))
        self.index.signatures.append(node.args)
        if node.returns is not None:
            self.index.signatures.append(node.returns)
        saved = (self.sink, self.count_halstead)
        self.sink, self.count_halstead = None, False  # decorators count for neither metric
        self.visit_all(node.decorator_list)
        outer = (self.function_scope, self.context)
        self.sink, self.count_halstead = points, saved[1]
        self.scope.append(node.name)
        self.kinds.append("function")
        self.function_scope, self.context = qualname, node.name
        self.visit_all(node.body)
        self.function_scope, self.context = outer
        self.scope.pop()
        self.kinds.pop()
        self.sink, self.count_halstead = saved

    def visit_class(self, node: ast.ClassDef) -> None:
        self.index.classes.append((node, ".".join([*self.scope, node.name])))
        sink = self.sink
        self.sink = None  # bases, keywords and decorators: Halstead only
        self.visit_all(node.bases)
        self.visit_all(node.keywords)
        self.visit_all(node.decorator_list)
        self.sink = [0]
        if not self.kinds:
            self.counted.append((self.sink, 0))
        self.scope.append(node.name)
        self.kinds.append("class")
        self.visit_all(node.body)
        self.scope.pop()
        self.kinds.pop()
        self.sink = sink

    # -- index -----------------------------------------------------------------------------

    def visit_call(self, node: ast.Call) -> None:
        self.index.calls.append((node, self.function_scope))
        self.generic(node)

    def visit_with(self, node: ast.With | ast.AsyncWith) -> None:
        self.index.withs.append((node, self.function_scope))
        self.generic(node)

    def visit_global(self, node: ast.Global) -> None:
        self.index.globals.append((node, self.function_scope))

    def visit_assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        self.index.assigns.append((node, self.function_scope))
        self.generic(node)

    def visit_await(self, node: ast.Await) -> None:
        self.index.awaits_in.add(self.function_scope)
        self.generic(node)

    def visit_import(self, node: ast.Import | ast.ImportFrom) -> None:
        self.index.imports.append(node)

    def visit_attribute(self, node: ast.Attribute) -> None:
        chain = attribute_chain(node)
        if chain:
            self.index.chains.add(chain)  # inner chains are its prefixes: nothing left below
        else:
            self.generic(node)  # `f().x`, `a[0].x`: chains may start further down


def attribute_chain(node: ast.Attribute) -> str:
    """`a.b.c` when the chain ends at a name, else ""."""
    parts = [node.attr]
    value = node.value
    while type(value) is ast.Attribute:
        parts.append(value.attr)
        value = value.value
    if type(value) is not ast.Name:
        return ""
    parts.append(value.id)
    return ".".join(reversed(parts))


def walk_module(tree: ast.Module) -> tuple[ModuleIndex, Measures]:
    """Index and measure a module in one walk."""
    index, measures = ModuleIndex(tree=tree), Measures()
    walker = _Walker(index, measures)
    try:
        walker.visit_all(tree.body)
    finally:
        walker.handlers.clear()  # bound methods refer back to the walker: break the cycle
    measures.decision_points = {key: cell[0] for key, cell in walker.function_points.items()}
    module = walker.module_points[0]
    measures.total_complexity = 1 + module + sum(p[0] + extra for p, extra in walker.counted)
    return index, measures
