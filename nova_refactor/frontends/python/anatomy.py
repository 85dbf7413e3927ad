"""Entrypoint anatomy: split a module's top-level statements into responsibilities.

Each statement is classified by rules over what it calls, defines and is decorated with, tried
in a fixed order; every classification carries the reason that decided it, so a human can
check it. Consecutive statements of one kind form a `Segment`. Calls to functions defined in
the module inherit the kind of the function (`init_storage()` is state when `init_storage` is).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Protocol, TypeVar

from nova_refactor.frontends.python.index import ModuleIndex, dotted
from nova_refactor.frontends.python.locks import canonical, import_aliases
from nova_refactor.frontends.python.routes import RoutingFacts
from nova_refactor.model import (
    APP_KINDS,
    EntrypointFacts,
    MountKind,
    RouterKind,
    Segment,
    SegmentKind,
    Signal,
    SignalKind,
)

SPLIT_PIECE = re.compile(r"Split out of `[^`]+` by nova-refactor \(")
ENTRY_FILENAMES = {"main.py", "app.py", "__main__.py", "wsgi.py", "asgi.py", "manage.py"}
SERVER_CALLS = re.compile(
    r"\.(run_app|serve_forever|make_server|run_simple)$|^(uvicorn|hypercorn|waitress|gunicorn)\."
)
CLI_CALLS = re.compile(
    r"^(argparse\.|click\.|typer\.|sys\.argv|optparse\.)"
    r"|(\.add_subparsers|\.add_parser|\.parse_args)$"
)
BACKGROUND_CALLS = re.compile(
    r"^(threading\.(Thread|Timer)|asyncio\.(create_task|ensure_future|gather|run|new_event_loop)"
    r"|concurrent\.futures\.|sched\.|multiprocessing\.Process)"
    r"|\.(create_task|run_forever|run_in_executor|submit|start)$"
)
BACKGROUND_PLUMBING = re.compile(
    r"^(threading\.Event|queue\.(Queue|SimpleQueue|PriorityQueue)|asyncio\.Queue)$"
)
LOGGING_CALLS = re.compile(r"^logging\.|\.(addHandler|setLevel|setFormatter|addFilter)$")
CONFIG_CALLS = re.compile(
    r"^(os\.environ|os\.getenv|configparser\.|tomllib\.|dotenv\.)|(^|\.)(getenv|environ\.get)$"
)
STATE_CALLS = re.compile(
    r"(Client|Pool|Engine|Session|Connection|Cache|Repository|Redis|Store|Database|DB|Registry"
    r"|Lock|RLock|Semaphore|BoundedSemaphore|Condition|defaultdict|deque|OrderedDict|Counter"
    r"|local)$"
)
SERVICE_NAMES = re.compile(r"(Service|Manager|Factory|Gateway|Facade|Processor|Publisher)$")
BACKGROUND_NAMES = re.compile(
    r"worker|scheduler|_loop$|flusher|poller|reaper|heartbeat|^start_|^stop_|_job$|_task$"
)
LOGGING_BASES = re.compile(r"logging\.(Formatter|Filter|Handler|LoggerAdapter)$")


@dataclass(slots=True)
class _Features:
    """What one top-level statement does, computed once."""

    calls: set[str] = field(default_factory=set)
    defines: set[str] = field(default_factory=set)
    loads: set[str] = field(default_factory=set)
    def_name: str = ""
    decorators: set[str] = field(default_factory=set)
    bases: set[str] = field(default_factory=set)
    value: ast.expr | None = None


@dataclass(slots=True)
class _Context:
    routing: RoutingFacts
    thread_targets: set[str]
    rebound_globals: set[str]
    def_kinds: dict[str, SegmentKind] = field(default_factory=dict)


Rule = Callable[[ast.stmt, _Features, _Context], str | None]


class _Located(Protocol):
    @property
    def line(self) -> int: ...


_T = TypeVar("_T", bound=_Located)


def entrypoint_signals(
    path: str, tree: ast.Module, routing: RoutingFacts, script: bool
) -> list[Signal]:
    signals = []
    if any(_is_main_guard(stmt) for stmt in tree.body):
        signals.append(Signal(SignalKind.MAIN_GUARD))
    for router in routing.routers:
        if router.kind in APP_KINDS and _module_level(tree, router.line):
            app = f"{router.kind} app `{router.var}` (line {router.line})"
            signals.append(Signal(SignalKind.APP, app))
    signals += [Signal(SignalKind.APP, app) for app in _factory_apps(tree, routing)]
    signals += [Signal(SignalKind.APP, app) for app in _started_apps(tree)]
    if script:
        signals.append(Signal(SignalKind.SCRIPT))
    if PurePosixPath(path).name in ENTRY_FILENAMES:
        signals.append(Signal(SignalKind.FILE_NAME, PurePosixPath(path).name))
    return signals


def _factory_apps(tree: ast.Module, routing: RoutingFacts) -> list[str]:
    """`app = get_application()` at module level, where `get_application` is this module's
    function that builds the app and returns it (FastAPI's and Flask's app factories)."""
    apps = {r.var: r.kind for r in routing.routers if r.kind in APP_KINDS}
    factories = {link.child: apps[link.parent] for link in routing.links
                 if link.kind == MountKind.SAME and link.parent in apps}
    found = []
    for stmt in tree.body:
        factory = _called_name(stmt)
        if factory in factories:
            target = ast.unparse(stmt.targets[0])  # type: ignore[attr-defined]
            found.append(f"{factories[factory]} app `{target}` built by {factory}() "
                         f"(line {stmt.lineno})")
            factories.pop(factory)  # said once: the call names the factory
    return found + _factories_called_elsewhere(tree, factories)


def _factories_called_elsewhere(tree: ast.Module, factories: dict[str, RouterKind]
                                ) -> list[str]:
    """A top-level function that builds the app and returns it, called by no statement of its
    own module (CTFd's `create_app` in `CTFd/__init__.py`, called by `serve.py`, `wsgi.py`,
    `manage.py` and the tests): the module that assembles the app is the one to split, as
    `flask run` finds a `create_app`/`make_app` factory; the small runners only call it."""
    defined = {stmt.name: stmt.lineno for stmt in tree.body
               if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return [f"{kind} app factory {name}() (line {defined[name]})"
            for name, kind in factories.items() if name in defined]


def _started_apps(tree: ast.Module) -> list[str]:
    """`app = create_app()` of an imported factory, then `app.run(..)` as a module-level
    statement (CTFd's `serve.py`): the file starts the server when it runs."""
    imported = {alias.asname or alias.name for stmt in tree.body
                if isinstance(stmt, ast.ImportFrom) for alias in stmt.names}
    built: dict[str, str] = {}
    for stmt in tree.body:
        factory = _called_name(stmt)
        if factory in imported:
            target = ast.unparse(stmt.targets[0])  # type: ignore[attr-defined]
            built[target] = f"app `{target}` from imported {factory}() (line {stmt.lineno})"
    return [f"{built[name]}, run at line {stmt.lineno}" for stmt in tree.body
            if (name := _run_receiver(stmt)) in built]


def _run_receiver(stmt: ast.stmt) -> str:
    """`x` for the statement `x.run(..)`, else ""."""
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) \
            and call.func.attr == "run" and isinstance(call.func.value, ast.Name):
        return call.func.value.id
    return ""


