"""Small readers of route-building syntax: handler labels, method routers, router parameters.

Kept apart from the builder walk in `routes.py` so that each stays short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from tree_sitter import Node

from nova_refactor.frontends.rust.chains import Call, arguments, callee, unwind
from nova_refactor.frontends.rust.functions import FnInfo
from nova_refactor.frontends.rust.syntax import (
    attribute_parts,
    kinds_under,
    last_segment,
    line,
    pre_order,
    string_value,
    strip_generics,
    text,
)
from nova_refactor.model import Layer, RouterKind

HTTP_METHODS = ("get", "post", "put", "delete", "patch", "head", "options", "trace", "connect")
TURBOFISH = re.compile(r"::<[^<>]*(?:<[^<>]*>[^<>]*)*>")
# Types whose value a route helper receives and adds routes to (`fn f(cfg: &mut ServiceConfig)`,
# `fn f(router: Router) -> Router`, `impl RouterExt for Router { fn f(self) -> Self }`).
ROUTER_TYPES = {"ServiceConfig": RouterKind.ACTIX_CONFIG, "Router": RouterKind.AXUM_HELPER}


# Builder calls that wrap the routes under them: middleware, and the state handlers read.
ACTIX_LAYERS = frozenset({"wrap", "wrap_fn", "app_data", "data"})
AXUM_LAYERS = frozenset({"layer", "route_layer", "with_state"})


@dataclass(frozen=True, slots=True)
class RouterParam:
    name: str  # the parameter (or `self`) the helper's routes are added to
    kind: RouterKind  # actix-config | axum-helper | router-method


def one_line(source: str) -> str:
    """Whitespace runs folded: a route-table cell holds one line, not a chain's layout."""
    return " ".join(source.split())


def layers_of(calls: list[Call], methods: frozenset[str], file: str) -> tuple[Layer, ...]:
    """The layer calls of one builder in `file`, outermost first: a later `.wrap(..)` /
    `.layer(..)` wraps what the builder held before it."""
    return tuple(_layer(c, file) for c in reversed(calls) if c.method in methods and c.args)


def _layer(call: Call, file: str) -> Layer:
    arg = call.args[0]
    return Layer(call.method, one_line(text(arg)), arg.start_point[0] + 1, arg.start_point[1],
                 arg.end_point[0] + 1, arg.end_point[1], file)


def handler_label(node: Node, file: str) -> str:
    """How a handler is shown: its path as written (turbofish dropped), or where a closure is
    (`<closure at main.rs:568>`), never the closure's own source."""
    if node.type == "closure_expression":
        return f"<closure at {PurePosixPath(file).name or 'source'}:{line(node)}>"
    return TURBOFISH.sub("", one_line(text(node)))


def method_router(node: Node, file: str) -> list[tuple[str, str]]:
    """axum `get(h).post(h2)` -> [("GET", "h"), ("POST", "h2")]."""
    root, calls = unwind(node)
    found = [_first_method(root, node, file)]
    found += [(c.method.upper(), handler_label(c.args[0], file)) for c in calls
              if c.method in HTTP_METHODS and c.args]
    return found


def _first_method(root: Node, whole: Node, file: str) -> tuple[str, str]:
    """`get(h)` -> ("GET", "h"); `any(h)` -> ("*", "h"); a service value -> ("*", its text)."""
    name = last_segment(callee(root))
    first = arguments(root) if root.type == "call_expression" else ()
    if not first:
        return "*", handler_label(whole, file)
    if name in HTTP_METHODS:
        return name.upper(), handler_label(first[0], file)
    return ("GET" if name == "get_service" else "*"), handler_label(first[0], file)


def router_param(info: FnInfo) -> RouterParam | None:
    """The parameter a route helper adds its routes to: a `&mut web::ServiceConfig` or axum
    `Router` parameter, or `self` of a method written for `Router` (an extension trait)."""
    if info.self_type:
        owner = last_segment(strip_generics(info.self_type))
        kind = ROUTER_TYPES.get(owner)
        method = kind and _takes_self(info.node)
        return RouterParam("self", RouterKind.ROUTER_METHOD) if method else None
    params = info.node.child_by_field_name("parameters")
    for param in params.named_children if params is not None else ():
        if param.type != "parameter":
            continue
        written = text(param.child_by_field_name("type")).lstrip("&").removeprefix("mut ")
        kind = ROUTER_TYPES.get(last_segment(strip_generics(written)))
        if kind:
            return RouterParam(text(param.child_by_field_name("pattern")), kind)
    return None


def helper_params(info: FnInfo) -> tuple[str, ...]:
    """A route helper's parameters in order (`self` left out, as a method call's arguments
    leave out the receiver): a call site's arguments fill them (`.get_route("/me", me)` for
    `fn get_route(self, path, h)`)."""
    params = info.node.child_by_field_name("parameters")
    return tuple(text(p.child_by_field_name("pattern")) for p in
                 (params.named_children if params is not None else ()) if p.type == "parameter")


