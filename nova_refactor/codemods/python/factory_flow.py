"""What an app factory's body binds and reads, statement by statement, from libcst's scope
analysis: the facts that decide whether a run of its statements can move into a module-level
function (a builder of closures, a set-up phase) without changing what any statement sees.

Three facts matter. Where each local of the factory is bound (a parameter counts as bound
before the body). Where it is read, and whether the read happens later than the statement
holding it: a read inside a nested function or lambda runs when that is called, and sees the
value the name has then (late binding), while a read at the factory's level or in a class body
or comprehension happens on the spot. And which names are *definitely* bound once a statement
has run: an assignment at the statement's own level, both branches of an `if`/`else`, the
body of a `try` whose every handler re-raises; never a loop body, a walrus or an `except`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import FunctionScope, Scope

from nova_refactor.codemods.python.lifted_facts import FactoryBody

BEFORE_BODY = 0  # the line of a parameter's binding: before every statement of the body
# calls that read the calling frame or module: moved into another function, they see that
FRAME_CALLS = frozenset({"eval", "exec", "globals"})
BARE_FRAME_CALLS = frozenset({"locals", "vars", "dir", "super"})  # without arguments


@dataclass(frozen=True, slots=True)
class Read:
    line: int
    late: bool  # inside a nested function or lambda: runs when that is called


class FactoryFlow:
    """Bindings and reads of the factory's own locals, by line and by statement."""

    def __init__(self, body: FactoryBody) -> None:
        self.body = body
        self.bindings: dict[str, list[int]] = {}
        self.reads: dict[str, list[Read]] = {}
        self.params: set[str] = set()
        handlers = _handler_names(body)
        for assignment in body.scope.assignments:
            name = assignment.name.partition(".")[0]
            node = getattr(assignment, "node", None)
            if id(node) in handlers:
                continue  # `except E as e`: deleted at the end of its handler, read only there
            if isinstance(node, cst.Param):
                self.params.add(name)
                self.bindings.setdefault(name, []).append(BEFORE_BODY)
            else:
                line = body.line(node)
                self.bindings.setdefault(name, []).append(line if line is not None else -1)
            for access in assignment.references:
                at = body.line(access.node)
                inside = handlers.values()
                if at is not None and not any(n == name and lo <= at <= hi
                                              for n, lo, hi in inside):
                    late = _late(access.scope, body.scope)
                    self.reads.setdefault(name, []).append(Read(at, late))
        self.definite_before = _definite_before(body.stmts, self.params)

    def span(self, first: int, last: int) -> tuple[int, int]:
        return self.body.spans[first][0], self.body.spans[last][1]

    def bound_in(self, first: int, last: int) -> set[str]:
        """Locals with a binding inside statements first..last."""
        lo, hi = self.span(first, last)
        return {n for n, lines in self.bindings.items() if any(lo <= x <= hi for x in lines)}

    def read_in(self, first: int, last: int, late_only: bool = False) -> set[str]:
        lo, hi = self.span(first, last)
        return {n for n, reads in self.reads.items()
                if any(lo <= r.line <= hi and (r.late or not late_only) for r in reads)}

    def read_outside(self, name: str, first: int, last: int) -> bool:
        lo, hi = self.span(first, last)
        return any(not lo <= r.line <= hi for r in self.reads.get(name, ()))

    def bound_outside_from(self, name: str, first: int, last: int) -> int | None:
        """The first line binding `name` after statements first..last (-1: unknown)."""
        hi = self.span(first, last)[1]
        found = [x for x in self.bindings.get(name, ()) if x > hi or x < 0]
        return min(found) if found else None

    def late_reader_before(self, name: str, first: int) -> int | None:
        """A nested function before statement `first` that reads `name` when called."""
        lo = self.span(first, first)[0]
        found = [r.line for r in self.reads.get(name, ()) if r.late and r.line < lo]
        return min(found) if found else None

    def definite_after(self, first: int, last: int) -> set[str]:
        """Names definitely bound once statements first..last have run."""
        return self.definite_before[last + 1]


def _handler_names(body: FactoryBody) -> dict[int, tuple[str, int, int]]:
    """id(name node) -> (name, first line, last line) of each `except ... as name` handler
    at the factory's own level."""
    found = {}
    for stmt in body.stmts:
        for node in _own_level(stmt):
            if isinstance(node, cst.ExceptHandler) and node.name is not None \
                    and isinstance(node.name.name, cst.Name):
                position = body.positions.get(node)
                if position is not None:
                    found[id(node.name.name)] = (node.name.name.value, position.start.line,
                                                 position.end.line)
    return found


def _late(scope: Scope | None, factory: Scope) -> bool:
    """Whether a read in `scope` (the factory's or one nested in it) runs later than the
    statement holding it: some function or lambda between them."""
    while scope is not None and scope is not factory:
        if isinstance(scope, FunctionScope):
            return True
        scope = scope.parent
    return False


def _definite_before(stmts: Sequence[cst.BaseStatement], params: set[str]) -> list[set[str]]:
    """For each statement index, the names definitely bound before it (and one more entry:
    after the last)."""
    found = [set(params)]
    for stmt in stmts:
        found.append(found[-1] | definitely_binds(stmt))
    return found


