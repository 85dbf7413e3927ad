"""The code of a builder or phase lifted out of an app factory (`factory_lifts`), and of the
factory's call to it: the very same statements in a module-level function taking what they
read of the factory as parameters and returning what the factory reads after them."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import libcst as cst

from nova_refactor.codemods.python.factory_flow import FactoryFlow
from nova_refactor.codemods.python.factory_lifts import (
    Lift,
    Refusals,
    plan_builders,
    plan_phases,
    route_table,
)

WIDTH = 96  # generated lines stay under the usual 100-column limit
BLANK = cst.EmptyLine(indent=False)  # no trailing spaces on a blank line inside a block


def lifted_function(lift: Lift, name: str, factory: str,
                    stmts: Sequence[cst.BaseStatement], lines: tuple[int, int]
                    ) -> cst.FunctionDef:
    """`def name(params): <doc> <stmts> return outputs` after two blank lines."""
    if lift.kind == "builder":
        what = ", ".join(f"`{o}`" for o in lift.outputs) or "what it registers"
        doc = (f"Builds {what} of `{factory}()` where the factory defined "
               f"{'them' if len(lift.outputs) != 1 else 'it'} (lines {lines[0]}-{lines[1]}); "
               "what they read of the factory comes in as arguments.")
    else:
        doc = (f"Set-up of `{factory}()`, its lines {lines[0]}-{lines[1]}, in their order; "
               "returns what the factory reads after them.")
    body: list[cst.BaseStatement] = [cst.parse_statement(_docstring(doc)), *stmts]
    if lift.outputs:
        returned = cst.parse_statement(_assigned("return ", lift.outputs, "    ", "") + "\n")
        if isinstance(body[-1], cst.BaseCompoundStatement):  # a blank line after a block
            returned = returned.with_changes(leading_lines=[BLANK])
        body.append(returned)
    header = cst.parse_statement(_call_text(f"def {name}", lift.params, "", "") + ":\n    pass\n")
    assert isinstance(header, cst.FunctionDef)
    return header.with_changes(body=cst.IndentedBlock(body=body),
                               leading_lines=[BLANK, BLANK])


def lifted_call(lift: Lift, name: str, indent: str, blank: bool = False
                ) -> cst.SimpleStatementLine:
    """`outputs = name(params)` as a statement of the factory (indented by `indent`),
    after a blank line when `blank`."""
    call = _call_text(name, lift.params, indent, "")
    text = _assigned("", lift.outputs, indent, " = ") + call if lift.outputs else call
    statement = cst.parse_statement(text + "\n")
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement.with_changes(leading_lines=[BLANK]) if blank else statement


def opens_with_blank(stmt: cst.BaseStatement) -> bool:
    """Whether a statement starts after a blank line: its call takes that place."""
    lines: Sequence[cst.EmptyLine] = getattr(stmt, "leading_lines", [])
    return bool(lines) and lines[0].comment is None


def import_line(module: str, names: Sequence[str], indent: str) -> cst.SimpleStatementLine:
    text = _call_text(f"from {module} import ", names, indent, "", bare=True)
    statement = cst.parse_statement(text + "\n")
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement


def _docstring(text: str) -> str:
    lines = textwrap.wrap(text, WIDTH - 8)
    if len(lines) == 1:
        return f'"""{lines[0]}"""\n'
    inner = "\n".join(f"    {line}" if i else line for i, line in enumerate(lines))
    return f'"""{inner}\n    """\n'


def _call_text(head: str, args: Sequence[str], indent: str, tail: str,
               bare: bool = False) -> str:
    """`head(a, b)` (`head a, b` when bare) on one line when it fits, else one argument per
    line in parentheses."""
    joined = ", ".join(args)
    one = f"{head}{joined}{tail}" if bare else f"{head}({joined}){tail}"
    if len(indent) + len(one) <= WIDTH or not args:
        return one
    # libcst indents continuation lines by the enclosing block's indent itself
    inner = "".join(f"    {a},\n" for a in args)
    return f"{head}(\n{inner}){tail}"


def _assigned(head: str, names: Sequence[str], indent: str, tail: str) -> str:
    """`head a, b` + tail, or the names in parentheses, one per line, when too long."""
    one = f"{head}{', '.join(names)}{tail}"
    if len(indent) + len(one) <= WIDTH // 2 or len(names) < 2:
        return one
    inner = "".join(f"    {n},\n" for n in names)
    return f"{head}(\n{inner}){tail}"


@dataclass(frozen=True, slots=True)
class Placed:
    """A lift with its function's name and module, and the function itself."""

    lift: Lift
    name: str
    module: str
    function: cst.FunctionDef
    own: list[int]  # the statements it holds (a phase calls the builders of the others)
    nested: bool = False  # a builder a phase calls, not the factory
    calls: tuple[str, ...] = ()  # the builders a phase calls


def pack(lifts: Sequence[Lift], sizes: Sequence[int], bases: dict[str, str],
         free: Callable[[str], str], target: int) -> list[str]:
    """A module name for each lift: builders and phases in modules of their own kind, filled
    in order up to `target` lines each (a longer lift gets a module of its own)."""
    modules: list[str] = []
    current: dict[str, tuple[str, int]] = {}
    for lift, size in zip(lifts, sizes, strict=True):
        name, used = current.get(lift.kind, ("", target + 1))
        if used + size > target:
            name, used = free(bases[lift.kind]), 0
        current[lift.kind] = (name, used + size)
        modules.append(name)
    return modules


@dataclass(frozen=True, slots=True)
class Rest:
    placed: list[Placed]
    notes: list[str]


MODULE_BASES = {"builder": "factory_support", "phase": "factory_setup"}
MAX_NOTES = 12


