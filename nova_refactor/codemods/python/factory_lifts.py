"""What else leaves an oversized app factory once its closure routes are lifted: its other
nested functions and classes, as builders, and its straight-line set-up, as phases.

A **builder** (`make_<name>(captured...)`) holds a run of consecutive nested definitions that
are not routes, and returns those the rest of the factory reads: `helper = make_helper(args,
cache)`. The factory calls it where the definitions stood, so each function or class object is
created at the same moment, its decorators and default arguments are evaluated then, and it is
the same object everywhere the factory used it. A definition closes over the factory's locals,
read when it runs; passed in as arguments, they are read when the builder is called. That is
the same value only when each captured name is bound on every path before the definition and
never bound again after it; any other capture (late binding) keeps the definition in the
factory, and so does a `nonlocal` of the factory's locals or a name bound both inside and
outside the run.

A **phase** (`_setup_<name>(inputs...)`) holds a run of consecutive top-level statements of
the factory body, and returns what the factory reads after it: `app, api_key =
_setup_app(args)`. Its inputs are the locals it reads before binding them, each bound on every
path before it; its outputs are bound on every path through it (or passed in). A statement
stays in the factory when it returns, yields, awaits or uses `async for`/`with` there,
declares `global`/`nonlocal`, deletes a local, reads the calling frame (`locals()`, `eval`),
defines a closure reading a local bound again after it, or binds a local that a closure
defined before it reads when called (the phase could call it before the factory's local is
bound). Everything here is decided from libcst's scope analysis (`factory_flow.FactoryFlow`);
what is refused is said with its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import libcst as cst

from nova_refactor.codemods.python.factory_flow import FactoryFlow, definitely_binds, frame_bound
from nova_refactor.codemods.python.support import ANY_REGISTRATION, ANY_ROUTE

# building the app or a router: with the registrations, what a route inventory must see
APP_OBJECT = re.compile(r"\b(?:FastAPI|Flask|Quart|Starlette|APIRouter|Blueprint|"
                        r"web\.Application)\(")
REGISTRATIONS_STAY = False
CALL_LINES = 3  # what a builder's call takes in a phase
MIN_PHASE_LINES = 6  # a shorter run would not save the lines its call and import take
PHASE_LINES = 200  # one phase: long enough to matter, short enough to read


@dataclass(frozen=True, slots=True)
class Lift:
    kind: str  # "builder" or "phase"
    group: list[int]  # indexes into the factory's statements, consecutive
    params: list[str]
    outputs: list[str]


@dataclass(slots=True)
class Refusals:
    """Why statements stay in the factory: index -> reason (the first one found)."""

    flow: FactoryFlow
    why: dict[int, str] = field(default_factory=dict)

    def add(self, index: int, reason: str) -> None:
        self.why.setdefault(index, reason)

    def notes(self, factory: str, what: Callable[[int], str]) -> list[str]:
        return [f"{factory}(), line {self.flow.body.spans[i][0]}: {what(i)} stays in the "
                f"factory: {reason}" for i, reason in sorted(self.why.items())]


def _size(flow: FactoryFlow, group: Sequence[int]) -> int:
    lo, hi = flow.span(group[0], group[-1])
    return hi - lo + 1


def consecutive_runs(movable: Sequence[bool], cut_before: Callable[[list[int], int], bool]
                     ) -> list[list[int]]:
    """Runs of consecutive movable statements; a movable statement i starts a new run when
    `cut_before(current run, i)` says so (a size limit, a builder's definitions kept whole)."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, ok in enumerate(movable):
        if ok and current and cut_before(current, i):
            runs.append(current)
            current = []
        if ok:
            current.append(i)
        elif current:
            runs.append(current)
            current = []
    return runs + ([current] if current else [])


def _runs(flow: FactoryFlow, movable: Sequence[bool], limit: int) -> list[list[int]]:
    """Consecutive movable statements, cut before one that would take a run over `limit`."""
    return consecutive_runs(movable, lambda current, i: _size(flow, [current[0], i]) > limit)


def plan_builders(flow: FactoryFlow, candidates: Sequence[bool], limit: int,
                  refusals: Refusals) -> list[Lift]:
    """Builders for runs of the candidate definitions, each run proven to keep what its
    closures see; a definition that cannot be proven leaves its run, until none is left."""
    movable = list(candidates)
    while True:
        runs = _runs(flow, movable, limit)
        bad = {i: why for run in runs for i, why in _builder_problems(flow, run).items()}
        if not bad:
            return [Lift("builder", run, _captured(flow, run), _outputs(flow, run))
                    for run in runs]
        for i, why in bad.items():
            movable[i] = False
            refusals.add(i, why)


def _captured(flow: FactoryFlow, run: list[int]) -> list[str]:
    """Locals read in the run and bound outside it (parameters included)."""
    inside = flow.bound_in(run[0], run[-1])
    lo, hi = flow.span(run[0], run[-1])
    return sorted(n for n in flow.read_in(run[0], run[-1])
                  if n not in inside or any(not lo <= x <= hi for x in flow.bindings[n]))


def _outputs(flow: FactoryFlow, run: list[int]) -> list[str]:
    return sorted(n for n in flow.bound_in(run[0], run[-1])
                  if flow.read_outside(n, run[0], run[-1]))


def _builder_problems(flow: FactoryFlow, run: list[int]) -> dict[int, str]:
    first, last = run[0], run[-1]
    problems: dict[int, str] = {}
    inside = flow.bound_in(first, last)
    for name in _captured(flow, run):
        readers = [i for i in run if name in flow.read_in(i, i)]
        later = flow.bound_outside_from(name, first, last)
        if name in inside:
            why = f"`{name}` is bound both inside and outside the definitions around it"
            readers = [i for i in run if name in flow.bound_in(i, i)] + readers
        elif name not in flow.definite_before[first]:
            why = _unbound(flow, name, first)
        elif later is not None:
            why = f"it reads `{name}`, bound again at line {later} after it (late binding)"
        else:
            continue
        for i in readers:
            problems.setdefault(i, why)
    return problems


def plan_phases(flow: FactoryFlow, free: Sequence[bool], refusals: Refusals,
                builders: Sequence[Lift]) -> list[Lift]:
    """Phases for runs of the statements left in the factory (`free`). A builder's
    definitions are one unit: a phase holding them calls the builder."""
    units = Units(flow, builders)
    movable = [ok and _phase_statement(flow, i, refusals) for i, ok in enumerate(free)]
    units.whole(movable)
    while True:
        found = [(run, _phase_io(flow, run)) for run in units.phase_runs(movable)]
        bad = {i: why for _run, (_io, problems) in found for i, why in problems.items()}
        if not bad:
            return [Lift("phase", run, io[0], io[1]) for run, (io, _p) in found]
        units.refuse(bad, movable, refusals)


@dataclass(frozen=True, slots=True)
class Units:
    """Statements one by one, except a builder's definitions, which go together."""

    flow: FactoryFlow
    builders: Sequence[Lift]
    group_of: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for builder in self.builders:
            for i in builder.group:
                self.group_of[i] = builder.group

    def whole(self, movable: list[bool]) -> None:
        for builder in self.builders:
            ok = all(movable[i] for i in builder.group)
            for i in builder.group:
                movable[i] = ok

    def size(self, i: int) -> int:
        """Lines statement i takes in a phase: a builder's call, not its definitions."""
        group = self.group_of.get(i)
        if group is None:
            return _size(self.flow, [i])
        return CALL_LINES if i == group[0] else 0

    def weight(self, run: Sequence[int]) -> int:
        return sum(map(self.size, run))

    def only_builders(self, run: Sequence[int]) -> bool:
        return all(i in self.group_of for i in run)

    def refuse(self, bad: dict[int, str], movable: list[bool], refusals: Refusals) -> None:
        for i, why in bad.items():
            movable[i] = False
            if i not in self.group_of:  # a builder stays a builder: nothing to say
                refusals.add(i, why)
        self.whole(movable)

    def phase_runs(self, movable: Sequence[bool]) -> list[list[int]]:
        """Runs worth a phase: long enough, and more than builders' calls."""
        return [r for r in self.runs(movable)
                if self.weight(r) >= MIN_PHASE_LINES and not self.only_builders(r)]

    def runs(self, movable: Sequence[bool]) -> list[list[int]]:
        """Consecutive movable statements, cut (never inside a builder's definitions) before
        one that would take a run over PHASE_LINES."""
        return consecutive_runs(movable, lambda current, i: (
            self.group_of.get(i, [i])[0] == i  # a builder's definitions stay in one phase
            and self.weight(current) + self.size(i) > PHASE_LINES))


def _phase_statement(flow: FactoryFlow, i: int, refusals: Refusals) -> bool:
    """Whether statement i may leave the factory's frame at all."""
    stmt = flow.body.stmts[i]
    if i == 0 and _is_docstring(stmt):
        return False
    reason = frame_bound(stmt) or route_table(flow.body.codes[i])
    if reason is not None:
        refusals.add(i, reason)
    return reason is None


def _late_problems(flow: FactoryFlow, run: list[int]) -> dict[int, str]:
    """A closure in the phase reading a local bound again after the phase; a local the
    phase binds that a closure defined before the phase reads when called."""
    first, last = run[0], run[-1]
    problems: dict[int, str] = {}
    for i in run:
        for name in sorted(flow.read_in(i, i, late_only=True)):
            later = flow.bound_outside_from(name, first, last)
            if later is not None:
                problems.setdefault(i, f"a closure in it reads `{name}`, bound again at line "
                                       f"{later} after it (late binding)")
        for name in sorted(flow.bound_in(i, i)):
            reader = flow.late_reader_before(name, first)
            if reader is not None:
                problems.setdefault(i, f"it binds `{name}`, which a closure defined before "
                                       f"it (line {reader}) reads when called")
    return problems


def _phase_io(flow: FactoryFlow, run: list[int]
              ) -> tuple[tuple[list[str], list[str]], dict[int, str]]:
    """((inputs, outputs), problems) of a phase over `run`."""
    problems = _late_problems(flow, run)
    inputs, bound = _inputs(flow, run, problems)
    outputs = sorted(n for n in flow.bound_in(run[0], run[-1])
                     if flow.read_outside(n, run[0], run[-1]))
    for name in outputs:
        if name in bound:
            continue
        if name in flow.definite_before[run[0]]:
            inputs.add(name)  # bound on some paths only: the value it had comes back
            continue
        for i in run:
            if name in flow.bound_in(i, i):
                problems.setdefault(i, f"it binds `{name}` on some paths only, and the "
                                       "factory reads it after")
    return (sorted(inputs), outputs), problems


def _inputs(flow: FactoryFlow, run: list[int], problems: dict[int, str]
            ) -> tuple[set[str], set[str]]:
    """Locals the run reads before it binds them for sure (each must be bound for sure
    before the run), and the names it binds for sure."""
    lo, hi = flow.span(run[0], run[-1])
    outside = {n for n, lines in flow.bindings.items() if any(not lo <= x <= hi for x in lines)}
    inputs: set[str] = set()
    bound: set[str] = set()
    for i in run:
        for name in flow.read_in(i, i) & outside - bound:
            inputs.add(name)
            if name not in flow.definite_before[run[0]]:
                problems.setdefault(i, _unbound(flow, name, run[0]))
        bound |= definitely_binds(flow.body.stmts[i])
    return inputs, bound


def route_table(code: str) -> str | None:
    """Why a statement that builds the app or registers routes stays where route inventories
    (ours, a reader's) look for them: the factory that owns the app."""
    if APP_OBJECT.search(code):
        return "it builds the app or a router, which the route inventory follows"
    if ANY_ROUTE.search(code) or (REGISTRATIONS_STAY and ANY_REGISTRATION.search(code)):
        return "it registers routes on the app, which the route inventory follows"
    return None


def _unbound(flow: FactoryFlow, name: str, first: int) -> str:
    """Why reading `name` before statement `first` cannot be passed as an argument."""
    start = flow.span(first, first)[0]
    if any(0 <= line < start for line in flow.bindings.get(name, ())):
        return f"it reads `{name}`, which is not bound on every path before it"
    later = min((x for x in flow.bindings.get(name, ()) if x >= start), default=None)
    where = f" (line {later})" if later is not None else ""
    return f"it reads `{name}`, bound only after it{where}: read when called (late binding)"


def _is_docstring(stmt: cst.BaseStatement) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 \
        and isinstance(stmt.body[0], cst.Expr) \
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