def _called_name(stmt: ast.stmt) -> str:
    """`f` for `x = f(..)`, else ""."""
    if (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Name)):
        return stmt.value.func.id
    return ""


def is_split_piece(tree: ast.Module) -> bool:
    """A module `apply` split out of an entrypoint (it says so in its docstring) is a part of
    that entrypoint, not one of its own, even when it holds the app object."""
    return bool(SPLIT_PIECE.search(ast.get_docstring(tree, clean=False) or ""))


def _module_level(tree: ast.Module, line: int) -> bool:
    return any(stmt.lineno == line for stmt in tree.body)


def _is_main_guard(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.If) or not isinstance(stmt.test, ast.Compare):
        return False
    parts = [stmt.test.left, *stmt.test.comparators]
    names = {p.id for p in parts if isinstance(p, ast.Name)}
    values = {p.value for p in parts if isinstance(p, ast.Constant)}
    return names == {"__name__"} and values == {"__main__"}


def collect_anatomy(
    index: ModuleIndex, path: str, routing: RoutingFacts, script: bool
) -> EntrypointFacts | None:
    signals = entrypoint_signals(path, index.tree, routing, script)
    if not signals or is_split_piece(index.tree):
        return None
    aliases = import_aliases(index)
    context = _Context(
        routing=routing,
        thread_targets=_thread_targets(index, aliases),
        rebound_globals={name for node, _ in index.globals for name in node.names},
    )
    module_names = _module_names(index.tree)
    classified = []
    for stmt in index.tree.body:
        features = _features(stmt, aliases)
        kind, reason = _classify(stmt, features, context)
        if features.def_name:
            context.def_kinds[features.def_name] = kind
        classified.append((stmt, features, kind, reason))
    return EntrypointFacts(tuple(signals), _segments(classified, module_names))


