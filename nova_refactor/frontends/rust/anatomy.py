"""`fn main` anatomy: the statements of `main` (plain, `#[tokio::main]`, `#[actix_web::main]`)
split into responsibilities.

Each statement gets every kind whose rule matches what it calls (paths, `.methods`, `macros!`),
directly or through a free function of the same file it calls (`init_tracing()` is logging when
its body is); the earliest kind in `RULES` wins, and the reason is kept. Without a match: a
`match`/`if` on a binding the cli segment defined is the subcommand dispatch (cli); a `let` that
only clones a binding prepares the next segment; a statement using earlier bindings continues
the segment before it. Log-only statements (`info!(..)`) join the segment before them.
Consecutive statements of one kind form a `Segment` with the bindings it defines and the
bindings of earlier segments it uses. Which files: `main.rs`, `src/bin/*.rs`, or a `main` that
starts an async runtime outside tests, examples and benches; never `build.rs`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from nova_refactor.frontends.rust.chains import callee
from nova_refactor.frontends.rust.functions import FnInfo
from nova_refactor.frontends.rust.syntax import (
    attribute_parts,
    attributes_of,
    descendants,
    line,
    text,
    walk,
)
from nova_refactor.model import EntrypointFacts, Segment, SegmentKind, Signal, SignalKind

# (kind, pattern over "path", ".method" and "macro!" names the statement calls). Every kind a
# statement matches (directly or through a helper) competes; the earliest in this list wins.
# Each kind is a SegmentKind's value; "log" and "prep" are statement-only kinds that join the
# run before or after them and never name a segment.
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cli", re.compile(r"env::args(_os)?$|^(\w+::)*\w*(Cli|Args|Opts|Options|Arguments)::"
                       r"(parse|try_parse|from_args|parse_from)$"
                       r"|^clap::|\.subcommand$|\.get_matches$|^(run_cli|parse_command|parse_args)$")),
    ("routes", re.compile(r"(^|::)App::new$|(^|::)Router::new$|\.configure$|\.nest$")),
    ("logging", re.compile(r"^tracing_subscriber::|^env_logger::|^log::set_|^simple_logger::|"
                           r"^fern::|^(\w+::)?Logger::init|\.with_max_level$|^init_(logging|tracing)$")),
    ("config", re.compile(r"env::var(_os)?$|^dotenv|^(\w+::)*(Config|Settings|AppConfig)::"
                          r"(from_env|load|new|parse|from_file|default)$|^load_config$|^config::")),
    # `background::stop` is the shutdown sequence a split moved out of main
    ("shutdown", re.compile(r"(^|::)ctrl_c$|signal::unix::signal$|\.notify_waiters$|\.abort$|"
                            r"\.(shutdown|graceful_shutdown|stop)$|^shutdown\w*$|^background::stop$")),
    ("server", re.compile(r"HttpServer::new$|\.bind$|\.run$|^axum::serve$|\.serve$|"
                          r"TcpListener::bind$|Server::bind$|\.listen$|\.workers$")),
    ("background", re.compile(r"^(tokio::)?(task::)?spawn(_blocking|_local)?$|thread::spawn$|"
                              r"thread::Builder::new$|time::interval$")),
    ("services", re.compile(r"\w*(Service|Manager|Gateway|Processor|Publisher|Repository)"
                            r"(::\w+)?$")),
    ("state", re.compile(r"(Pool|Cache|Client|Store|Db|Database|Registry|Connection|State)"
                         r"(::\w+)?$|(^|::)(Arc|Mutex|RwLock|Data)::new$|mpsc::|broadcast::|"
                         r"oneshot::|watch::|Notify::new$|HashMap::new$|connect$")),
)
PRIORITY = {kind: rank for rank, (kind, _) in enumerate(RULES)}
LOG_MACROS = frozenset({"info", "warn", "error", "debug", "trace", "println", "eprintln",
                        "tracing::info", "tracing::warn", "tracing::error", "tracing::debug",
                        "log::info", "log::warn", "log::error", "log::debug"})
MAIN_ATTRIBUTES = ("tokio::main", "actix_web::main", "actix_rt::main", "async_std::main", "main")


@dataclass(frozen=True, slots=True)
class _Stmt:
    node: Node
    kind: str
    reason: str
    defines: tuple[str, ...]
    names: frozenset[str]


def collect_anatomy(functions: list[FnInfo], path: str) -> EntrypointFacts | None:
    main = next((f for f in functions if f.name == "main"), None)
    if main is None or not _is_entry_file(path, _runtime(main)):
        return None
    helpers = {f.short: f for f in functions if not f.self_type and f.name == f.short}
    ctx = _Context(helpers, {})
    statements = [_classify(node, ctx) for node in _statements(main)]
    return EntrypointFacts(signals=(_signal(main, path),), segments=_segments(statements))


def _statements(main: FnInfo) -> list[Node]:
    body = main.node.child_by_field_name("body")
    nodes = body.named_children if body is not None else []
    return [n for n in nodes if n.type not in ("line_comment", "block_comment", "empty_statement")]


def _runtime(main: FnInfo) -> str:
    flavour = [attribute_parts(a)[0] for a in attributes_of(main.node)]
    return next((f"#[{name}]" for name in flavour if name in MAIN_ATTRIBUTES), "plain")


def _is_entry_file(path: str, runtime: str) -> bool:
    """`main.rs` and `src/bin/*.rs` are binaries; a build script is not a service; another file
    counts when an async runtime starts there, outside tests, examples and benches."""
    parts = path.split("/")
    if parts[-1] == "build.rs":
        return False
    if parts[-1] == "main.rs" or parts[-2:-1] == ["bin"]:
        return True
    return runtime != "plain" and not {"tests", "examples", "benches"} & set(parts[:-1])


def _signal(main: FnInfo, path: str) -> Signal:
    return Signal(SignalKind.FN_MAIN, f"({_runtime(main)}) in {path}")


SERVES = re.compile(r"HttpServer::new$|^axum::serve$|(^|::)serve$")
SPAWN = re.compile(r"^(tokio::)?(task::)?spawn(_blocking|_local)?$|thread::spawn$")


def _called(node: Node) -> list[str]:
    """Called paths, `.methods` and `macros!` under `node`, in source order. What a spawned
    task does (`tokio::spawn(async move { consumer.run().await })`) is not what the statement
    does: it starts background work, so the spawn's arguments are not looked into."""
    found: list[str] = []
    unread: list[tuple[int, int]] = []  # the arguments of spawns: byte ranges
    for child in descendants(node, "call_expression", "macro_invocation"):
        if any(start <= child.start_byte < end for start, end in unread):
            continue
        if child.type == "macro_invocation":
            found.append(text(child.child_by_field_name("macro")) + "!")
            continue
        function = child.child_by_field_name("function")
        if function is not None and function.type == "field_expression":
            found.append("." + text(function.child_by_field_name("field")))
            continue
        found.append(callee(child))
        if function is not None and _spawned(child, found[-1]):
            unread.append((function.end_byte, child.end_byte))
    return found


