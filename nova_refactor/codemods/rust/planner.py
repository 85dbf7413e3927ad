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
from nova_refactor.codemods.rust.types import COPY, FUTURE, last, split_generic
from nova_refactor.codemods.split_modules import ALL_MODULES
from nova_refactor.frontends.rust.syntax import text

MODULE_OF_KIND = {"cli": "cli", "state": "app_state", "services": "app_services",
                  "background": "background", "routes": "routes"}
STRUCTS = {"app_state": ("AppState", "init"), "app_services": ("AppServices", "build"),
           "background": ("Background", "start")}
FUNCTIONS = {"cli": "parse_args", "routes": "router"}
# a path into a module of the split; the names a split chose are passed (rust/targets.py)
GENERATED = re.compile(rf"\b({'|'.join(ALL_MODULES)})::")
# Kinds that make up start-up: when state, services and workers interleave, the whole
# stretch (configuration and logging set-up included) becomes one ordered `AppState::init`.
START_UP = frozenset({"config", "logging", "log", "state", "services", "background", "other"})
STOP = ("background", "stop")
SERVER = re.compile(r"\bHttpServer::new\b|\bApp::new\b|\bRouter::new\b|\bserve\(")
STOPPING = frozenset({"shutdown", "routes", "server", "log", "other", "background"})


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
    whole: str = ""  # main binds the returned struct whole, by this name (not destructured)
    prelude: str = ""  # written before the moved statements (destructures a struct param)


@dataclass
class Slicing:
    stmts: list[Stmt]
    target: list[str]
    reasons: list[str]
    extractions: list[Extraction] = field(default_factory=list)
    types: dict[tuple[int, str], str] = field(default_factory=dict)
    ordered: bool = False  # start-up kinds interleave: one ordered AppState::init
    stopping: set[int] = field(default_factory=set)  # statements of the shutdown sequence


def type_bindings(stmts: list[Stmt], inference: Inference,
                  conventions: dict[tuple[int, str], str] | None = None
                  ) -> dict[tuple[int, str], str]:
    """The inferred type of every binding, keyed by (defining statement, name); the bindings
    typed by a convention go to `conventions`, with the rule, so the plan can name them."""
    env: dict[str, str] = {}
    found: dict[tuple[int, str], str] = {}
    for stmt in stmts:
        if stmt.node.type != "let_declaration":
            for name in stmt.defines:
                env.pop(name, None)
            continue
        got = inference.binding(stmt.node, env)
        if conventions is not None and inference.conventions:
            for name in got:
                conventions[(stmt.line, name)] = inference.conventions[0].rule
        for name in stmt.defines:
            env.pop(name, None)
            if name in got and not got[name].startswith(FUTURE):
                env[name] = got[name]
                found[(stmt.index, name)] = got[name]
    return found


def slice_main(stmts: list[Stmt], wanted: tuple[str, ...], types: dict[tuple[int, str], str],
               main_returns: str, stop: bool = False,
               wiring: re.Pattern[str] = GENERATED) -> Slicing:
    """`stop`: the shutdown sequence after the server moves too (to `background::stop`);
    `wiring`: a path into the split's modules (a statement naming one stays)."""
    slicing = Slicing(stmts, [], [], types=types)
    stays = pinned(stmts)  # main's tail and split declarations: its control flow
    for stmt in stmts:
        module, reason = _initial(stmt, wanted, types, wiring)
        if stmt.index in stays:
            module, reason = ENTRY, stays[stmt.index]
        slicing.target.append(module)
        slicing.reasons.append(reason)
    if "app_state" in wanted:
        _order_start_up(slicing)
    if stop and "background" in wanted:
        _stop_sequence(slicing)
    for _ in range(len(stmts) + 1):
        if not _settle(slicing, main_returns):
            break
    parts: dict[str, int] = {}
    for run in _runs(slicing):
        module = slicing.target[run[0].index]
        if run[0].index in slicing.stopping:
            module = "stop"
        parts[module] = parts.get(module, 0) + 1
        slicing.extractions.append(_extraction(slicing, run, main_returns, parts[module]))
    return slicing