def _thread_targets(index: ModuleIndex, aliases: dict[str, str]) -> set[str]:
    targets = set()
    for call, _ in index.calls:
        name = canonical(dotted(call.func), aliases)
        if BACKGROUND_CALLS.search(name):
            for kw in call.keywords:
                if kw.arg == "target":
                    targets.add(dotted(kw.value))
            for arg in call.args:
                targets.add(dotted(arg))
    targets.discard("")
    return targets


def _module_names(tree: ast.Module) -> set[str]:
    names = set()
    for stmt in tree.body:
        names |= _bound_names(stmt)
    return names


def _bound_names(stmt: ast.stmt) -> set[str]:
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {stmt.name}
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in stmt.names if a.name != "*"}
    names = set()
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)  # defined inside a module-level `if`
    return names


def _features(stmt: ast.stmt, aliases: dict[str, str]) -> _Features:
    features = _Features(defines=_bound_names(stmt))
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        _add_definition(features, stmt, aliases)
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        features.value = stmt.value
    for node in ast.walk(stmt):
        _add_usage(features, node, aliases)
    features.calls.discard("")
    return features


def _add_definition(
    features: _Features,
    stmt: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef,
    aliases: dict[str, str],
) -> None:
    features.def_name = stmt.name
    features.decorators = {canonical(dotted(d), aliases) for d in stmt.decorator_list}
    if isinstance(stmt, ast.ClassDef):
        features.bases = {canonical(dotted(b), aliases) for b in stmt.bases}


def _add_usage(features: _Features, node: ast.AST, aliases: dict[str, str]) -> None:
    if isinstance(node, ast.Call):
        features.calls.add(canonical(dotted(node.func), aliases))
    elif isinstance(node, ast.Attribute) and dotted(node):
        features.calls.add(canonical(dotted(node), aliases))  # os.environ[...] reads
    elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        features.loads.add(node.id)


def _match(pattern: re.Pattern[str], names: set[str]) -> str | None:
    return next((n for n in sorted(names) if pattern.search(n)), None)


def _rule_imports(stmt: ast.stmt, f: _Features, c: _Context) -> str | None:
    return "import statement" if isinstance(stmt, (ast.Import, ast.ImportFrom)) else None


def _rule_main_guard(stmt: ast.stmt, f: _Features, c: _Context) -> str | None:
    return '`if __name__ == "__main__"` guard' if _is_main_guard(stmt) else None


def _rule_routes(stmt: ast.stmt, f: _Features, c: _Context) -> str | None:
    lines = range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1)
    route = _first_within(c.routing.routes, lines)
    if route is not None:
        return f"registers route {','.join(route.methods)} {route.rule}"
    if f.def_name and f.def_name in c.routing.handlers:
        return f"request handler or hook `{f.def_name}`"
    return _mount_or_router(c.routing, lines)


