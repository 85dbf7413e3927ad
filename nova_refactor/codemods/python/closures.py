"""App factories: closure routes become one registration function per group.

`def create_app(): ... @app.route("/edit") def edit(): ...` registers its routes when the factory
runs. Moved whole, the factory is one statement, so one module however long it is. When it is
longer than a group's size target, consecutive nested definitions (routes, hooks, and helpers
only they use) are cut into groups by URL prefix and size, and each group becomes a
module-level `register_<prefix>(app, ...)` holding the very same statements: decorators run in
the same order on the same objects, so endpoint names, `url_for` targets and hooks do not
change (a blueprint would rename every endpoint to `bp.name`, and with it every `url_for` in
code and templates). The factory calls it where the group stood, passing what the group
captured from the factory, and imports it at call time from the group's own module (which
imports the factory's module: at call time both are loaded, so there is no import cycle).

A group stays in the factory when passing a value would change what a closure sees: a captured
name bound again after the group starts, a `nonlocal`, or a name the group defines that the
rest of the factory uses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import libcst as cst

from nova_refactor.codemods.compose import segments_of
from nova_refactor.codemods.python.factory_code import (
    BLANK,
    Placed,
    import_line,
    lift_rest,
    lifted_call,
    opens_with_blank,
)
from nova_refactor.codemods.python.factory_flow import FactoryFlow
from nova_refactor.codemods.python.grouping import ROUTE_DECORATOR, TARGET_LINES, route_prefix
from nova_refactor.codemods.python.lifted_facts import (
    FactoryBody,
    LiftedFactory,
    Registration,
    lifted_facts,
)
from nova_refactor.codemods.python.planner import user_stems
from nova_refactor.codemods.python.statements import ModuleFacts, Stmt, module_facts
from nova_refactor.model import Segment

FACTORY_LINES = 380  # a factory still longer once its routes are lifted loses builders, phases
MIN_GROUP = 80  # lines of routes worth a module of their own before a new URL prefix starts one
NONLOCAL = re.compile(r"^[ \t]*nonlocal[ \t]+([\w \t,]+)", re.MULTILINE)
NESTED_ROUTE = re.compile(r"^[ \t]+@\w+\.(?:route|get|post|put|patch|delete|head|options|"
                          r"api_route|websocket)\(", re.MULTILINE)
WORD = re.compile(r"\b[A-Za-z_]\w*\b")
MODULE_TITLES = {
    "builder": "Closures of {factory}(), built where it defined them; what they capture "
               "is passed in",
    "phase": "Set-up of {factory}(), cut into phases it calls in order",
}
FACTORY_COMMENT = ("# imported when called: each module registers its routes on the app "
                   "and imports this module")


def lift_for_split(modules: set[str], root: Path, entry: str, facts: ModuleFacts,
                   segments: Sequence[Segment]) -> tuple[ModuleFacts, Sequence[Segment]]:
    """`facts` with the closure routes of large factories lifted into registration functions
    (and the anatomy of that source), or the inputs unchanged when there is nothing to lift.
    `modules` are what the codemod extracts: without routes nothing moves to a route module."""
    if "routes" not in modules or not any(_may_be_factory(s) for s in facts.stmts):
        return facts, segments  # the scope analysis below is the costly part: skip it
    if facts.resolved is None:  # rewritten facts: the lift below needs scopes and positions
        facts = module_facts(facts.module.code)
    assert facts.resolved is not None
    taken = set(WORD.findall(facts.resolved.source)) | _folder_names(root, entry)
    package = (root / entry).name == "__init__.py" or (root / entry).with_name(
        "__init__.py").is_file()
    lifter = _Lifter(facts, taken, package)
    lifted = lifter.lift()
    if lifted is None:
        return facts, segments
    module, factories = lifted
    new_segments = segments_of(root, entry, module.code.encode("utf-8"), True)
    # described from the analysis already made: the lift keeps every name's binding
    new_facts = lifted_facts(facts, module, factories)
    return replace(new_facts, register_modules=dict(lifter.homes),
                   module_titles=dict(lifter.titles), lift_notes=tuple(lifter.notes),
                   factories=frozenset(f.factory.name.value for f in factories)), \
        new_segments


def _may_be_factory(s: Stmt) -> bool:
    """A long top-level function with route decorators inside (by its text)."""
    return isinstance(s.node, cst.FunctionDef) and s.end_line - s.start_line > TARGET_LINES \
        and len(NESTED_ROUTE.findall(s.code)) >= 2


def _folder_names(root: Path, entry: str) -> set[str]:
    return user_stems((root / entry).parent)


class _Lifter:
    def __init__(self, facts: ModuleFacts, taken: set[str], package: bool) -> None:
        assert facts.resolved is not None
        self.module = facts.module
        self.scopes = facts.resolved.scopes  # the facts' own analysis: not resolved again
        self.positions = facts.resolved.positions
        self.taken = taken
        self.package = package
        self.homes: dict[str, str] = {}
        self.notes: list[str] = []
        self.titles: dict[str, str] = {}

    def lift(self) -> tuple[cst.Module, list[LiftedFactory]] | None:
        body: list[cst.BaseStatement] = []
        factories: list[LiftedFactory] = []
        for index, node in enumerate(self.module.body):
            lifted = None
            if isinstance(node, cst.FunctionDef) and self._is_large_factory(node):
                lifted = self._lift_factory(index, node)
            if lifted is None:
                body.append(node)
                continue
            factories.append(lifted)
            body += [lifted.factory, *(r.function for r in lifted.registrations)]
        if not factories:
            return None
        return self.module.with_changes(body=body), factories

    def _is_large_factory(self, node: cst.FunctionDef) -> bool:
        span = self.positions[node]
        routes = [s for s in _inner(node) if route_prefix(self._head(s)) is not None]
        return len(routes) >= 2 and span.end.line - span.start.line > TARGET_LINES

    def _head(self, node: cst.BaseStatement) -> str:
        decorators = getattr(node, "decorators", ())
        return "".join(f"@{self.module.code_for_node(d.decorator)}\n" for d in decorators)

    def _lift_factory(self, index: int, factory: cst.FunctionDef) -> LiftedFactory | None:
        """The factory with its groups called, and their registration functions (None when
        no group can move)."""
        stmts = _inner(factory)
        scope = self.scopes[stmts[0]]
        if scope is None:  # libcst gives every statement in a function its scope
            return None
        body = FactoryBody(stmts, [self._span(s) for s in stmts], scope,
                           self.positions, [self.module.code_for_node(s) for s in stmts])
        heads = [self._head(s) for s in stmts]
        groups = _valid_groups(body, heads)
        rest = self._rest(factory, body, heads, groups)
        if not groups and not rest:
            return None
        emit = _Emitter(self, factory, body, rest)
        emit.emit(groups)
        new_factory = factory.with_changes(body=factory.body.with_changes(body=emit.new_body))
        return LiftedFactory(index, body, new_factory, emit.ordered())

    def _rest(self, factory: cst.FunctionDef, body: FactoryBody, heads: list[str],
              groups: list[list[int]]) -> list[Placed]:
        """Builders and phases, when the factory is still over the size target once its
        closure routes are lifted."""
        inside = set().union(*groups)
        left = sum(b - a + 1 for i, (a, b) in enumerate(body.spans) if i not in inside)
        if left + 2 * len(groups) <= FACTORY_LINES:
            return []
        excluded = _nonlocal_exclusions(body, inside)
        found = lift_rest(FactoryFlow(body), factory.name.value, [
            i not in inside and route_prefix(heads[i]) is None and i not in excluded
            for i in range(len(heads))], self._free, TARGET_LINES, excluded)
        self.notes += found.notes
        self._homes(factory.name.value, found.placed)
        return found.placed

    def _homes(self, factory: str, placed: list[Placed]) -> None:
        for lifted in placed:
            self.homes[lifted.name] = lifted.module
            self.titles[lifted.module] = MODULE_TITLES[lifted.lift.kind].format(factory=factory)

    def _span(self, node: cst.BaseStatement) -> tuple[int, int]:
        decorators = getattr(node, "decorators", ())
        first = self.positions[decorators[0]] if decorators else self.positions[node]
        return first.start.line, self.positions[node].end.line

    def _register(self, factory: cst.FunctionDef, body: FactoryBody, group: list[int],
                  first: bool) -> tuple[list[cst.BaseStatement], Registration]:
        heads = [self._head(body.stmts[i]) for i in group]
        key, slug = _domain(heads)
        function, module = self._free(f"register_{slug}"), self._free(f"routes_{slug}")
        self.homes[function] = module
        bases = _bases(body, group, heads)
        params = bases + [p for p in _captured(body, group) if p not in bases]
        call = _call(f"{'.' if self.package else ''}{module}", function, params, first)
        doc = cst.parse_statement(f'"""Routes of `{factory.name.value}()`, mostly /{key}, '
                                  'registered where the factory defined them."""\n')
        register = cst.FunctionDef(
            name=cst.Name(function),
            params=cst.Parameters(params=[cst.Param(cst.Name(p)) for p in params]),
            body=cst.IndentedBlock(body=[doc, *(body.stmts[i] for i in group)]),
            leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
        return list(call), Registration(register, group, params, call[1])

    def _free(self, name: str) -> str:
        candidate, number = name, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{name}_{number}"
        self.taken.add(candidate)
        return candidate


class _Emitter:
    """The factory's new body: its statements, with calls where lifted groups stood."""

    def __init__(self, lifter: _Lifter, factory: cst.FunctionDef, body: FactoryBody,
                 rest: list[Placed]) -> None:
        self.lifter, self.factory, self.body, self.rest = lifter, factory, body, rest
        self.indent = _indent(factory, lifter.module)
        self.new_body: list[cst.BaseStatement] = []
        self.registrations: list[Registration] = []
        self.imported: set[str] = set()

    def emit(self, groups: list[list[int]]) -> None:
        """The factory's statements, each lifted group replaced by its call."""
        starts: dict[int, list[int] | Placed] = {g[0]: g for g in groups}
        called = [p for p in self.rest if not p.nested]  # by the factory, not by a phase
        starts |= {p.lift.group[0]: p for p in called}
        inside = set().union(*groups, *(p.lift.group for p in called))
        for i, stmt in enumerate(self.body.stmts):
            found = starts.get(i)
            if found is not None:
                self.lifted(found)
            elif i not in inside:
                self.new_body.append(stmt)

    def lifted(self, found: list[int] | Placed) -> None:
        if isinstance(found, Placed):
            blank = opens_with_blank(self.body.stmts[found.lift.group[0]])
            imported = self._import(found)
            call = lifted_call(found.lift, found.name, self.indent, blank and not imported)
            if imported and blank:
                imported = [imported[0].with_changes(leading_lines=[BLANK])]
            self.new_body += [*imported, call]
            self._add(found, call)
            return
        first = not any(_is_route_registration(r, self.rest) for r in self.registrations)
        lines, registration = self.lifter._register(self.factory, self.body, found, first)
        self.new_body += lines
        self.registrations.append(registration)

    def _add(self, placed: Placed, call: cst.SimpleStatementLine) -> None:
        """The registration of a builder or phase, and of the builders a phase calls."""
        calls = _nested_calls(placed)
        reads = tuple((name, name.value) for name in map(_called_name_node, calls))
        self.registrations.append(Registration(placed.function, placed.own, placed.lift.params,
                                               call, reads))
        for nested in (p for p in self.rest if p.name in placed.calls):
            self._add(nested, next(c for c in calls if _called_name(c) == nested.name))

    def ordered(self) -> list[Registration]:
        """Route registrations, builders, phases: a phase's module imports the builders'."""
        kinds = {id(p.function): p.lift.kind for p in self.rest}
        rank = {"builder": 1, "phase": 2}
        return sorted(self.registrations,
                      key=lambda r: rank.get(kinds.get(id(r.function), ""), 0))

    def _import(self, placed: Placed) -> list[cst.SimpleStatementLine]:
        """The import of a module's functions, the first time the factory calls into it."""
        if placed.module in self.imported:
            return []
        self.imported.add(placed.module)
        names = [p.name for p in self.rest if p.module == placed.module and not p.nested]
        prefix = "." if self.lifter.package else ""
        return [import_line(f"{prefix}{placed.module}", names, self.indent)]


def _nested_calls(placed: Placed) -> list[cst.SimpleStatementLine]:
    """The statements of a phase that call the builders it holds."""
    inner = placed.function.body
    body = inner.body if isinstance(inner, cst.IndentedBlock) else ()
    return [s for s in body if isinstance(s, cst.SimpleStatementLine)
            and _called_name(s) in placed.calls]


def _nonlocal_exclusions(body: FactoryBody, inside: set[int]) -> dict[int, str]:
    """Statements with a closure rebinding a local of the factory through `nonlocal`: a
    value passed in could not be rebound."""
    factory_names = {a.name for a in body.scope.assignments}
    found = {}
    for i, code in enumerate(body.codes):
        shared = sorted(_nonlocals(code) & factory_names)
        if shared and i not in inside:
            found[i] = f"a closure in it rebinds `{shared[0]}` with `nonlocal`"
    return found


def _called_name_node(statement: cst.SimpleStatementLine) -> cst.Name:
    small = statement.body[0]
    call = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
    assert isinstance(call, cst.Call) and isinstance(call.func, cst.Name)
    return call.func


def _called_name(statement: cst.SimpleStatementLine) -> str:
    small = statement.body[0]
    call = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
    return call.func.value if isinstance(call, cst.Call) and isinstance(call.func, cst.Name) \
        else ""


def _is_route_registration(registration: Registration, rest: list[Placed]) -> bool:
    return all(p.function is not registration.function for p in rest)


def _domain(heads: list[str]) -> tuple[str, str]:
    """A group's main URL domain (the first on ties) and the slug its names take."""
    prefixes = [k for k in map(route_prefix, heads) if k is not None]
    key = max(prefixes, key=prefixes.count)
    return key, re.sub(r"\W+", "_", key).strip("_") or "root"


def _call(module: str, function: str, params: list[str],
          first: bool) -> tuple[cst.BaseStatement, cst.SimpleStatementLine]:
    """`from MODULE import FUNCTION` and `FUNCTION(params)`, after a blank line (and, in
    front of the first, why the import is inside the factory)."""
    lines = [cst.EmptyLine(indent=False)]
    if first:
        lines.append(cst.EmptyLine(comment=cst.Comment(FACTORY_COMMENT)))
    call = cst.parse_statement(f"{function}({', '.join(params)})\n")
    assert isinstance(call, cst.SimpleStatementLine)
    return (cst.parse_statement(f"from {module} import {function}\n").with_changes(
        leading_lines=lines), call)


def _indent(factory: cst.FunctionDef, module: cst.Module) -> str:
    block = factory.body
    own = block.indent if isinstance(block, cst.IndentedBlock) else None
    return own if own is not None else module.default_indent


def _inner(factory: cst.FunctionDef) -> Sequence[cst.BaseStatement]:
    block = factory.body
    return block.body if isinstance(block, cst.IndentedBlock) else ()


def _valid_groups(body: FactoryBody, heads: list[str]) -> list[list[int]]:
    """Groups of consecutive nested definitions that keep what every closure sees; a
    definition that cannot move ends the run it is in, until nothing changes."""
    factory_names = {a.name for a in body.scope.assignments}
    definite = FactoryFlow(body).definite_before
    movable = [isinstance(s, (cst.FunctionDef, cst.ClassDef))
               and not _nonlocals(body.codes[i]) & factory_names
               for i, s in enumerate(body.stmts)]
    while True:
        groups = [g for g in _runs(body, heads, movable)
                  if any(route_prefix(heads[i]) is not None for i in g)]
        bad = _defined_outside(body, groups) | _rebound_captures(body, groups, definite)
        if not bad:
            return groups
        for i in bad:
            movable[i] = False


def _nonlocals(code: str) -> set[str]:
    """Names a definition declares `nonlocal` (rebinding one of the factory's own locals
    cannot be passed as an argument; one of its own functions' locals can)."""
    return {n.strip() for match in NONLOCAL.finditer(code) for n in match.group(1).split(",")}


def _runs(body: FactoryBody, heads: list[str], movable: list[bool]) -> list[list[int]]:
    """Consecutive movable definitions, cut where the URL prefix changes once a group has
    MIN_GROUP lines, or where the next one would take it over the size."""
    cutter = _Cutter(body)
    for i, stmt in enumerate(body.stmts):
        if not movable[i]:
            cutter.close()
        elif not getattr(stmt, "decorators", ()):
            cutter.pending.append(i)  # a helper goes with the routes after it, its users
        else:
            cutter.add(i, route_prefix(heads[i]))
    return cutter.groups


@dataclass(slots=True)
class _Cutter:
    body: FactoryBody
    groups: list[list[int]] = field(default_factory=list)
    pending: list[int] = field(default_factory=list)
    size: int = 0
    key: str | None = None
    open: bool = False

    def close(self) -> None:
        self.open, self.pending = False, []

    def add(self, i: int, prefix: str | None) -> None:
        items = [*self.pending, i]
        lines = sum(self.body.spans[j][1] - self.body.spans[j][0] + 2 for j in items)
        new_domain = prefix is not None and prefix != self.key and self.size >= MIN_GROUP
        if not self.open or self.size + lines > TARGET_LINES or new_domain:
            self.groups.append([])
            self.size, self.open = 0, True
        self.groups[-1] += items
        self.size, self.pending = self.size + lines, []
        self.key = prefix if prefix is not None else self.key


def _where(body: FactoryBody, group: list[int]) -> tuple[int, int]:
    return body.spans[group[0]][0], body.spans[group[-1]][1]


def _defined_outside(body: FactoryBody, groups: list[list[int]]) -> set[int]:
    """Definitions of a group that the factory reads outside that group."""
    bad = set()
    for group in groups:
        first, last = _where(body, group)
        for assignment in body.scope.assignments:
            at = _line(body, getattr(assignment, "node", None))
            if at is None or not first <= at <= last:
                continue
            for access in assignment.references:
                line = _line(body, access.node)
                if line is not None and not first <= line <= last:
                    bad.add(body.index_of(at))
    return {i for i in bad if i is not None}


def _rebound_captures(body: FactoryBody, groups: list[list[int]],
                      definite: list[set[str]]) -> set[int]:
    """All definitions of a group that captures a name bound again after it starts, or not
    bound on every path before it: passed as an argument, it would keep the value of the
    call, not the latest one, or fail at the call where the closure would only have failed
    when read (`if debug: tag = ..` read by a route only when debugging)."""
    bad = set()
    for group in groups:
        first, _last = _where(body, group)
        for name in _captured(body, group):
            lines = [_line(body, getattr(a, "node", None)) for a in body.scope.assignments[name]]
            if any(line is None or line >= first for line in lines) \
                    or name not in definite[group[0]]:
                bad |= set(group)
    return bad


def _captured(body: FactoryBody, group: list[int]) -> list[str]:
    """Names of the factory's scope (parameters, locals) read inside the group but bound
    outside it."""
    first, last = _where(body, group)
    found = set()
    for assignment in body.scope.assignments:
        at = _line(body, getattr(assignment, "node", None))
        if at is not None and first <= at <= last:
            continue
        if any(first <= (_line(body, a.node) or 0) <= last for a in assignment.references):
            found.add(assignment.name)
    return sorted(found)


def _line(body: FactoryBody, node: cst.CSTNode | None) -> int | None:
    return body.line(node)


def _bases(body: FactoryBody, group: list[int], heads: list[str]) -> list[str]:
    """The objects routes register on (`app` of `@app.route`), passed in so the group
    needs nothing from the factory's module to register (unless a closure rebinds it)."""
    codes = "".join(body.codes[i] for i in group)
    return [b for b in _decorator_bases(heads)
            if not re.search(rf"^\s*global\s[^\n]*\b{b}\b", codes, re.MULTILINE)]


def _decorator_bases(heads: list[str]) -> list[str]:
    found = []
    for head in heads:
        found += [m.group("base") for m in ROUTE_DECORATOR.finditer(head)]
    return sorted(set(found))
