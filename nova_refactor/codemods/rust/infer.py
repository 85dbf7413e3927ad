"""Crate-local type inference for the bindings of `fn main`, so that they can become typed
struct fields and parameters. Never a placeholder: what cannot be known is None, with why.

Rules: an explicit annotation; `Type { .. }`; `Type::f(..)` and `f(..)` through the crate's
own signatures (`CrateIndex`), `.await` on an `async fn`, `?` / `.unwrap()` / `.expect(..)`
on `Result`/`Option`, `.map_err(..)` keeps the success type; wrappers (`Arc::new`,
`Mutex::new`, `RwLock::new`, `web::Data::new`, ...); `x.clone()`, `x.field`, methods of crate
types (through `Arc`); `match e { Ok(v) => v, .. }`; constructors of other crates' non-generic
types (`AtomicBool::new`, `Semaphore::new`); the std/tokio channels; `tokio::spawn` /
`thread::spawn` of a block whose value is known; string, bool and suffixed number literals.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from nova_refactor.codemods.rust.conventions import (
    Convention,
    external_constructor,
    external_method,
)
from nova_refactor.codemods.rust.crate_index import CrateIndex, Scope, Signature, qualify
from nova_refactor.codemods.rust.types import FUTURE, WRAPPERS, inner, last, split_generic, unwrap
from nova_refactor.frontends.rust.chains import arguments
from nova_refactor.frontends.rust.syntax import text

CONSTRUCTORS = frozenset({"new", "default", "from_env", "with_capacity"})
ROUTER_BUILDERS = frozenset({"route", "nest", "merge", "layer", "route_layer", "fallback",
                             "with_state", "nest_service", "route_service"})
PARSE_METHODS = frozenset({"parse", "parse_from", "from_args"})
GENERIC_CONTAINERS = frozenset({"HashMap", "HashSet", "BTreeMap", "BTreeSet", "Vec", "VecDeque",
                                "Option", "Result", "JoinSet", "Cell", "RefCell", "Weak"})
CHANNELS = {  # first match wins: std's mpsc (resolved through main's imports) before tokio's
    "std::sync::mpsc::channel": ("std::sync::mpsc::Sender<{T}>", "std::sync::mpsc::Receiver<{T}>"),
    "std::sync::mpsc::sync_channel": ("std::sync::mpsc::SyncSender<{T}>",
                                      "std::sync::mpsc::Receiver<{T}>"),
    "watch::channel": ("tokio::sync::watch::Sender<{T}>", "tokio::sync::watch::Receiver<{T}>"),
    "mpsc::channel": ("tokio::sync::mpsc::Sender<{T}>", "tokio::sync::mpsc::Receiver<{T}>"),
    "broadcast::channel": ("tokio::sync::broadcast::Sender<{T}>",
                           "tokio::sync::broadcast::Receiver<{T}>"),
    "oneshot::channel": ("tokio::sync::oneshot::Sender<{T}>",
                         "tokio::sync::oneshot::Receiver<{T}>"),
}
SPAWNS = {"tokio::spawn": "tokio::task::JoinHandle",
          "tokio::task::spawn": "tokio::task::JoinHandle",
          "task::spawn": "tokio::task::JoinHandle", "thread::spawn": "std::thread::JoinHandle",
          "std::thread::spawn": "std::thread::JoinHandle",
          "tokio::task::spawn_blocking": "tokio::task::JoinHandle"}
KNOWN = {"std::time::Instant::now": "std::time::Instant",
         "std::time::SystemTime::now": "std::time::SystemTime",
         "std::env::args": "std::env::Args", "std::path::PathBuf::from": "std::path::PathBuf",
         "std::env::var": "Result<String, std::env::VarError>",
         "std::fs::read_to_string": "std::io::Result<String>",
         "String::new": "String", "String::from": "String",
         "std::time::Duration::from_secs": "std::time::Duration",
         "std::time::Duration::from_millis": "std::time::Duration",
         "std::time::Duration::from_secs_f64": "std::time::Duration",
         # async fns of tokio and std whose return type their documentation fixes
         "tokio::net::TcpListener::bind": FUTURE + "std::io::Result<tokio::net::TcpListener>",
         "std::net::TcpListener::bind": "std::io::Result<std::net::TcpListener>"}
LITERALS = {"string_literal": "&'static str", "raw_string_literal": "&'static str",
            "boolean_literal": "bool", "char_literal": "char"}
UNIT_TAILS = frozenset({"expression_statement", "let_declaration", "empty_statement",
                        "while_expression", "for_expression"})
NUMBER_SUFFIXES = ("u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64",
                   "i128", "isize", "f32", "f64")


class Inference:
    def __init__(self, index: CrateIndex, scope: Scope) -> None:
        self.index = index
        self.scope = scope
        self.conventions: list[Convention] = []  # those the last `binding` relied on
        # a type declared behind a re-export is written the way this file imports it
        self.public = {index.origin(path): path for path in scope.imports.values()
                       if index.origin(path) != path}

    def binding(self, let: Node, env: dict[str, str]) -> dict[str, str]:
        """Types of the names a `let` binds (only those that could be inferred)."""
        self.conventions = []
        pattern = let.child_by_field_name("pattern")
        annotated = let.child_by_field_name("type")
        value = let.child_by_field_name("value")
        if pattern is not None and pattern.type == "struct_pattern":
            return self._fields(pattern)
        if annotated is not None:
            written = qualify(annotated, self.scope)
        else:
            written = self.expr(value, env) if value is not None else None
        return _destructure(pattern, written) if written else {}

    def _fields(self, pattern: Node) -> dict[str, str]:
        """`let app_state::AppState { pool, .. } = ..`: the struct's declared field types."""
        name = self.scope.resolve(text(pattern.child_by_field_name("type")).split("<")[0])
        fields = self.index.fields.get(self.index.origin(name), {})
        found = {}
        for field_pattern in pattern.named_children:
            short = next((c for c in field_pattern.named_children
                          if c.type == "shorthand_field_identifier"), None)
            if short is not None and fields.get(text(short)):
                found[text(short)] = fields[text(short)]
        return found

    def expr(self, node: Node | None, env: dict[str, str]) -> str | None:
        if node is None:
            return None
        kind = node.type
        if kind == "identifier":
            return env.get(text(node))
        if kind in LITERALS:
            return LITERALS[kind]
        if kind in ("integer_literal", "float_literal"):
            return next((s for s in NUMBER_SUFFIXES if text(node).endswith(s)), None)
        if kind == "struct_expression":
            return self.scope.resolve(text(node.child_by_field_name("name")).split("<")[0])
        handler = getattr(self, "_" + kind, None)
        return handler(node, env) if handler else None

    def _block(self, node: Node, env: dict[str, str]) -> str | None:
        """`let handle = { let x = ..; tokio::spawn(..) };`: the block's value."""
        return self.block_value(node, env)

    def _parenthesized_expression(self, node: Node, env: dict[str, str]) -> str | None:
        return self.expr(node.named_children[0], env)

    def _try_expression(self, node: Node, env: dict[str, str]) -> str | None:
        return unwrap(self.expr(node.named_children[0], env))

    def _await_expression(self, node: Node, env: dict[str, str]) -> str | None:
        future = self.expr(node.named_children[0], env)
        return future[len(FUTURE):] if future and future.startswith(FUTURE) else None

    def _field_expression(self, node: Node, env: dict[str, str]) -> str | None:
        owner = self.expr(node.child_by_field_name("value"), env)
        if owner is None:
            return None
        fields = self.index.fields.get(self.index.origin(split_generic(inner(owner))[0]), {})
        return fields.get(text(node.child_by_field_name("field"))) or None

    def _macro_invocation(self, node: Node, env: dict[str, str]) -> str | None:
        return "String" if text(node.child_by_field_name("macro")) == "format" else None

    def _match_expression(self, node: Node, env: dict[str, str]) -> str | None:
        """`match e { Ok(v) => v, Err(..) => <diverges> }`: what `e` holds."""
        body = node.child_by_field_name("body")
        arms = body.named_children if body is not None else []
        if any(_unwrapping_arm(arm) for arm in arms):
            return unwrap(self.expr(node.child_by_field_name("value"), env))
        return None

    def _call_expression(self, node: Node, env: dict[str, str]) -> str | None:
        function = node.child_by_field_name("function")
        if function is not None and function.type == "field_expression":
            return self._method(function, node, env)
        turbofish = None
        if function is not None and function.type == "generic_function":
            generics = function.child_by_field_name("type_arguments")
            written = generics.named_children if generics is not None else []
            turbofish = qualify(written[0], self.scope) if len(written) == 1 else None
            function = function.child_by_field_name("function")
        return self._path_call(text(function), arguments(node), env, turbofish)

    def _path_call(self, path: str, args: tuple[Node, ...], env: dict[str, str],
                   turbofish: str | None = None) -> str | None:
        full = self.scope.resolve(path)
        owner, _, name = full.rpartition("::")
        if full in KNOWN:
            return KNOWN[full]
        signature = self.index.function(full) or self.index.method(owner, name)
        if signature is not None:
            return self._published(_returned(signature))
        if last(owner) in WRAPPERS and name == "new" and len(args) == 1:
            return self._wrapped(owner, args[0], env)
        return self._library(full, path, args, env, turbofish) or \
            self._constructor(owner, name) or self._convention(
                external_constructor(owner, name, self.index.types))

    def _convention(self, found: Convention | None) -> str | None:
        if found is None:
            return None
        self.conventions.append(found)
        return found.written

    def _published(self, written: str | None) -> str | None:
        if written is None or not self.public:
            return written
        for origin, path in self.public.items():
            written = re.sub(rf"\b{re.escape(origin)}\b", path, written)
        return written

    def _wrapped(self, owner: str, value: Node, env: dict[str, str]) -> str | None:
        inside = self.expr(value, env)
        return f"{owner}<{inside}>" if inside else None

    def _library(self, full: str, path: str, args: tuple[Node, ...], env: dict[str, str],
                 turbofish: str | None) -> str | None:
        """The std/tokio channels (their item type from `::<T>`, or a watch's first value)
        and spawns."""
        channel = next((pair for suffix, pair in CHANNELS.items() if full.endswith(suffix)), None)
        if channel is not None:
            return self._channel(channel, args, env, turbofish)
        spawn = SPAWNS.get(full) or SPAWNS.get(path)
        return self._spawn(spawn, args, env) if spawn is not None else None

    def _channel(self, channel: tuple[str, str], args: tuple[Node, ...], env: dict[str, str],
                 turbofish: str | None) -> str | None:
        value = turbofish
        if value is None and "watch" in channel[0] and args:
            value = self.expr(args[0], env)
        return "(" + ", ".join(p.replace("{T}", value) for p in channel) + ")" if value else None

    def _constructor(self, owner: str, name: str) -> str | None:
        """`Type::new(..)` of another crate's non-generic type is that type; so is
        `Cli::parse()` of a crate type deriving clap's `Parser`."""
        owner = self.index.origin(owner)
        if owner in self.index.parsers and name in PARSE_METHODS:
            return owner
        if name not in CONSTRUCTORS or not last(owner)[:1].isupper():
            return None
        if owner in self.index.types or last(owner) in GENERIC_CONTAINERS:
            return None  # a crate type without that constructor, or generic parameters
        return owner

    def _method(self, function: Node, call: Node, env: dict[str, str]) -> str | None:
        name = text(function.child_by_field_name("field"))
        if name == "to_string":
            return "String"  # `ToString::to_string` returns String whatever the receiver
        receiver = self.expr(function.child_by_field_name("value"), env)
        if receiver is None or receiver.startswith(FUTURE):
            return None
        known = _known_method(name, receiver)
        if known is not None:
            return known
        target = split_generic(inner(receiver))[0]
        signature = self.index.method(target, name)
        if signature is not None:
            return self._published(_returned(signature))
        return self._convention(external_method(target, name))

    def _spawn(self, handle: str, args: tuple[Node, ...], env: dict[str, str]) -> str | None:
        """`spawn(async move {..})`, `spawn(move || ..)` or `spawn(an_async_fn(..))`."""
        if len(args) != 1:
            return None
        output = self._work_output(args[0], env)
        return f"{handle}<{output}>" if output else None

    def _work_output(self, work: Node, env: dict[str, str]) -> str | None:
        body = work.child_by_field_name("body")
        if work.type == "closure_expression" and body is not None:
            return self.block_value(body, env)
        if work.type == "async_block":
            body = next((c for c in work.named_children if c.type == "block"), None)
            return self.block_value(body, env) if body is not None else None
        future = self.expr(work, env)
        return future[len(FUTURE):] if future and future.startswith(FUTURE) else None

    def block_value(self, block: Node, env: dict[str, str]) -> str | None:
        """The type a block evaluates to: `()` without a tail expression or for a `loop` /
        `while` / `for` tail; otherwise the tail's type, with the block's own `let`s known."""
        if block.type != "block":
            return self.expr(block, env)
        children = [c for c in block.named_children
                    if c.type not in ("line_comment", "block_comment")]
        local = self._locals(children[:-1], env)
        tail = children[-1] if children else None
        if tail is None or tail.type in UNIT_TAILS:
            return "()"
        if tail.type == "loop_expression":
            return None if _breaks_with_value(tail) else "()"
        return self.expr(tail, local)


    def _locals(self, statements: list[Node], env: dict[str, str]) -> dict[str, str]:
        local = dict(env)
        for child in statements:
            if child.type == "let_declaration":
                local.update(self.binding(child, local))
        return local


