"""The facts of a module after its app factories' closure routes were lifted into registration
functions (`closures.py`), from the scope analysis of the module as it was.

Analysing the rewritten source again (parse, positions, scopes) cost as much as the first
analysis. It is not needed: the lift moves statements whole, so every Name node is the same
object and resolves to the same module-level binding, with three exceptions handled here:
a `register_<group>` function binds its own name; a name a registration function takes as a
parameter (the route decorator's `app` when it is a module-level global) is the parameter's
inside it; and the factory's call passes those names, reading them at module level. Line
numbers follow from the code of each statement (codegen line counts), never from guesses.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import CodeRange, Scope

from nova_refactor.codemods.python.statements import Bindings, ModuleFacts, Resolved, describe


@dataclass(frozen=True, slots=True)
class FactoryBody:
    """The statements of one factory, with their line spans and the factory's scope."""

    stmts: Sequence[cst.BaseStatement]
    spans: list[tuple[int, int]]
    scope: Scope
    positions: Mapping[cst.CSTNode, CodeRange]
    codes: list[str]

    def index_of(self, line: int) -> int | None:
        at = bisect_right([a for a, _b in self.spans], line) - 1
        return at if at >= 0 and line <= self.spans[at][1] else None

    def line(self, node: cst.CSTNode | None) -> int | None:
        position = None if node is None else self.positions.get(node)
        return None if position is None else position.start.line


@dataclass(frozen=True, slots=True)
class Registration:
    """One group of closures lifted into `function`, called by `call` from the factory."""

    function: cst.FunctionDef
    group: list[int]  # indexes into the factory's statements
    params: list[str]
    call: cst.SimpleStatementLine  # `register_x(app, ...)`, `helper = make_helper(...)`
    # module-level functions it calls that the factory did not (a phase's builders)
    reads: tuple[tuple[cst.Name, str], ...] = ()


@dataclass(frozen=True, slots=True)
class LiftedFactory:
    index: int  # of the factory among the module's top-level statements, before the lift
    body: FactoryBody  # as it was
    factory: cst.FunctionDef  # with the calls where the groups stood
    registrations: list[Registration]  # each follows the factory, in this order


def lifted_facts(facts: ModuleFacts, module: cst.Module,
                 lifted: Sequence[LiftedFactory]) -> ModuleFacts:
    """The facts `module_facts(module.code)` would give, where `module` is `facts.module`
    with the factories of `lifted` rewritten and their registration functions after each."""
    resolved = facts.resolved
    assert resolved is not None, "facts of a parsed module keep their analysis"
    layout = _Layout(facts, module, {f.index: f for f in lifted})
    found = Bindings()
    found.add_all(resolved.assignments, layout.owner, layout.codes)
    module_names = {a.name.partition(".")[0] for a in resolved.assignments}
    for factory in lifted:
        for registration in factory.registrations:
            _parameters(found, resolved, layout, factory, registration, module_names)
    return describe(module, layout.spans, layout.codes, found)


def _parameters(found: Bindings, resolved: Resolved, layout: _Layout, factory: LiftedFactory,
                registration: Registration, module_names: set[str]) -> None:
    """What a registration function binds and hides, and what its call reads."""
    inside = layout.new_index_of[id(registration.function)]
    found.defines.setdefault(inside, set()).add(registration.function.name.value)
    hidden = set(registration.params) & found.uses.get(inside, set())
    for assignment in resolved.assignments:
        if assignment.name in hidden:
            for access in assignment.references:
                if layout.owner(access.node) == inside:
                    found.name_nodes.pop(id(access.node), None)
    if inside in found.uses:
        found.uses[inside] -= hidden
    for node, name in registration.reads:
        found.uses.setdefault(inside, set()).add(name)
        found.name_nodes[id(node)] = name
    local = {a.name for a in factory.body.scope.assignments}
    _call_reads(found, layout.new_index_of[id(factory.factory)], registration,
                module_names - local)


def _call_reads(found: Bindings, caller: int, registration: Registration,
                module_names: set[str]) -> None:
    """The factory's call passes module-level names (a global router) by reading them."""
    small = registration.call.body[0]
    call = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
    assert isinstance(call, cst.Call), "a registration, builder or phase call"
    for param, arg in zip(registration.params, call.args, strict=True):
        if param in module_names and isinstance(arg.value, cst.Name):
            found.uses.setdefault(caller, set()).add(param)
            found.name_nodes[id(arg.value)] = param