def _order_start_up(slicing: Slicing) -> None:
    """When a kind of start-up comes back after another (state, services, state, ..), the
    stretch from the first start-up statement to the last becomes one ordered init: the
    statements keep their order, nothing is reordered across kinds."""
    modules = [m for m in (slicing.target[run[0].index] for run in _runs(slicing))
               if m in STRUCTS]
    if len(modules) == len(set(modules)):
        return
    low, high = _start_up_span(slicing)
    slicing.ordered = True
    for stmt in slicing.stmts[low:high + 1]:
        if _joins_start_up(slicing, stmt) or slicing.target[stmt.index] in STRUCTS:
            _assign(slicing, stmt, "app_state", f"ordered start-up ({stmt.kind}): kinds "
                    "interleave, so one `AppState::init` builds them in their original order")


def _start_up_span(slicing: Slicing) -> tuple[int, int]:
    """First and last statement of start-up: from the first state/services/worker statement
    (with the configuration and logging right before it) to the last."""
    inside = [s.index for s in slicing.stmts if slicing.target[s.index] in STRUCTS]
    low = inside[0]
    while low > 0 and _joins_start_up(slicing, slicing.stmts[low - 1]):
        low -= 1
    return low, inside[-1]


def _assign(slicing: Slicing, stmt: Stmt, module: str, why: str) -> None:
    slicing.target[stmt.index] = module
    slicing.reasons[stmt.index] = why


def _joins_start_up(slicing: Slicing, stmt: Stmt) -> bool:
    return stmt.kind in START_UP and not _is_tail(stmt) and \
        slicing.reasons[stmt.index] != "wires a module of the split" and \
        not (slicing.target[stmt.index] == ENTRY and stmt.kind in MODULE_OF_KIND
             and stmt.kind not in ("state", "services", "background"))


def _stop_sequence(slicing: Slicing) -> None:
    """What main does once the server has returned (the statement awaiting it), main's tail
    excepted: the shutdown sequence, in its order."""
    served = _server_awaited(slicing.stmts)
    if served is None:
        return
    for stmt in slicing.stmts[served + 1:]:
        if stmt.kind in STOPPING and not _is_tail(stmt) and slicing.target[stmt.index] == ENTRY:
            slicing.stopping.add(stmt.index)
            _assign(slicing, stmt, STOP[0], "shutdown sequence: stops and awaits the workers "
                    "in order, as `background::stop`")


def _server_awaited(stmts: list[Stmt]) -> int | None:
    """The first statement, at or after the one building the server, that awaits."""
    built = next((s.index for s in stmts if SERVER.search(text(s.node))), None)
    if built is None:
        return None
    return next((s.index for s in stmts[built:] if s.awaits), None)


def _is_tail(stmt: Stmt) -> bool:
    """main's tail expression is its return value: it stays where it is."""
    return stmt.node.next_named_sibling is None and stmt.node.type not in (
        "expression_statement", "let_declaration") and not stmt.node.type.endswith("_item")


def _initial(stmt: Stmt, wanted: tuple[str, ...], types: dict[tuple[int, str], str],
             wiring: re.Pattern[str]) -> tuple[str, str]:
    source = text(stmt.node)
    if wiring.search(source):
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
                previous.index == stmt.index - 1 and previous.returns >= stmt.returns and \
                (previous.index in slicing.stopping) == (stmt.index in slicing.stopping):
            runs[-1].append(stmt)
        else:
            runs.append([stmt])
    return runs


def _settle(slicing: Slicing, main_returns: str) -> bool:
    """Keep in main the first statement that breaks a rule; True when something changed."""
    for run in _runs(slicing):
        module = slicing.target[run[0].index]
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


def _extraction(slicing: Slicing, run: list[Stmt], main_returns: str, part: int = 1
                ) -> Extraction:
    """`part` counts the runs of one module: a second stretch of state becomes
    `AppStatePart2::init`, called where the stretch stood (never a refusal)."""
    module = slicing.target[run[0].index]
    struct, function = _names(slicing, run, module, part)
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


def _names(slicing: Slicing, run: list[Stmt], module: str, part: int) -> tuple[str, str]:
    """The struct (or "") and function a run becomes."""
    struct, function = STRUCTS.get(module, ("", FUNCTIONS.get(module, "")))
    if run[0].index in slicing.stopping:
        return "", STOP[1] if part == 1 else f"{STOP[1]}_{part}"
    if part > 1:
        return (f"{struct}Part{part}", function) if struct else ("", f"{function}_{part}")
    return struct, function


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
            written = slicing.types[(origin, name)]
            moved = name in stmt.by_value or mutable or (old is not None and old.by_value) \
                or written in COPY  # `if verbose` needs a bool, not a &bool
            params[name] = Param(name, written, moved, mutable)
    return list(params.values())
