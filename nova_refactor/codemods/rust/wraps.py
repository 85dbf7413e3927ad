"""Middleware built inside the server closure (`let mut cors = Cors::default(); for origin in
.. { cors = cors.allowed_origin(origin); } .. App::new().wrap(cors)`): the statements that
build a value the App only wraps become `routes::<name>(..) -> Type`, called where they stood.

They move only when they are consecutive, build nothing else the closure uses, read the
bindings of `main` by reference only, and the built value's type is inferred (never guessed).
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from nova_refactor.codemods.rust.infer import Inference
from nova_refactor.codemods.rust.planner import Param
from nova_refactor.codemods.rust.statements import Stmt, _moved
from nova_refactor.frontends.rust.chains import Call
from nova_refactor.frontends.rust.syntax import text, walk

COMMENTS = ("line_comment", "block_comment")


@dataclass
class WrapBuilder:
    name: str  # the binding the App wraps, and the function's name
    returns: str  # its type, qualified
    stmts: list[Node]  # the statements that build it, in order
    start: int  # first byte (the comments above the first statement included)
    end: int
    params: list[Param]


def plan_wrap_builders(stmt: Stmt, calls: list[Call], types: dict[tuple[int, str], str],
                       inference: Inference, taken: set[str]) -> list[WrapBuilder]:
    """The builders of `.wrap(name)` arguments in the closure around the App chain."""
    closure_body = _closure_body(calls)
    if closure_body is None:
        return []
    children = [c for c in closure_body.named_children]
    found = []
    for call in calls:
        if call.method != "wrap" or len(call.args) != 1 or call.args[0].type != "identifier":
            continue
        name = text(call.args[0])
        if name in taken:
            continue
        builder = _builder(name, children, stmt, types, inference)
        if builder is not None:
            found.append(builder)
            taken.add(name)
    return found


def _closure_body(calls: list[Call]) -> Node | None:
    node = calls[0].node if calls else None
    while node is not None and node.type != "closure_expression":
        node = node.parent
    body = node.child_by_field_name("body") if node is not None else None
    return body if body is not None and body.type == "block" else None


def _builder(name: str, children: list[Node], stmt: Stmt, types: dict[tuple[int, str], str],
             inference: Inference) -> WrapBuilder | None:
    code = [c for c in children if c.type not in COMMENTS]
    span = _span(name, code)
    if span is None:
        return None
    moved, later = code[span[0]:span[1] + 1], code[span[1] + 1:]
    if _escapes(name, moved, later):
        return None
    params = _params(moved, stmt, types)
    if params is None:
        return None
    returns = _type_of(name, moved, {p.name: p.type for p in params}, inference)
    if returns is None:
        return None
    return WrapBuilder(name, returns, moved, _lead(moved[0]), moved[-1].end_byte, params)


def _span(name: str, code: list[Node]) -> tuple[int, int] | None:
    """First and last statement building `name` (the App, the block's tail, excluded), with
    the `let`s before that only feed them."""
    touching = [i for i, c in enumerate(code[:-1]) if _writes(c, name)]
    if not touching or code[touching[0]].type != "let_declaration":
        return None
    first, last = touching[0], touching[-1]
    while first > 0 and _only_feeds(code[first - 1], code[first:last + 1], code[last + 1:]):
        first -= 1
    return first, last


def _escapes(name: str, moved: list[Node], later: list[Node]) -> bool:
    """Something the statements define is written or read after them (besides `name`)."""
    defined = _defined(moved)
    return any(_writes(c, n) for c in later for n in defined) or \
        _used_later(defined - {name}, later)


def _writes(node: Node, name: str) -> bool:
    """`let name = ..`, `let mut name`, or `name = ..` anywhere inside."""
    if node.type == "let_declaration":
        pattern = node.child_by_field_name("pattern")
        if pattern is not None and name in {text(n) for n in walk(pattern)
                                            if n.type == "identifier"}:
            return True
    return any(n.type == "assignment_expression" and
               text(n.child_by_field_name("left")) == name for n in walk(node))


def _defined(nodes: list[Node]) -> set[str]:
    names = set()
    for node in nodes:
        pattern = node.child_by_field_name("pattern") if node.type == "let_declaration" \
            else None
        names |= {text(n) for n in walk(pattern) if n.type == "identifier"} if pattern else set()
    return names


def _only_feeds(node: Node, moved: list[Node], later: list[Node]) -> bool:
    """A `let` whose bindings only the moved statements read."""
    defined = _defined([node])
    return node.type == "let_declaration" and bool(defined) and \
        any(_reads(m, defined) for m in moved) and not _used_later(defined, later)


def _reads(node: Node, names: set[str]) -> bool:
    return any(n.type == "identifier" and text(n) in names for n in walk(node))


def _used_later(names: set[str], later: list[Node]) -> bool:
    return any(_reads(node, names) for node in later)


def _params(moved: list[Node], stmt: Stmt, types: dict[tuple[int, str], str]
            ) -> list[Param] | None:
    """The bindings of main the statements read, by reference; None when one is moved, or
    its type is unknown."""
    local = _defined(moved)
    params: dict[str, Param] = {}
    for node in moved:
        for ident in (n for n in walk(node) if n.type == "identifier"):
            name = text(ident)
            if name in local or name in params or name not in stmt.reaching:
                continue
            written = types.get((stmt.reaching[name], name))
            if written is None or _moved(ident, node):
                return None
            params[name] = Param(name, written, False, False)
    return list(params.values())


def _type_of(name: str, moved: list[Node], env: dict[str, str], inference: Inference
             ) -> str | None:
    local = dict(env)
    for node in moved:
        if node.type == "let_declaration":
            local.update(inference.binding(node, local))
    return local.get(name)


def _lead(node: Node) -> int:
    """Start of the comments directly above `node`."""
    start = node.start_byte
    previous = node.prev_named_sibling
    while previous is not None and previous.type in COMMENTS:
        start = previous.start_byte
        previous = previous.prev_named_sibling
    return start


def call_text(builder: WrapBuilder, module: str = "routes") -> str:
    args = ", ".join(f"&{p.name}" for p in builder.params)
    return f"let {builder.name} = {module}::{builder.name}({args});"


def function_text(source: bytes, builder: WrapBuilder, params: str, written: str) -> str:
    body = source[builder.start:builder.end].decode("utf-8")
    lines = f"{builder.stmts[0].start_point[0] + 1}-{builder.stmts[-1].end_point[0] + 1}"
    return (f"/// Builds the `{builder.name}` middleware the App wraps (lines {lines} of the "
            f"original `fn main`).\n"
            f"pub(crate) fn {builder.name}({params}) -> {written} {{\n    {body}\n"
            f"    {builder.name}\n}}\n")
