"""The App or router `main` serves, and the middleware around each of its routes.

actix-web: `App::new()..` with `.wrap(..)` (every route) and nested `web::scope("/p")..` with
their own `.wrap(..)` (the routes under `/p`); a scope's middleware runs inside the App's.
axum: the router given `.with_state(..)` (or the last one built), with `.route(..)`,
`.nest("/p", r)` / `.merge(r)` of routers written inline or bound by a `let` of `main`; a
`.layer(..)` or `.route_layer(..)` wraps what its router holds when it is called.

The service serves its routes from one App or router, so it takes the middleware around every
one of them; middleware around only some is named in the plan.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from tree_sitter import Node

from nova_refactor.frontends.rust.chains import arguments, callee, is_outermost, unwind
from nova_refactor.frontends.rust.syntax import string_value, text, walk

# (full path of a route) -> the middleware calls around it, innermost first; None: not served
Around = Callable[[str], list[Node] | None]
_AXUM_LAYERS = ("layer", "route_layer")


def actix_app(main: Node | None) -> tuple[list[Node], Around, Around] | None:
    """The calls of the `App::new()` chain, the middleware around each route and the
    `.app_data(..)` of the scopes around it."""
    for node in walk(main) if main is not None else ():
        if node.type != "call_expression" or not is_outermost(node):
            continue
        head, calls = unwind(node)
        if callee(head) in ("App::new", "actix_web::App::new"):
            scopes = _scopes([c.node for c in calls], "")
            inner = [(p, c) for p, c in _only(scopes, "app_data") if p]  # the App's: chain
            return ([c.node for c in calls], partial(_actix_around, _only(scopes, "wrap")),
                    partial(_actix_around, inner))
    return None


def _only(scopes: list[tuple[str, list[Node]]], method: str) -> list[tuple[str, list[Node]]]:
    """Each scope's calls of one method."""
    return [(p, [c for c in calls if _method(c) == method]) for p, calls in scopes]


def _scopes(calls: list[Node], prefix: str) -> list[tuple[str, list[Node]]]:
    """(path prefix, its calls) for the App ("") and every nested `web::scope(..)`."""
    found = [(prefix, calls)]
    for call in calls:
        if _method(call) != "service" or not arguments(call):
            continue
        head, inner = unwind(arguments(call)[0])
        if callee(head).rpartition("::")[2] == "scope" and arguments(head):
            path = string_value(arguments(head)[0]) or ""
            found += _scopes([c.node for c in inner], prefix + path)
    return found


def _actix_around(scopes: list[tuple[str, list[Node]]], path: str) -> list[Node]:
    enclosing = [(p, w) for p, w in scopes if _under(path, p)]
    enclosing.sort(key=lambda pair: -len(pair[0]))  # innermost scope first
    return [w for _, wraps in enclosing for w in wraps]


def _under(path: str, prefix: str) -> bool:
    stem = prefix.rstrip("/")
    return not stem or path == stem or path.startswith(stem + "/")


def axum_app(main: Node | None) -> tuple[list[Node], Around, Around] | None:
    """The calls of the router `main` gives its state (else the last router it builds) and
    the layers around each route."""
    if main is None:
        return None
    routers = _routers(main)
    if not routers:
        return None
    stated = [calls for calls in routers.values() if "with_state" in map(_method, calls)]
    calls = (stated or list(routers.values()))[-1]
    return calls, partial(_axum_around, calls, routers), _no_state


def _no_state(path: str) -> list[Node]:
    """axum has one state per router, given by `.with_state(..)`: nothing per nest."""
    return []


def _routers(main: Node) -> dict[str, list[Node]]:
    """`let name = Router::new()..;` of `main`, by name, in order (the last binding wins)."""
    found: dict[str, list[Node]] = {}
    for node in walk(main):
        value = node.child_by_field_name("value") if node.type == "let_declaration" else None
        if value is None:
            continue
        head, calls = unwind(value)
        if callee(head).endswith("Router::new"):
            found[text(node.child_by_field_name("pattern"))] = [c.node for c in calls]
    return found


def _axum_around(calls: list[Node], routers: dict[str, list[Node]], path: str,
                 prefix: str = "") -> list[Node] | None:
    for index, call in enumerate(calls):
        inside = _axum_child(call, routers, path, prefix)
        if inside is not None:
            return inside + [c for c in calls[index + 1:] if _method(c) in _AXUM_LAYERS]
    return None


def _axum_child(call: Node, routers: dict[str, list[Node]], path: str,
                prefix: str) -> list[Node] | None:
    method, args = _method(call), arguments(call)
    if method == "route" and args:
        return [] if prefix + (string_value(args[0]) or "") == path else None
    if method == "nest" and len(args) == 2:
        inner = _router_calls(args[1], routers)
        return _axum_around(inner, routers, path, prefix + (string_value(args[0]) or ""))
    if method == "merge" and args:
        return _axum_around(_router_calls(args[0], routers), routers, path, prefix)
    return None


def _router_calls(node: Node, routers: dict[str, list[Node]]) -> list[Node]:
    if node.type == "identifier":
        return routers.get(text(node), [])
    return [c.node for c in unwind(node)[1]]


def _method(call: Node) -> str:
    function = call.child_by_field_name("function")
    field_node = function.child_by_field_name("field") if function is not None else None
    return text(field_node)


def around(middleware: Around, owned: list[str], notes: list[str],
           where: Callable[[Node], str]) -> list[Node]:
    """The middleware around every owned route, innermost first; the rest goes to `notes`."""
    served = [(path, calls) for path in owned if (calls := middleware(path)) is not None]
    notes += [f"route {path}: not found in the App or router main serves; its middleware is "
              "not known" for path in owned if path not in dict(served)]
    if not served:
        return []
    common = [m for m in served[0][1] if all(_has(others, m) for _, others in served[1:])]
    notes += _partial(served, common, where)
    return common


def _partial(served: list[tuple[str, list[Node]]], common: list[Node],
             where: Callable[[Node], str]) -> list[str]:
    """Middleware around some owned routes only: the one App or router cannot apply it."""
    some = {m.start_byte: (path, m) for path, calls in served for m in calls
            if not _has(common, m)}
    return [f"middleware not carried: .{_method(m)}(..) ({where(m)}) wraps {path} "
            "but not every route the service owns" for path, m in some.values()]


def _has(calls: list[Node], call: Node) -> bool:
    return any(c.start_byte == call.start_byte for c in calls)