def definitely_binds(stmt: cst.BaseStatement) -> set[str]:
    """Names a statement binds on every path that completes normally."""
    if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
        return {stmt.name.value}
    if isinstance(stmt, cst.SimpleStatementLine):
        return set().union(*(_small_binds(small) for small in stmt.body))
    if isinstance(stmt, cst.If):
        return _if_binds(stmt)
    if isinstance(stmt, cst.With):
        return _block(stmt.body) | {n for item in stmt.items if item.asname is not None
                                    for n in _targets(item.asname.name)}
    if isinstance(stmt, cst.Try):
        return _try_binds(stmt)
    return set()  # for / while / match / try*: may run no branch that binds


def _if_binds(stmt: cst.If) -> set[str]:
    """Both branches must bind: `if` alone may bind nothing."""
    other = stmt.orelse
    if other is None:
        return set()
    rest = definitely_binds(other) if isinstance(other, cst.If) else _block(other.body)
    return _block(stmt.body) & rest


def _try_binds(stmt: cst.Try) -> set[str]:
    """The body's (and else's) when every handler re-raises; `finally`'s always."""
    always = _block(stmt.finalbody.body) if stmt.finalbody is not None else set()
    if not all(_reraises(handler) for handler in stmt.handlers):
        return always
    extra = _block(stmt.orelse.body) if stmt.orelse is not None else set()
    return _block(stmt.body) | extra | always


def _block(block: cst.BaseSuite) -> set[str]:
    if isinstance(block, cst.SimpleStatementSuite):  # `if x: y = 1` on one line
        return set().union(*(_small_binds(small) for small in block.body))
    assert isinstance(block, cst.IndentedBlock)
    return set().union(*(definitely_binds(s) for s in block.body))


def _reraises(handler: cst.ExceptHandler) -> bool:
    body = handler.body.body if isinstance(handler.body, cst.IndentedBlock) else ()
    last = body[-1] if body else None
    return isinstance(last, cst.SimpleStatementLine) and isinstance(last.body[-1], cst.Raise)


def _small_binds(small: cst.BaseSmallStatement) -> set[str]:
    if isinstance(small, cst.Assign):
        return set().union(*(_targets(t.target) for t in small.targets))
    if isinstance(small, (cst.AnnAssign, cst.AugAssign)):
        value = getattr(small, "value", None)
        return _targets(small.target) if value is not None else set()
    if isinstance(small, (cst.Import, cst.ImportFrom)):
        return _import_binds(small)
    return set()


def _import_binds(small: cst.Import | cst.ImportFrom) -> set[str]:
    """`import a.b` binds `a`; `from m import x as y` binds `y`; a star binds what it finds."""
    if isinstance(small.names, cst.ImportStar):
        return set()
    if isinstance(small, cst.ImportFrom):
        return {_alias_name(a) for a in small.names} - {""}
    return {_alias_name(a) if a.asname is not None else a.evaluated_name.partition(".")[0]
            for a in small.names} - {""}


def _alias_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None:
        return alias.asname.name.value if isinstance(alias.asname.name, cst.Name) else ""
    return alias.evaluated_name


def _targets(target: cst.BaseExpression) -> set[str]:
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        return set().union(*(_targets(e.value) for e in target.elements))
    if isinstance(target, cst.StarredElement):
        return _targets(target.value)
    return set()  # attribute or subscript: binds no local


def frame_bound(stmt: cst.CSTNode) -> str | None:
    """Why a statement cannot leave the factory's own frame (None when it can): it returns,
    yields or awaits at the factory's level, declares `global`/`nonlocal`, deletes a local, or
    calls what reads the calling frame (`locals()`, `eval`, zero-argument `super()`)."""
    for node in _own_level(stmt):
        reason = next((why for kinds, why in FRAME_NODES if isinstance(node, kinds)), None)
        reason = reason or _async_block(node) or _frame_call(node)
        if reason is not None:
            return reason
    return None


FRAME_NODES: tuple[tuple[type[cst.CSTNode] | tuple[type[cst.CSTNode], ...], str], ...] = (
    (cst.Return, "returns from the factory"),
    ((cst.Yield, cst.Await), "yields or awaits in the factory"),
    ((cst.Global, cst.Nonlocal), "declares global or nonlocal names"),
    (cst.Del, "deletes a name"),
)


def _async_block(node: cst.CSTNode) -> str | None:
    if isinstance(node, (cst.With, cst.For)) and node.asynchronous is not None:
        return "uses async for/with in the factory"
    return None


def _frame_call(node: cst.CSTNode) -> str | None:
    if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Name):
        return None
    name = node.func.value
    if name in FRAME_CALLS or (name in BARE_FRAME_CALLS and not node.args):
        return f"calls {name}(), which reads the calling frame"
    return None


def _own_level(root: cst.CSTNode) -> Iterable[cst.CSTNode]:
    """Nodes of `root` at the factory's own level: not inside a nested def, class or lambda
    (their bodies run in frames of their own), but their decorators and defaults are."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            stack.extend(_evaluated_on_definition(node))
            continue
        stack.extend(node.children)


def _evaluated_on_definition(node: cst.FunctionDef | cst.ClassDef | cst.Lambda
                             ) -> list[cst.CSTNode]:
    if isinstance(node, cst.ClassDef):
        return [*node.decorators, *node.bases, *node.keywords]
    params = node.params
    defaults = [p.default for p in (*params.posonly_params, *params.params,
                                    *params.kwonly_params) if p.default is not None]
    decorators = list(node.decorators) if isinstance(node, cst.FunctionDef) else []
    return [*decorators, *defaults]