def _mount_or_router(routing: RoutingFacts, lines: range) -> str | None:
    mount = _first_within(routing.mounts, lines)
    if mount is not None:
        return f"mounts router `{mount.child}` on `{mount.parent}`"
    router = _first_within(routing.routers, lines)
    return f"creates {router.kind} router `{router.var}`" if router else None


def _first_within(facts: Iterable[_T], lines: range) -> _T | None:
    """The first fact whose line falls within the statement's lines."""
    return next((item for item in facts if item.line in lines), None)


def _rule_cli(stmt: ast.stmt, f: _Features, c: _Context) -> str | None:
    hit = _match(CLI_CALLS, f.calls | f.decorators)
    return f"uses {hit}" if hit else None


def _server_call(f: _Features, c: _Context) -> str | None:
    apps = {f"{r.var}.run" for r in c.routing.routers
            if r.kind in (RouterKind.FLASK, RouterKind.FASTAPI)}
    return _match(SERVER_CALLS, f.calls) or next((a for a in sorted(apps) if a in f.calls), None)


def _rule_server(stmt: ast.stmt, f: _Features, c: _Context) -> str | None:
    hit = _server_call(f, c)
    return f"starts the server via {hit}()" if hit else None


def _rule_background(stmt: ast.stmt, f: _Features, c: _Context) -> str | None:
    if f.def_name and f.def_name in c.thread_targets:
        return f"`{f.def_name}` runs as a thread or task target"
    hit = _match(BACKGROUND_CALLS, f.calls) if f.def_name else None
    if hit:
        return f"starts background work via {hit}()"
    if f.def_name and BACKGROUND_NAMES.search(f.def_name):
        return f"named like background work: `{f.def_name}`"
    if isinstance(f.value, ast.Call) and BACKGROUND_PLUMBING.search(_value_call(f)):
        return f"worker plumbing: {_value_call(f)}()"
    return None


def _value_call(f: _Features) -> str:
    assert isinstance(f.value, ast.Call)
    return next((c for c in f.calls if c.endswith(dotted(f.value.func))), dotted(f.value.func))


def _rule_logging(stmt: ast.stmt, f: _Features, c: _Context) -> str | None:
    if _match(LOGGING_BASES, f.bases):
        return "logging formatter, filter or handler class"
    if f.def_name and not (f.def_name.startswith("setup_log") or "logging" in f.def_name):
        return None  # functions merely calling logger.info are not logging set-up
    hit = _match(LOGGING_CALLS, f.calls)
    return f"configures logging via {hit}" if hit else None


def _rule_services(stmt: ast.stmt, f: _Features, c: _Context) -> str | None:
    if f.def_name and ("service" in f.def_name.lower() or SERVICE_NAMES.search(f.def_name)):
        return f"defines service construction `{f.def_name}`"
    if isinstance(f.value, ast.Call) and SERVICE_NAMES.search(dotted(f.value.func)):
        return f"constructs service {dotted(f.value.func)}()"
    return None


def _rule_state(stmt: ast.stmt, f: _Features, c: _Context) -> str | None:
    rebound = sorted(f.defines & c.rebound_globals)
    if rebound and not f.def_name:
        return f"global `{rebound[0]}` is rebound at run time"
    if f.def_name and re.match(r"(init|setup|reset)_", f.def_name):
        return f"initialises shared state: `{f.def_name}`"
    if isinstance(f.value, ast.Call) and STATE_CALLS.search(dotted(f.value.func)):
        return f"builds shared object {dotted(f.value.func)}()"
    if isinstance(f.value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp)):
        return "module-level mutable container"
    return None


def _constant_name(f: _Features) -> bool:
    return bool(f.defines) and all(name.isupper() for name in f.defines)


def _rule_config(stmt: ast.stmt, f: _Features, c: _Context) -> str | None:
    hit = _match(CONFIG_CALLS, f.calls)
    if hit:
        return f"reads configuration via {hit}"
    if f.def_name and re.search(r"config|settings", f.def_name, re.IGNORECASE):
        return f"configuration type or loader `{f.def_name}`"
    if f.value is not None and _constant_name(f) and _immutable(f.value):
        return "upper-case module constant"
    return None


