"""actix-web and axum routing declared in one file: routers, mounts and routes.

Each function that builds routes is a router named after the function:
- `App::new()...` chains (actix-web, a root), `Router::new()...` chains (axum),
- `fn f(cfg: &mut web::ServiceConfig)` bodies (`actix-config`, mounted through `.configure(f)`),
- functions returning a `web::scope(..)` / `web::resource(..)` chain (`actix-scope`),
- `#[get("/p")] async fn h` attribute-macro handlers (`actix-service`, mounted by `.service(h)`).
Scopes, resources and nested axum routers built inline are followed here, with their prefixes
and middleware (`wrap` in actix applies to the whole builder; axum's `layer` to the routes added
before it). What another function or file provides becomes a `MountFacts` that analysis resolves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from nova_refactor.frontends.rust.chains import Call, arguments, callee, is_outermost, unwind
from nova_refactor.frontends.rust.functions import FnInfo
from nova_refactor.frontends.rust.syntax import (
    attribute_parts,
    attributes_of,
    last_segment,
    line,
    string_value,
    text,
)
from nova_refactor.model import MountFacts, RouteFacts, RouterFacts

HTTP_METHODS = ("get", "post", "put", "delete", "patch", "head", "options", "trace", "connect")
ACTIX_BUILDERS = {"scope": "scope", "resource": "resource"}
ACTIX, AXUM = "actix-web", "axum"


@dataclass
class Routing:
    routers: list[RouterFacts] = field(default_factory=list)
    mounts: list[MountFacts] = field(default_factory=list)
    routes: list[RouteFacts] = field(default_factory=list)

    def handlers(self) -> set[str]:
        return {last_segment(r.handler) for r in self.routes}


@dataclass(frozen=True, slots=True)
class _Ctx:
    var: str
    framework: str
    prefix: str = ""
    middleware: tuple[str, ...] = ()


def join(prefix: str, rule: str) -> str:
    if not rule:
        return prefix
    if not prefix:
        return rule
    return prefix.rstrip("/") + "/" + rule.lstrip("/")


def collect_routing(functions: list[FnInfo]) -> Routing:
    routing = Routing()
    for info in functions:
        if info.in_test:
            continue  # routes registered by tests are not the service's routes
        _attribute_route(info, routing)
        _Builder(info, routing).run()
    return routing


def _route_attribute(attribute: Node) -> tuple[str, list[str]] | None:
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


def _attribute_route(info: FnInfo, routing: Routing) -> None:
    for attribute in attributes_of(info.node):
        found = _route_attribute(attribute)
        if found is None:
            continue
        rule, methods = found
        routing.routers.append(RouterFacts(info.short, "actix-service", line(info.node)))
        routing.routes.append(RouteFacts(info.short, tuple(methods or ["*"]), rule,
                                         info.short, info.short, line(attribute), ACTIX))


class _Builder:
    """The routing built by one function."""

    def __init__(self, info: FnInfo, routing: Routing) -> None:
        self.info = info
        self.routing = routing
        self.var = info.short
        self.done: list[tuple[int, int]] = []
        self.declared = False
        self.config = ""
        # `let api = Router::new()..;` / `let api = web::scope(..)..;`: built where it is used
        self.bindings: dict[str, Node] = {}

    def run(self) -> None:
        body = self.info.node.child_by_field_name("body")
        if body is None:
            return
        self.config = "" if self.info.self_type else _service_config_param(self.info.node)
        nodes = list(_own_nodes(body))
        for node in nodes:
            self._bind(node)
        for node in nodes:
            if node.type == "call_expression" and is_outermost(node) and not self._consumed(node):
                self._top_chain(node)
        # Bound but never mounted: a root itself. Latest first, as later bindings use earlier.
        for name in reversed(list(self.bindings)):
            value = self.bindings.pop(name, None)
            if value is not None:
                self._top_chain(value)

    def _bind(self, node: Node) -> None:
        value = node.child_by_field_name("value") if node.type == "let_declaration" else None
        pattern = node.child_by_field_name("pattern") if value is not None else None
        if value is None or pattern is None or pattern.type != "identifier":
            return
        root, calls = unwind(value)
        name = callee(root)
        if calls and (name.endswith("Router::new") or last_segment(name) in ACTIX_BUILDERS):
            self.bindings[text(pattern)] = value
            self.done.append((value.start_byte, value.end_byte))

    def _top_chain(self, node: Node) -> None:
        root, calls = unwind(node)
        kind = self._root_kind(root, self.config)
        if kind is None or not calls:
            return
        self.done.append((node.start_byte, node.end_byte))
        self._declare(kind)
        self._chain(root, calls, _Ctx(self.var, AXUM if kind == "axum" else ACTIX))

    def _consumed(self, node: Node) -> bool:
        return any(start <= node.start_byte and node.end_byte <= end for start, end in self.done)

    def _root_kind(self, root: Node, config: str) -> str | None:
        name = callee(root)
        if name.endswith("App::new"):
            return "actix-app"
        if name.endswith("Router::new"):
            return "axum"
        if config and root.type == "identifier" and text(root) == config:
            return "actix-config"
        if last_segment(name) in ACTIX_BUILDERS and _is_tail(root, self.info):
            return "actix-scope"
        return None

    def _declare(self, kind: str) -> None:
        if not self.declared:
            self.declared = True
            self.routing.routers.append(RouterFacts(self.var, kind, line(self.info.node)))

    def _chain(self, root: Node, calls: list[Call], ctx: _Ctx) -> None:
        name = last_segment(callee(root))
        if name in ACTIX_BUILDERS and root.type == "call_expression":
            rule = string_value(next(iter(arguments(root)), None)) or ""
            ctx = _Ctx(ctx.var, ACTIX, join(ctx.prefix, rule), ctx.middleware)
            if name == "resource":
                return self._actix(calls, ctx, resource=True)
        if ctx.framework == AXUM:
            return self._axum(calls, ctx)
        return self._actix(calls, ctx, resource=False)

    def _actix(self, calls: list[Call], ctx: _Ctx, resource: bool) -> None:
        wraps = tuple(text(c.args[0]) for c in calls if c.method in ("wrap", "wrap_fn") and c.args)
        ctx = _Ctx(ctx.var, ACTIX, ctx.prefix, ctx.middleware + wraps)
        for call in calls:
            if call.args:
                self._actix_call(call, ctx, resource)

    def _actix_call(self, call: Call, ctx: _Ctx, resource: bool) -> None:
        first = call.args[0]
        if call.method == "route":
            rule = "" if resource else string_value(first) or ""
            self._actix_route(call.args[-1], join(ctx.prefix, rule), ctx, call.line)
        elif call.method in ("service", "configure"):
            self._nested(first, ctx, call.line)
        elif resource and call.method == "to":
            self._route(("*",), ctx.prefix, text(first), ctx, call.line)
        elif resource and call.method in HTTP_METHODS:  # Resource::get(h)
            self._route((call.method.upper(),), ctx.prefix, text(first), ctx, call.line)

    def _actix_route(self, definition: Node, rule: str, ctx: _Ctx, at: int) -> None:
        root, calls = unwind(definition)
        name = last_segment(callee(root))
        methods = (name.upper(),) if name in HTTP_METHODS else ("*",)
        handler = ""
        for call in calls:
            if call.method == "to" and call.args:
                handler = text(call.args[0])
            elif call.method in ("method", "guard") and call.args:
                guessed = last_segment(text(call.args[0])).split("(")[0].upper()
                methods = (guessed,) if guessed.lower() in HTTP_METHODS else methods
        if handler:
            self._route(methods, rule, handler, ctx, at)

    def _axum(self, calls: list[Call], ctx: _Ctx) -> None:
        for index, call in enumerate(calls):
            later = tuple(text(c.args[0]) for c in reversed(calls[index + 1 :])
                          if c.method in ("layer", "route_layer") and c.args)
            self._axum_call(call, _Ctx(ctx.var, AXUM, ctx.prefix, ctx.middleware + later))

    def _axum_call(self, call: Call, here: _Ctx) -> None:
        """One call of an axum chain; `here` carries the layers added after it."""
        if call.method == "merge" and call.args:
            return self._nested(call.args[0], here, call.line)
        if len(call.args) != 2:
            return None
        rule = join(here.prefix, string_value(call.args[0]) or "")
        if call.method in ("route", "route_service"):
            for method, handler in _method_router(call.args[1]):
                self._route((method,), rule, handler, here, call.line)
        elif call.method in ("nest", "nest_service"):
            self._nested(call.args[1], _Ctx(here.var, AXUM, rule, here.middleware), call.line)
        return None

    def _resolve_binding(self, child: Node) -> Node:
        """The builder bound to `child`'s name (also `name.clone()`), or `child` itself."""
        root, calls = unwind(child)
        if [c.method for c in calls] == ["clone"]:  # `.service(users.clone())` in a closure
            child = root
        if child.type == "identifier" and text(child) in self.bindings:
            return self.bindings.pop(text(child))
        return child

    def _nested(self, child: Node, ctx: _Ctx, at: int) -> None:
        child = _closure_call(self._resolve_binding(child))
        root, calls = unwind(child)
        name = callee(root)
        if name.endswith("Router::new") or last_segment(name) in ACTIX_BUILDERS:
            return self._chain(root, calls, ctx)
        target = name if child.type == "call_expression" else text(child)
        if target:
            self.routing.mounts.append(
                MountFacts(ctx.var, target, ctx.prefix, at, middleware=ctx.middleware)
            )

    def _route(self, methods: tuple[str, ...], rule: str, handler: str, ctx: _Ctx,
               at: int) -> None:
        self.routing.routes.append(RouteFacts(
            ctx.var, methods, rule or "/", handler, last_segment(handler), at,
            ctx.framework, middleware=ctx.middleware,
        ))