def _lines(code: str) -> int:
    return code.count("\n")


def _code_starts(module: cst.Module, codes: Sequence[str]) -> list[int]:
    """The line each top-level statement's code (leading blank and comment lines included)
    starts on: after the module's header lines and the code before it."""
    starts, line = [], 1 + len(module.header)
    for code in codes:
        starts.append(line)
        line += _lines(code)
    return starts


class _Layout:
    """Line spans and owners of the rewritten module's top-level statements."""

    def __init__(self, facts: ModuleFacts, module: cst.Module,
                 lifted: Mapping[int, LiftedFactory]) -> None:
        assert facts.resolved is not None
        self.resolved = facts.resolved
        self.lifted = lifted
        kept = {id(s.node): s.code for s in facts.stmts}  # unchanged: not generated again
        self.codes = [kept.get(id(n)) or module.code_for_node(n) for n in module.body]
        self.module = module
        self.old_firsts = [s.start_line for s in facts.stmts]
        self.new_index_of = {id(node): i for i, node in enumerate(module.body)}
        self.new_index: dict[int, int] = {}  # top-level index before -> after
        self.register_of: dict[tuple[int, int], int] = {}  # (factory, inner index) -> after
        self.spans: list[tuple[int, int]] = []
        old_starts = _code_starts(facts.module, [s.code for s in facts.stmts])
        new_starts = _code_starts(module, self.codes)
        for k, stmt in enumerate(facts.stmts):
            at = len(self.spans)
            self.new_index[k] = at
            shift = new_starts[at] - old_starts[k]
            self.spans.append((stmt.start_line + shift, stmt.end_line + shift))
            factory = lifted.get(k)
            if factory is not None:  # its end moves, its registration functions follow
                end = self._factory(factory, stmt.code, old_starts[k], new_starts[at], new_starts)
                self.spans[at] = (stmt.start_line + shift, end)

    def _factory(self, factory: LiftedFactory, old_code: str, old_start: int, new_start: int,
                 new_starts: list[int]) -> int:
        """Span the registration functions after the factory; return the factory's end."""
        body = factory.body
        block = factory.factory.body
        assert isinstance(block, cst.IndentedBlock)
        inner_lines = [_lines(code) for code in body.codes]
        header = _lines(old_code) - sum(inner_lines) - len(block.footer)
        # where each inner statement's code started in the factory as it was
        old_inner = [old_start + header + sum(inner_lines[:j]) for j in range(len(body.stmts))]
        at = new_start + header
        original = {id(stmt): j for j, stmt in enumerate(body.stmts)}
        end = 0
        for item in block.body:
            j = original.get(id(item))
            code_lines = _lines(self.module.code_for_node(item)) if j is None else inner_lines[j]
            end = at + code_lines - 1 if j is None else at + body.spans[j][1] - old_inner[j]
            at += code_lines
        self._registrations(factory, inner_lines, old_inner, new_starts)
        return end

    def _registrations(self, factory: LiftedFactory, inner_lines: list[int],
                       old_inner: list[int], new_starts: list[int]) -> None:
        """Span the functions lifted out of the factory, which follow it."""
        body = factory.body
        for registration in factory.registrations:
            here = self.new_index_of[id(registration.function)]
            start = new_starts[here]
            last = registration.group[-1]
            inner = registration.function.body
            if isinstance(inner, cst.IndentedBlock) and inner.body[-1] is body.stmts[last]:
                last_start = start + _lines(self.codes[here]) - inner_lines[last]
                last_line = last_start + body.spans[last][1] - old_inner[last]
            else:  # it ends with a statement of ours (`return ...`), which ends the code
                last_line = start + _lines(self.codes[here]) - 1
            self.spans.append((start + len(registration.function.leading_lines), last_line))
            for j in registration.group:
                self.register_of[(factory.index, j)] = here

    def owner(self, node: cst.CSTNode) -> int | None:
        """The statement of the rewritten module holding `node` (a node of the original)."""
        k = self.resolved.owner(self.old_firsts, node)
        if k is None or k < 0:
            return k
        factory = self.lifted.get(k)
        if factory is None:
            return self.new_index[k]
        inner = factory.body.index_of(self.resolved.positions[node].start.line)
        return self.register_of.get((k, inner), self.new_index[k]) if inner is not None \
            else self.new_index[k]
