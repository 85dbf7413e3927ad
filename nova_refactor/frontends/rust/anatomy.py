"""`fn main` anatomy: the statements of `main` (plain, `#[tokio::main]`, `#[actix_web::main]`)
split into responsibilities.

Each statement is classified by the first rule that matches what it calls (paths, methods and
macros), with the reason kept; a call to a free function of the same file inherits the kind
of that function's body (`init_tracing()` is logging when its body is). Log-only statements
(`info!(..)`) join the segment before them. Consecutive statements of one kind form a `Segment`
with the bindings it defines and the bindings of earlier segments it uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from nova_refactor.frontends.rust.chains import callee
from nova_refactor.frontends.rust.functions import FnInfo
from nova_refactor.frontends.rust.syntax import attribute_parts, attributes_of, line, text, walk
from nova_refactor.model import EntrypointFacts, Segment

# (kind, pattern over "path", ".method" and "macro!" names the statement calls), first match wins.
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cli", re.compile(r"env::args(_os)?$|^(\w+::)?(Cli|Args|Opts|Command)::(parse|try_parse|"
                       r"from_args|new)$|^clap::|\.subcommand$|\.get_matches$|^run_cli$")),
    ("routes", re.compile(r"(^|::)App::new$|(^|::)Router::new$|\.configure$|\.nest$")),
    ("logging", re.compile(r"^tracing_subscriber::|^env_logger::|^log::set_|^simple_logger::|"
                           r"^fern::|^(\w+::)?Logger::|\.with_max_level$|^init_(logging|tracing)$")),
    ("config", re.compile(r"env::var(_os)?$|^dotenv|^(\w+::)*(Config|Settings|AppConfig)::"
                          r"(from_env|load|new|parse|from_file|default)$|^load_config$|^config::")),
    ("shutdown", re.compile(r"signal::ctrl_c$|^ctrl_c$|::signal$|shutdown|\.abort$|"
                            r"\.notify_waiters$|\.cancel$|graceful")),
    ("background", re.compile(r"^(tokio::)?(task::)?spawn(_blocking|_local)?$|thread::spawn$|"
                              r"thread::Builder::new$|\.spawn$|time::interval$")),
    ("server", re.compile(r"HttpServer::new$|\.bind$|\.run$|^axum::serve$|\.serve$|"
                          r"TcpListener::bind$|Server::bind$|\.listen$|\.workers$")),
    ("services", re.compile(r"\w*(Service|Manager|Gateway|Processor|Publisher|Repository)"
                            r"(::\w+)?$")),
    ("state", re.compile(r"(Pool|Cache|Client|Store|Db|Database|Registry|Connection|State)"
                         r"(::\w+)?$|(^|::)(Arc|Mutex|RwLock|Data)::new$|mpsc::|broadcast::|"
                         r"oneshot::|watch::|Notify::new$|HashMap::new$|connect$")),
)
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
    if main is None:
        return None
    body = main.node.child_by_field_name("body")
    if body is None:
        return None
    helpers = {f.short: f for f in functions if not f.self_type and f.name == f.short}
    flavour = [attribute_parts(a)[0] for a in attributes_of(main.node)]
    runtime = next((f"#[{name}]" for name in flavour if name in MAIN_ATTRIBUTES), "plain")
    signals = (f"`fn main` ({runtime}) in {path}",)
    statements = [
        _classify(node, helpers)
        for node in body.named_children
        if node.type not in ("line_comment", "block_comment", "empty_statement")
    ]
    return EntrypointFacts(signals=signals, segments=_segments(statements))


def _called(node: Node) -> list[str]:
    """Called paths, `.methods` and `macros!` under `node`, in source order."""
    found = []
    for child in walk(node):
        if child.type == "call_expression":
            function = child.child_by_field_name("function")
            if function is not None and function.type == "field_expression":
                found.append("." + text(function.child_by_field_name("field")))
            else:
                found.append(callee(child))
        elif child.type == "macro_invocation":
            found.append(text(child.child_by_field_name("macro")) + "!")
    return found


def _kind_of(node: Node, helpers: dict[str, FnInfo], depth: int = 0) -> tuple[str, str]:
    called = _called(node)
    for kind, pattern in RULES:
        hit = next((name for name in called if pattern.search(name)), None)
        if hit is not None:
            return kind, f"calls `{hit}`"
    if depth < 2:
        for name in called:
            helper = helpers.get(name)
            body = helper.node.child_by_field_name("body") if helper else None
            if body is not None and helper is not None and helper.name != "main":
                kind, _ = _kind_of(body, helpers, depth + 1)
                if kind != "other":
                    return kind, f"calls `{name}`, whose body is {kind}"
    if node.type == "let_declaration":
        return "state", "binds a value"
    return "other", "no rule matched"


def _classify(node: Node, helpers: dict[str, FnInfo]) -> _Stmt:
    called = _called(node)
    if called and all(name.endswith("!") and name[:-1] in LOG_MACROS for name in called):
        kind, reason = "log", "only logs"
    else:
        kind, reason = _kind_of(node, helpers)
    return _Stmt(node, kind, reason, _defines(node), _identifiers(node))


def _defines(node: Node) -> tuple[str, ...]:
    if node.type == "let_declaration":
        pattern = node.child_by_field_name("pattern")
        return tuple(sorted({text(n) for n in walk(pattern) if n.type == "identifier"}))
    if node.type in ("function_item", "struct_item", "static_item", "const_item"):
        return (text(node.child_by_field_name("name")),)
    return ()


def _identifiers(node: Node) -> frozenset[str]:
    return frozenset(text(n) for n in walk(node) if n.type == "identifier")


def _segments(statements: list[_Stmt]) -> tuple[Segment, ...]:
    runs: list[list[_Stmt]] = []
    for stmt in statements:
        joins_previous = runs and (stmt.kind == "log" or runs[-1][0].kind == stmt.kind)
        if joins_previous:
            runs[-1].append(stmt)
        else:
            runs.append([stmt])
    segments = []
    defined: set[str] = set()
    for run in runs:
        kind = next((s.kind for s in run if s.kind != "log"), "logging")
        defines = {name for s in run for name in s.defines}
        used = {name for s in run for name in s.names} & (defined - defines)
        reasons = tuple(dict.fromkeys(s.reason for s in run if s.kind != "log"))
        segments.append(Segment(
            kind=kind, start_line=line(run[0].node), end_line=run[-1].node.end_point[0] + 1,
            defines=tuple(sorted(defines)), uses=tuple(sorted(used)),
            reasons=reasons or ("only logs",),
        ))
        defined |= defines
    return tuple(segments)