def _known_method(name: str, receiver: str) -> str | None:
    """`.clone()`, `.unwrap()`/`.expect(..)`, `.map_err(..)` on a Result, `.to_string()`, and
    axum's router builders (they return the router)."""
    head = last(split_generic(receiver)[0])
    if name == "clone" or name == "map_err" and head == "Result" or \
            head == "Router" and name in ROUTER_BUILDERS:
        return receiver
    if name in ("unwrap", "expect", "unwrap_or_else", "unwrap_or", "unwrap_or_default"):
        return unwrap(receiver)
    return "String" if name == "to_string" else None


def _unwrapping_arm(arm: Node) -> bool:
    """`Ok(v) => v` or `Some(v) => v`, also `Ok(v) => { log(..); v }`."""
    pattern = arm.child_by_field_name("pattern")
    value = arm.child_by_field_name("value")
    head = pattern.named_children[0] if pattern is not None and pattern.named_children else None
    if head is None or value is None or head.type != "tuple_struct_pattern":
        return False
    if text(head.child_by_field_name("type")) not in ("Ok", "Some"):
        return False
    bound = [c for c in head.named_children[1:] if c.type == "identifier"]
    return bool(bound) and text(_tail_of(value)) == text(bound[0])


def _tail_of(value: Node) -> Node:
    """The value of `{ ..; v }`, or the expression itself."""
    if value.type != "block":
        return value
    tail = [c for c in value.named_children if c.type not in ("line_comment", "block_comment")]
    return tail[-1] if tail else value


def _returned(signature: Signature) -> str | None:
    if signature.returns is None:
        return None
    return FUTURE + signature.returns if signature.is_async else signature.returns


def _breaks_with_value(loop: Node) -> bool:
    stack = [loop.child_by_field_name("body")]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.type == "break_expression" and node.named_children and \
                node.named_children[0].type != "label":
            return True
        if node.type not in ("loop_expression", "closure_expression", "async_block"):
            stack.extend(node.named_children)
    return False


def _destructure(pattern: Node | None, written: str) -> dict[str, str]:
    if pattern is None:
        return {}
    if pattern.type == "mut_pattern":
        pattern = pattern.named_children[-1]
    if pattern.type == "identifier":
        return {text(pattern): written}
    if pattern.type == "tuple_pattern" and written.startswith("(") and written.endswith(")"):
        parts = split_generic("T<" + written[1:-1] + ">")[1]
        items = [c for c in pattern.named_children]
        if len(parts) != len(items):
            return {}
        found: dict[str, str] = {}
        for item, part in zip(items, parts, strict=False):
            found.update(_destructure(item, part))
        return found
    return {}