def _closure_call(child: Node) -> Node:
    """`.configure(|cfg| routes::configure(cfg, &state))` mounts what the closure calls."""
    body = child.child_by_field_name("body") if child.type == "closure_expression" else None
    if body is not None and body.type == "block" and len(body.named_children) == 1:
        body = body.named_children[0]
    return body if body is not None and body.type == "call_expression" and callee(body) else child


def _method_router(node: Node) -> list[tuple[str, str]]:
    """axum `get(h).post(h2)` -> [("GET", "h"), ("POST", "h2")]."""
    root, calls = unwind(node)
    found = [_first_method(root, node)]
    found += [(c.method.upper(), text(c.args[0])) for c in calls
              if c.method in HTTP_METHODS and c.args]
    return found


def _first_method(root: Node, whole: Node) -> tuple[str, str]:
    """`get(h)` -> ("GET", "h"); `any(h)` -> ("*", "h"); a service value -> ("*", its text)."""
    name = last_segment(callee(root))
    first = arguments(root) if root.type == "call_expression" else ()
    if not first:
        return "*", text(whole)
    if name in HTTP_METHODS:
        return name.upper(), text(first[0])
    return ("GET" if name == "get_service" else "*"), text(first[0])


def _service_config_param(fn: Node) -> str:
    """The name of a `&mut web::ServiceConfig` parameter, "" when there is none."""
    params = fn.child_by_field_name("parameters")
    for param in params.named_children if params is not None else ():
        if param.type == "parameter" and "ServiceConfig" in text(param.child_by_field_name("type")):
            return text(param.child_by_field_name("pattern"))
    return ""


def _is_tail(root: Node, info: FnInfo) -> bool:
    """Whether the chain built on `root` is what the function returns (`-> Scope`)."""
    returns = text(info.node.child_by_field_name("return_type"))
    return any(word in returns for word in ("Scope", "Resource", "HttpServiceFactory"))


def _own_nodes(body: Node):
    """Nodes of a function body, not descending into nested items."""
    stack = [body]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(
            reversed([c for c in node.children
                      if c.type not in ("function_item", "impl_item", "mod_item")])
        )