def _spawned(call: Node, name: str) -> bool:
    """`call` (to `name`) starts background work of its own: what it runs is not read."""
    return bool(SPAWN.search(name)) and _spawns_work(call) and not _serves(call)


def _serves(node: Node) -> bool:
    """The spawned work is the server itself (`spawn(async move { axum::serve(..).await })`)."""
    return any(SERVES.search(callee(n)) for n in descendants(node, "call_expression"))


def _spawns_work(call: Node) -> bool:
    """`spawn(async move { .. })` / `spawn(move || ..)` runs work of its own; a bare call
    (`tokio::spawn(server.run())`) is that call, run elsewhere: it keeps its own kind."""
    args = call.child_by_field_name("arguments")
    first = args.named_children[0] if args is not None and args.named_children else None
    return first is not None and first.type in ("async_block", "closure_expression", "block")


def _direct(called: list[str]) -> list[tuple[str, str]]:
    found = []
    for kind, pattern in RULES:
        hit = next((name for name in called if pattern.search(name)), None)
        if hit is not None:
            found.append((kind, f"calls `{hit}`"))
    return found


def _through_helpers(called: list[str], helpers: dict[str, FnInfo], depth: int
                     ) -> list[tuple[str, str]]:
    """Kinds of the same-file free functions the statement calls, from their bodies."""
    found = []
    for name in dict.fromkeys(called):
        helper = helpers.get(name)
        body = helper.node.child_by_field_name("body") if helper else None
        if body is None or depth >= 2:
            continue
        kind = _rule_kind(body, helpers, depth + 1)
        if kind is not None:
            found.append((kind[0], f"calls `{name}`, whose body is {kind[0]}"))
    return found