def _takes_self(fn: Node) -> bool:
    params = fn.child_by_field_name("parameters")
    return params is not None and any(c.type == "self_parameter" for c in params.named_children)


def is_tail(info: FnInfo) -> bool:
    """Whether the function returns a scope or resource (`-> Scope`)."""
    returns = text(info.node.child_by_field_name("return_type"))
    return any(word in returns for word in ("Scope", "Resource", "HttpServiceFactory"))


def closure_call(child: Node) -> Node:
    """`.configure(|cfg| routes::configure(cfg, &state))` mounts what the closure calls."""
    body = child.child_by_field_name("body") if child.type == "closure_expression" else None
    if body is not None and body.type == "block" and len(body.named_children) == 1:
        body = body.named_children[0]
        if body.type == "expression_statement" and body.named_children:
            body = body.named_children[0]
    return body if body is not None and body.type == "call_expression" and callee(body) else child


def closure_params(closure: Node) -> list[str]:
    """`|cfg, x: u8|` -> ["cfg", "x"]."""
    params = closure.child_by_field_name("parameters")
    found = []
    for param in params.named_children if params is not None else ():
        pattern = param.child_by_field_name("pattern") if param.type == "parameter" else param
        found.append(text(pattern))
    return found


def own_nodes(body: Node) -> list[Node]:
    """The `let`s and calls of a function or closure body, not those of the items nested in it
    (`fn`, `impl`, `mod`), in the order a walk from the top meets them (the outer of two calls
    starting together first). Found by a query, in C: the walk in Python was a third of the
    time spent reading routes."""
    found = kinds_under(body, "let_declaration", "call_expression", "function_item",
                        "impl_item", "mod_item")
    items = ("function_item", "impl_item", "mod_item")
    nested = [(item.start_byte, item.end_byte) for kind in items for item in found.get(kind, ())]
    nodes = [*found.get("let_declaration", ()), *found.get("call_expression", ())]
    return sorted((node for node in nodes
                   if not any(start <= node.start_byte < end for start, end in nested)),
                  key=pre_order)


def router_var(info: FnInfo) -> str:
    """The name a function's router is known by: its name, qualified by the inline modules
    around it (`routes::users::configure` for `mod routes { pub mod users { fn configure } }`),
    which is how other code of the file names it."""
    if info.self_type:
        return info.short
    parts = [info.short]
    parent = info.node.parent
    while parent is not None:
        if parent.type in ("function_item", "impl_item", "trait_item"):
            return info.short  # a nested function is named from its outer function's body
        if parent.type == "mod_item":
            parts.append(text(parent.child_by_field_name("name")))
        parent = parent.parent
    return "::".join(reversed(parts))


def condition_of(node: Node, stop: Node | None = None) -> str:
    """The conditions a statement of a function body (or of `stop`) runs under, outermost
    first: `enable_reset` inside `if enable_reset {..}`, `not (enable_reset)` in its `else`,
    `match mode: Mode::Dev` in a match arm; "" when it always runs."""
    found: list[str] = []
    child, parent = node, node.parent
    while parent is not None and parent != stop and parent.type not in ("function_item",
                                                                        "closure_expression"):
        found += _branch_condition(parent, child)
        child, parent = parent, parent.parent
    return " and ".join(reversed(found))


def _branch_condition(parent: Node, child: Node) -> list[str]:
    if parent.type == "if_expression" and child != parent.child_by_field_name("condition"):
        condition = one_line(text(parent.child_by_field_name("condition")))
        inside = parent.child_by_field_name("consequence") == child
        return [condition if inside else f"not ({condition})"]
    if parent.type == "match_arm":
        scrutinee = parent.parent.parent if parent.parent is not None else None
        value = text(scrutinee.child_by_field_name("value")) if scrutinee is not None else ""
        return [f"match {one_line(value)}: {one_line(text(parent.child_by_field_name('pattern')))}"]
    return []


def string_consts(node: Node) -> dict[str, str]:
    """`const API: &str = "/api";` items of the file (top level and inline modules)."""
    while node.parent is not None:
        node = node.parent
    found: dict[str, str] = {}
    stack = [node]
    while stack:
        item = stack.pop()
        if item.type in ("const_item", "static_item"):
            value = string_value(item.child_by_field_name("value"))
            if value is not None:
                found[text(item.child_by_field_name("name"))] = value
        elif item.type in ("source_file", "mod_item", "declaration_list"):
            stack.extend(item.named_children)
    return found


def route_attribute(attribute: Node) -> tuple[str, list[str]] | None:
    """("/p", ["GET"]) for `#[get("/p")]`, `#[route("/p", method = "GET")]`; None otherwise."""
    name, args = attribute_parts(attribute)
    short = last_segment(name)
    if short not in (*HTTP_METHODS, "route") or args is None:
        return None
    strings = [string_value(c) or "" for c in args.named_children if c.type == "string_literal"]
    if not strings:
        return None
    methods = [s.upper() for s in strings[1:]] if short == "route" else [short.upper()]
    return strings[0], methods
