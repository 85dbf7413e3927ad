"""An ordered start-up too long for one module (the file-size limit): its first half stays
`AppState::init` in app_state.rs, the second becomes `AppServices::build(app_state, ..)` in
app_services.rs, which takes the first half's struct whole, destructures what it needs and
hands on what main uses later. main gains one line, the order of every statement is kept."""

from __future__ import annotations

from dataclasses import replace

from nova_refactor.codemods.rust.planner import (
    STRUCTS,
    Extraction,
    Param,
    Slicing,
    _extraction,
    _returned,
    _used_after,
)
from nova_refactor.codemods.rust.statements import Stmt

LONG = 400  # source lines of one extraction before it is halved (rendered, it grows)
STATE_TYPE = "crate::{module}::AppState"  # the first half's struct, in the module chosen


def halve_long_start_up(slicing: Slicing, wanted: tuple[str, ...], main_returns: str,
                        state_module: str = "app_state") -> None:
    if not slicing.ordered or "app_services" not in wanted or \
            any(ex.module == "app_services" for ex in slicing.extractions):
        return
    found = []
    for ex in slicing.extractions:
        long = ex.struct == STRUCTS["app_state"][0] and not ex.early_exit and \
            ex.stmts[-1].end_line - ex.stmts[0].line > LONG
        found += _halves(slicing, ex, main_returns, state_module) if long else [ex]
    slicing.extractions = found


def _cut(ex: Extraction) -> int:
    """The first statement past the middle line."""
    middle = (ex.stmts[0].line + ex.stmts[-1].end_line) // 2
    return next(i for i, s in enumerate(ex.stmts) if s.end_line >= middle) + 1


def _halves(slicing: Slicing, ex: Extraction, main_returns: str, state_module: str
            ) -> list[Extraction]:
    cut = _cut(ex)
    if cut >= len(ex.stmts):
        return [ex]
    first, second = ex.stmts[:cut], ex.stmts[cut:]
    head = _extraction(slicing, first, main_returns)
    head.whole = "app_state"
    struct, function = STRUCTS["app_services"]
    tail = replace(_extraction(slicing, second, main_returns), module="app_services",
                   struct=struct, function=function)
    _takes_first_half(slicing, head, tail, (first, second),
                      STATE_TYPE.format(module=state_module))
    for stmt in second:
        slicing.target[stmt.index] = "app_services"
        slicing.reasons[stmt.index] = ("ordered start-up, second half (app_state.rs would pass "
                                       "the file-size limit): `AppServices::build`")
    return [head, tail]


def _takes_first_half(slicing: Slicing, head: Extraction, tail: Extraction,
                      halves: tuple[list[Stmt], list[Stmt]], state_type: str) -> None:
    """The second half takes the first's struct whole and hands on what main reads later."""
    first, second = halves
    later = _used_later(slicing, first, second)
    fields = [(n, m) for n, _, m in head.returns if n in _needed(first, second) | later]
    from_head = {n for n, _, _ in head.returns}
    tail.params = [Param(head.whole, state_type, True, False)] + \
        [p for p in tail.params if p.name not in from_head]
    tail.prelude = _prelude(fields, head.whole, state_type)
    own = {n for n, _, _ in tail.returns}
    tail.returns = [r for r in head.returns if r[0] in later - own] + tail.returns
    tail.struct = STRUCTS["app_services"][0] if tail.returns else ""


def _needed(first: list[Stmt], second: list[Stmt]) -> set[str]:
    """What the second half reads from the first."""
    defined = {s.index for s in first}
    return {name for s in second for name, origin in s.reaching.items() if origin in defined}


def _used_later(slicing: Slicing, first: list[Stmt], second: list[Stmt]) -> set[str]:
    """What the first half defines that main reads after the second."""
    return {name for stmt, name in _returned(slicing, first)
            if _used_after(slicing, name, stmt.index, second[-1].index)}


def _prelude(fields: list[tuple[str, bool]], whole: str, state_type: str) -> str:
    names = ", ".join(("mut " if mutable else "") + name for name, mutable in fields)
    return f"let {state_type} {{ {names}, .. }} = {whole};\n    "