def _rule_kind(node: Node, helpers: dict[str, FnInfo], depth: int = 0,
               called: list[str] | None = None) -> tuple[str, str] | None:
    """`called`: what `node` calls, when the caller has it already (each is a walk of a
    statement of `main`, which is most of the anatomy's time)."""
    called = _called(node) if called is None else called
    candidates = _direct(called) + _through_helpers(called, helpers, depth)
    return min(candidates, key=lambda c: PRIORITY[c[0]], default=None)


@dataclass
class _Context:
    helpers: dict[str, FnInfo]
    kinds: dict[str, str]  # binding -> kind of the statement that defined it
    previous: str = ""
    served: bool = False  # the server has been awaited: what follows is the shutdown


def _awaits_server(node: Node, names: frozenset[str], ctx: _Context) -> bool:
    """`server.await`, `HttpServer::new(..).run().await`, `axum::serve(..).await`; not
    `TcpListener::bind(addr).await` (binding is not serving, even with the router's `addr`)."""
    return any(_awaited_is_server(n.named_children[0], ctx)
               for n in descendants(node, "await_expression") if n.named_children) or \
        any(_selects_server(n, ctx) for n in descendants(node, "macro_invocation"))


def _selects_server(macro: Node, ctx: _Context) -> bool:
    """`tokio::select! { r = server => .., _ = ctrl_c() => .. }`: a branch awaits the server
    (a binding of the server's kind, or `serve(..)` / `.run()` written in the branch)."""
    if text(macro.child_by_field_name("macro")).rpartition("::")[2] != "select":
        return False
    tokens = [n for n in walk(macro) if n.type == "identifier"]
    return any(ctx.kinds.get(text(n)) in ("routes", "server") for n in tokens) or \
        any(text(n) in ("serve", "run") for n in tokens)


def _awaited_is_server(awaited: Node, ctx: _Context) -> bool:
    if _serves(awaited) or any(text(n.child_by_field_name("field")) == "run"
                               for n in walk(awaited) if n.type == "field_expression"):
        return True
    head = awaited
    while head.type in ("call_expression", "field_expression", "try_expression"):
        head = head.named_children[0]  # `server.with_graceful_shutdown(..)` -> `server`
    return head.type == "identifier" and ctx.kinds.get(text(head)) in ("routes", "server")


def _classify(node: Node, ctx: _Context) -> _Stmt:
    names = _identifiers(node)
    kind, reason = _kind(node, names, ctx)
    stmt = _Stmt(node, kind, reason, _defines(node), names)
    if kind in ("routes", "server") and _awaits_server(node, names, ctx):
        ctx.served = True
    for name in stmt.defines:
        ctx.kinds[name] = kind
    if kind not in ("log", "prep"):
        ctx.previous = kind
    return stmt


def _kind(node: Node, names: frozenset[str], ctx: _Context) -> tuple[str, str]:
    called = _called(node)
    logs = bool(called) and all(n.endswith("!") and n[:-1] in LOG_MACROS for n in called)
    if ctx.served and (logs or ctx.previous in ("routes", "server", "shutdown")):
        return _after_server(node, ctx, called)
    if logs:
        return "log", "only logs"
    dispatch = _dispatch_on(node, ctx)
    if dispatch:
        return "cli", f"branches on `{dispatch}` from the command line"
    return _rule_kind(node, ctx.helpers, called=called) or _fallback(node, names, ctx)


def _after_server(node: Node, ctx: _Context, called: list[str]) -> tuple[str, str]:
    """Once the server has returned, what main does is its shutdown (unless a rule says
    otherwise: a spawn is still background work)."""
    found = _rule_kind(node, ctx.helpers, called=called)
    if found is None or found[0] in ("routes", "server", "logging"):
        return "shutdown", "runs once the server has returned"
    return found