def lift_rest(flow: FactoryFlow, factory: str, candidates: Sequence[bool],
              free: Callable[[str], str], target: int, excluded: dict[int, str]) -> Rest:
    """Builders for the definitions that can leave the factory, then phases for the runs of
    statements left (calling the builders inside them); `candidates` are the statements no
    route group took, `excluded` those that cannot move, with why."""
    refusals = Refusals(flow, dict(excluded))
    stmts = flow.body.stmts
    builders = plan_builders(flow, _definitions(flow, candidates, refusals), target, refusals)
    phases = plan_phases(flow, list(candidates), refusals, builders)
    # builders first: their modules come before (below) the phases' that import them
    lifts = [*builders, *phases]
    names = [free(_function_name(flow, lift)) for lift in lifts]
    calls = _builder_calls(builders, names, stmts)
    owned = [_own(lift, builders) for lift in lifts]
    functions = [_function(flow, factory, lift, name, own, calls)
                 for lift, name, own in zip(lifts, names, owned, strict=True)]
    sizes = [cst.Module(body=[f]).code.count("\n") for f in functions]
    modules = pack(lifts, sizes, MODULE_BASES, free, target)
    in_phase = {i for phase in phases for i in phase.group}
    placed = [_placed(lift, name, module, own, function, in_phase, calls)
              for lift, name, module, own, function
              in zip(lifts, names, modules, owned, functions, strict=True)]
    moved = {i for lift in lifts for i in lift.group}
    return Rest(placed, _notes(flow, refusals, factory, moved))


def _builder_calls(builders: Sequence[Lift], names: Sequence[str],
                   stmts: Sequence[cst.BaseStatement]
                   ) -> dict[int, tuple[str, cst.SimpleStatementLine]]:
    """first statement -> (name, call) of each builder (`names` start with theirs), as a
    phase holding it calls it."""
    return {b.group[0]: (name, lifted_call(b, name, "    ", opens_with_blank(stmts[b.group[0]])))
            for b, name in zip(builders, names, strict=False)}


def _definitions(flow: FactoryFlow, candidates: Sequence[bool],
                 refusals: Refusals) -> list[bool]:
    """Candidates that are definitions a builder may hold (not building the app or routes)."""
    stmts = flow.body.stmts
    return [ok and isinstance(stmts[i], (cst.FunctionDef, cst.ClassDef))
            and not _refused(refusals, i, route_table(flow.body.codes[i]))
            for i, ok in enumerate(candidates)]


def _placed(lift: Lift, name: str, module: str, own: list[int], function: cst.FunctionDef,
            in_phase: set[int], calls: dict[int, tuple[str, cst.SimpleStatementLine]]
            ) -> Placed:
    phase = lift.kind == "phase"
    nested = not phase and lift.group[0] in in_phase
    return Placed(lift, name, module, function, own, nested,
                  tuple(calls[i][0] for i in lift.group if phase and i in calls))


def _function(flow: FactoryFlow, factory: str, lift: Lift, name: str, own: list[int],
              calls: dict[int, tuple[str, cst.SimpleStatementLine]]) -> cst.FunctionDef:
    """The lifted function: a builder's definitions, or a phase's statements with the calls
    of the builders it holds where their definitions stood."""
    phase = lift.kind == "phase"
    body = [calls[i][1] if phase and i in calls else flow.body.stmts[i]
            for i in lift.group if i in own or (phase and i in calls)]
    return lifted_function(lift, name, factory, body, flow.span(lift.group[0], lift.group[-1]))


def _own(lift: Lift, builders: Sequence[Lift]) -> list[int]:
    """The statements a lift holds itself: a phase's, less the builders it calls."""
    if lift.kind == "builder":
        return list(lift.group)
    inner = {i for b in builders for i in b.group}
    return [i for i in lift.group if i not in inner]


def _refused(refusals: Refusals, i: int, reason: str | None) -> bool:
    if reason is not None:
        refusals.add(i, reason)
    return reason is not None


def _function_name(flow: FactoryFlow, lift: Lift) -> str:
    stmt = flow.body.stmts[lift.group[0]]
    if lift.kind == "builder" and isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
        built = lift.outputs[0] if lift.outputs else stmt.name.value
        return f"make_{built.lstrip('_') or 'helper'}"
    bound = lift.outputs or sorted(flow.bound_in(lift.group[0], lift.group[-1]))
    if not bound:
        return "_setup_phase"
    # named after what it binds first
    first = min(bound, key=lambda n: (min(x for x in flow.bindings[n] if x >= 0), n))
    return f"_setup_{first.lstrip('_') or 'phase'}"


def _notes(flow: FactoryFlow, refusals: Refusals, factory: str, moved: set[int]) -> list[str]:
    """Why definitions and longer statements stay in the factory (the first MAX_NOTES)."""
    stmts = flow.body.stmts

    def what(i: int) -> str:
        stmt = stmts[i]
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            return f"`{stmt.name.value}`"
        a, b = flow.span(i, i)
        return f"a statement of {b - a + 1} line{'s' if b > a else ''}"

    # a closing `return app` stays by nature: no note
    last = stmts[-1]
    closing = isinstance(last, cst.SimpleStatementLine) and isinstance(last.body[0], cst.Return)
    shown = {i: why for i, why in refusals.why.items()
             if i not in moved and not (closing and i == len(stmts) - 1)}
    kept = Refusals(flow, shown).notes(factory, what)
    more = [f"... and {len(kept) - MAX_NOTES} more statements stay in {factory}()"] \
        if len(kept) > MAX_NOTES else []
    return kept[:MAX_NOTES] + more