def _immutable(value: ast.expr) -> bool:
    return all(
        isinstance(node, (ast.Constant, ast.Tuple, ast.Name, ast.Attribute, ast.BinOp,
                          ast.UnaryOp, ast.JoinedStr, ast.FormattedValue, ast.Load,
                          ast.operator, ast.unaryop, ast.Call))
        and not (isinstance(node, ast.Call) and dotted(node.func) not in IMMUTABLE_CALLS)
        for node in ast.walk(value)
    )


IMMUTABLE_CALLS = {"int", "float", "str", "bool", "frozenset", "tuple", "Path", "timedelta"}


def _known_callees(f: _Features, c: _Context) -> list[str]:
    return sorted(name for name in f.calls
                  if c.def_kinds.get(name, SegmentKind.OTHER) != SegmentKind.OTHER)


def _rule_inherited(stmt: ast.stmt, f: _Features, c: _Context) -> str | None:
    """A call to, or a thin function around, a module function whose kind is known."""
    callees = _known_callees(f, c)
    if isinstance(stmt, ast.Expr | ast.FunctionDef) and len(callees) == 1:
        return f"calls `{callees[0]}` ({c.def_kinds[callees[0]]})"
    return None


def _inherited_kind(f: _Features, c: _Context) -> SegmentKind:
    return c.def_kinds[_known_callees(f, c)[0]]


def _guard_kind(f: _Features, c: _Context) -> SegmentKind:
    return SegmentKind.SERVER if _server_call(f, c) else SegmentKind.CLI


# A rule's kind is fixed, or decided from the statement once the rule has matched.
RULES: tuple[tuple[SegmentKind | Callable[[_Features, _Context], SegmentKind], Rule], ...] = (
    (SegmentKind.IMPORTS, _rule_imports),
    (_guard_kind, _rule_main_guard),
    (SegmentKind.ROUTES, _rule_routes),
    (SegmentKind.CLI, _rule_cli),
    (SegmentKind.SERVER, _rule_server),
    (SegmentKind.BACKGROUND, _rule_background),
    (SegmentKind.LOGGING, _rule_logging),
    (SegmentKind.SERVICES, _rule_services),
    (SegmentKind.STATE, _rule_state),
    (SegmentKind.CONFIG, _rule_config),
    (_inherited_kind, _rule_inherited),
)


def _classify(stmt: ast.stmt, features: _Features, context: _Context) -> tuple[SegmentKind, str]:
    if _is_docstring(stmt):
        return SegmentKind.OTHER, "module docstring"
    for kind, rule in RULES:
        reason = rule(stmt, features, context)
        if reason:
            return (kind if isinstance(kind, SegmentKind) else kind(features, context)), reason
    return SegmentKind.OTHER, "no responsibility recognised"


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(
        stmt.value.value, str
    )


def _first_line(stmt: ast.stmt) -> int:
    decorators = getattr(stmt, "decorator_list", [])
    return min([stmt.lineno, *(d.lineno for d in decorators)])


def _segments(
    classified: list[tuple[ast.stmt, _Features, SegmentKind, str]], module_names: set[str]
) -> tuple[Segment, ...]:
    groups: list[list[tuple[ast.stmt, _Features, SegmentKind, str]]] = []
    for item in classified:
        if groups and groups[-1][0][2] == item[2]:
            groups[-1].append(item)
        else:
            groups.append([item])
    segments = []
    for group in groups:
        defines = set().union(*(f.defines for _, f, _, _ in group))
        uses = set().union(*(f.loads for _, f, _, _ in group)) & module_names
        reasons = list(dict.fromkeys(reason for _, _, _, reason in group))
        segments.append(
            Segment(
                kind=group[0][2],
                start_line=_first_line(group[0][0]),
                end_line=group[-1][0].end_lineno or group[-1][0].lineno,
                defines=tuple(sorted(defines)),
                uses=tuple(sorted(uses - defines)),
                reasons=tuple(reasons[:8]),
            )
        )
    return tuple(segments)
