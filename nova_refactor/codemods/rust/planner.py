"""Slice `fn main` by def-use into extractions: which consecutive statements become one function
of which module, with typed parameters and typed results, and what stays and why.

A run of statements of one kind moves when every binding it reads from earlier statements
and every binding it hands to later ones has a known type (no placeholder is ever written),
nothing it moves is still used after it, `return` only appears in command-line handling (the
early exit), and a `?` has a `Result` to go to. A statement that breaks a rule stays in
`main`, the reason is kept, and the runs are recomputed until nothing changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nova_refactor.codemods.plan import ENTRY
from nova_refactor.codemods.rust.control import pinned
from nova_refactor.codemods.rust.infer import Inference
from nova_refactor.codemods.rust.statements import Stmt
from nova_refactor.codemods.rust.types import FUTURE, last, split_generic
from nova_refactor.frontends.rust.syntax import text

MODULE_OF_KIND = {"cli": "cli", "state": "app_state", "services": "app_services",
                  "background": "background", "routes": "routes"}
STRUCTS = {"app_state": ("AppState", "init"), "app_services": ("AppServices", "build"),
           "background": ("Background", "start")}
FUNCTIONS = {"cli": "parse_args", "routes": "router"}
GENERATED = re.compile(r"\b(app_state|app_services|background|cli|routes)::")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str  # qualified
    by_value: bool
    mutable: bool


@dataclass
class Extraction:
    module: str
    function: str
    struct: str  # "" for a free function
    stmts: list[Stmt]
    params: list[Param] = field(default_factory=list)
    returns: list[tuple[str, str, bool]] = field(default_factory=list)  # name, type, mut
    is_async: bool = False
    fallible: bool = False
    early_exit: bool = False


@dataclass
class Slicing:
    stmts: list[Stmt]
    target: list[str]
    reasons: list[str]
    extractions: list[Extraction] = field(default_factory=list)
    types: dict[tuple[int, str], str] = field(default_factory=dict)


def type_bindings(stmts: list[Stmt], inference: Inference) -> dict[tuple[int, str], str]:
    """The inferred type of every binding, keyed by (defining statement, name)."""
    env: dict[str, str] = {}
    found: dict[tuple[int, str], str] = {}
    for stmt in stmts:
        if stmt.node.type != "let_declaration":
            for name in stmt.defines:
                env.pop(name, None)
            continue
        got = inference.binding(stmt.node, env)
        for name in stmt.defines:
            env.pop(name, None)
            if name in got and not got[name].startswith(FUTURE):
                env[name] = got[name]
                found[(stmt.index, name)] = got[name]
    return found


def slice_main(stmts: list[Stmt], wanted: tuple[str, ...], types: dict[tuple[int, str], str],
               main_returns: str) -> Slicing:
    slicing = Slicing(stmts, [], [], types=types)
    stays = pinned(stmts)  # main's tail and split declarations: its control flow
    for stmt in stmts:
        module, reason = _initial(stmt, wanted, types)
        if stmt.index in stays:
            module, reason = ENTRY, stays[stmt.index]
        slicing.target.append(module)
        slicing.reasons.append(reason)
    for _ in range(len(stmts) + 1):
        if not _settle(slicing, main_returns):
            break
    slicing.extractions = [_extraction(slicing, run, main_returns) for run in _runs(slicing)]
    return slicing


def _initial(stmt: Stmt, wanted: tuple[str, ...], types: dict[tuple[int, str], str]
             ) -> tuple[str, str]:
    source = text(stmt.node)
    if GENERATED.search(source):
        return ENTRY, "wires a module of the split"
    kind, why = stmt.kind, f"{stmt.kind} segment: {stmt.why}"
    handles = [n for n in stmt.defines
               if last(split_generic(types.get((stmt.index, n), ""))[0]) == "JoinHandle"]
    if handles:
        kind, why = "background", f"binds the join handle `{handles[0]}`"
    if kind == "routes" and "Router::new" not in source:
        return ENTRY, "builds the server: an App chain's routes are extracted in place" \
            if "App::new" in source else "prepares the server"
    module = MODULE_OF_KIND.get(kind)
    if module is None:
        return ENTRY, f"{kind} stays in main"
    if module not in wanted:
        return ENTRY, f"{kind}: not part of this codemod"
    return module, why


def _runs(slicing: Slicing) -> list[list[Stmt]]:
    runs: list[list[Stmt]] = []
    for stmt in slicing.stmts:
        module = slicing.target[stmt.index]
        if module == ENTRY:
            continue
        previous = runs[-1][-1] if runs else None
        if previous is not None and slicing.target[previous.index] == module and \
                previous.index == stmt.index - 1 and previous.returns >= stmt.returns:
            runs[-1].append(stmt)
        else:
            runs.append([stmt])
    return runs


def _settle(slicing: Slicing, main_returns: str) -> bool:
    """Keep in main the first statement that breaks a rule; True when something changed."""
    seen: set[str] = set()
    for run in _runs(slicing):
        module = slicing.target[run[0].index]
        if module in STRUCTS and module in seen:
            return _stay(slicing, run, f"a second {module} segment: {module}.rs builds one "
                         f"`{STRUCTS[module][0]}`")
        seen.add(module)
        problem = _problem(slicing, run, module, main_returns)
        if problem is not None:
            stmt, why = problem
            return _stay(slicing, [stmt], why)
    return False


def _stay(slicing: Slicing, stmts: list[Stmt], why: str) -> bool:
    for stmt in stmts:
        slicing.target[stmt.index] = ENTRY
        slicing.reasons[stmt.index] = why
    return True


def _problem(slicing: Slicing, run: list[Stmt], module: str, main_returns: str
             ) -> tuple[Stmt, str] | None:
    for stmt in run:
        why = _statement_problem(stmt, module, main_returns)
        if why:
            return stmt, why
    if all(_is_clone(s) for s in run):
        return run[0], "only clones a binding: kept next to its use"
    exits = [s for s in run if s.returns]
    if exits and _returned(slicing, run):
        return exits[0], "exits early and also defines bindings main uses later"
    return _param_problem(slicing, run) or _return_problem(slicing, run)


def _is_clone(stmt: Stmt) -> bool:
    value = stmt.node.child_by_field_name("value") if stmt.node.type == "let_declaration" \
        else None
    return value is not None and value.type == "call_expression" and \
        text(value.child_by_field_name("function")).endswith(".clone")


def _statement_problem(stmt: Stmt, module: str, main_returns: str) -> str:
    if stmt.attributed:
        return "has an attribute (`#[cfg(..)]`, ..) that applies where it stands"
    if stmt.returns and (module != "cli" or stmt.tries):
        return "returns from main (only the command line may exit early)"
    if stmt.tries and not _result_like(main_returns):
        return "uses `?` but main does not return a Result"
    return ""


def _param_problem(slicing: Slicing, run: list[Stmt]) -> tuple[Stmt, str] | None:
    first, last_index = run[0].index, run[-1].index
    for stmt in run:
        for name, origin in sorted(stmt.reaching.items()):
            if origin >= first:
                continue
            written = slicing.types.get((origin, name))
            if written is None:
                return stmt, f"uses `{name}`, whose type cannot be inferred"
            moved = name in stmt.by_value or name in slicing.stmts[origin].mutable
            if moved and _used_after(slicing, name, origin, last_index):
                return stmt, f"moves `{name}`, which main still uses after it"
    return None


def _return_problem(slicing: Slicing, run: list[Stmt]) -> tuple[Stmt, str] | None:
    for stmt, name in _returned(slicing, run):
        if (stmt.index, name) not in slicing.types:
            return stmt, f"defines `{name}`, used later by main, whose type cannot be inferred"
    return None


def _returned(slicing: Slicing, run: list[Stmt]) -> list[tuple[Stmt, str]]:
    last_index = run[-1].index
    found = []
    for stmt in run:
        for name in stmt.defines:
            if _used_after(slicing, name, stmt.index, last_index):
                found.append((stmt, name))
    return found


def _used_after(slicing: Slicing, name: str, origin: int, after: int) -> bool:
    return any(s.reaching.get(name) == origin for s in slicing.stmts[after + 1:])


def _result_like(written: str) -> bool:
    return last(split_generic(written)[0]) == "Result"


def _extraction(slicing: Slicing, run: list[Stmt], main_returns: str) -> Extraction:
    module = slicing.target[run[0].index]
    struct, function = STRUCTS.get(module, ("", FUNCTIONS.get(module, "")))
    early = any(s.returns for s in run)
    if early:
        function = "early_exit"
    extraction = Extraction(module, function, struct, run, early_exit=early,
                            is_async=any(s.awaits for s in run),
                            fallible=any(s.tries for s in run))
    extraction.params = _params(slicing, run)
    extraction.returns = [(name, slicing.types[(stmt.index, name)], name in stmt.mutable)
                          for stmt, name in _returned(slicing, run)]
    if not extraction.returns:
        extraction.struct = ""
    return extraction


def _params(slicing: Slicing, run: list[Stmt]) -> list[Param]:
    """What the run reads from earlier statements, in first-use order; by value when any use
    moves it (or it was bound `mut`)."""
    first = run[0].index
    params: dict[str, Param] = {}
    for stmt in run:
        for name, origin in sorted(stmt.reaching.items()):
            if origin >= first:
                continue
            mutable = name in slicing.stmts[origin].mutable
            old = params.get(name)
            moved = name in stmt.by_value or mutable or (old is not None and old.by_value)
            params[name] = Param(name, slicing.types[(origin, name)], moved, mutable)
    return list(params.values())