def _dispatch_on(node: Node, ctx: _Context) -> str:
    """A `match`/`if` on a binding the cli segment defined: the subcommand dispatch."""
    inner = node.named_children[0] if node.type == "expression_statement" else node
    if inner is None or inner.type not in ("match_expression", "if_expression"):
        return ""
    head = inner.child_by_field_name("value") or inner.child_by_field_name("condition")
    names = _identifiers(head) if head is not None else frozenset()
    return next((n for n in sorted(names) if ctx.kinds.get(n) == "cli"), "")


def _fallback(node: Node, names: frozenset[str], ctx: _Context) -> tuple[str, str]:
    """No rule matched: dispatch on a CLI binding is cli, a clone prepares what follows,
    anything else using earlier bindings continues the segment before it."""
    cli = next((n for n in sorted(names) if ctx.kinds.get(n) == "cli"), "")
    if cli:
        return "cli", f"uses `{cli}` from the command line"
    if _is_clone(node):
        return "prep", "clones a binding for what follows"
    return _continuation(node, names, ctx)


def _continuation(node: Node, names: frozenset[str], ctx: _Context) -> tuple[str, str]:
    used = next((n for n in sorted(names) if n in ctx.kinds), "")
    if node.type == "let_declaration" and not used:
        return "state", "binds a value"
    if not ctx.previous:
        return "other", "no rule matched"
    why = f"uses `{used}`" if used else "no rule of its own"
    return ctx.previous, f"continues {ctx.previous}: {why}"


def _is_clone(node: Node) -> bool:
    value = node.child_by_field_name("value") if node.type == "let_declaration" else None
    called = _called(value) if value is not None else []
    return bool(called) and all(name in (".clone", "Arc::clone", "Rc::clone") for name in called)


def _defines(node: Node) -> tuple[str, ...]:
    if node.type == "let_declaration":
        pattern = node.child_by_field_name("pattern")
        bound = ("identifier", "shorthand_field_identifier")  # `let S { a, b } = ..` binds a, b
        bound_nodes = walk(pattern) if pattern is not None else ()
        return tuple(sorted({text(n) for n in bound_nodes if n.type in bound}))
    if node.type in ("function_item", "struct_item", "static_item", "const_item"):
        return (text(node.child_by_field_name("name")),)
    return ()


def _identifiers(node: Node) -> frozenset[str]:
    # walked in Python: a query for names would cost its compiling in each process (3 ms),
    # more than the walks of a few `main`s do
    return frozenset(text(n) for n in walk(node) if n.type == "identifier")


def _run_kind(run: list[_Stmt]) -> str:
    return next((s.kind for s in run if s.kind not in ("log", "prep")), "other")


def _runs(statements: list[_Stmt]) -> list[list[_Stmt]]:
    """Consecutive statements of one kind; logs join the run before, clones the run after."""
    runs: list[list[_Stmt]] = []
    waiting: list[_Stmt] = []
    for stmt in statements:
        if stmt.kind == "prep":
            waiting.append(stmt)
        elif runs and (stmt.kind == _run_kind(runs[-1]) or (stmt.kind == "log" and not waiting)):
            runs[-1].extend([*waiting, stmt])
            waiting = []
        else:
            runs.append([*waiting, stmt])
            waiting = []
    if waiting:
        runs.append(waiting)
    return runs


def _segments(statements: list[_Stmt]) -> tuple[Segment, ...]:
    segments = []
    defined: set[str] = set()
    for run in _runs(statements):
        kind = _run_kind(run)
        defines = {name for s in run for name in s.defines}
        used = {name for s in run for name in s.names} & (defined - defines)
        ordered = sorted(run, key=lambda s: s.kind == "prep")  # the deciding reasons first
        reasons = tuple(dict.fromkeys(s.reason for s in ordered if s.kind != "log"))
        segments.append(Segment(
            kind=SegmentKind(kind), start_line=line(run[0].node),
            end_line=run[-1].node.end_point[0] + 1,
            defines=tuple(sorted(defines)), uses=tuple(sorted(used)),
            reasons=reasons or ("only logs",),
        ))
        defined |= defines
    return tuple(segments)
