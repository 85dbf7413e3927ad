"""actix-web and axum routing declared in one file: routers, mounts and routes.

Each function that builds routes is a router named after the function:
- `App::new()...` chains (actix-web, a root), `Router::new()...` chains (axum),
- route helpers: `fn f(cfg: &mut web::ServiceConfig)` bodies (`actix-config`, mounted through
  `.configure(f)` or a call `f(cfg)`), `fn f(router: Router) -> Router` (`axum-helper`, mounted
  where it is called on a router) and methods of an extension trait for `Router`
  (`router-method`, mounted by `.f()` in a chain),
- functions returning a `web::scope(..)` / `web::resource(..)` chain (`actix-scope`),
- `#[get("/p")] async fn h` attribute-macro handlers (`actix-service`, mounted by `.service(h)`).
Scopes, resources and nested axum routers built inline or bound with `let` are followed here,
with their prefixes and middleware (`wrap` in actix applies to the whole builder; axum's `layer`
to the routes added before it). What another function or file provides becomes a `MountFacts`
that analysis resolves (`.f()` as `.f`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from tree_sitter import Node

from nova_refactor.frontends.rust.chains import Call, arguments, callee, is_outermost, unwind
from nova_refactor.frontends.rust.functions import FnInfo
from nova_refactor.frontends.rust.route_bindings import BRANCHING, Bindings, branch_tails
from nova_refactor.frontends.rust.route_parts import (
    ACTIX_LAYERS,
    AXUM_LAYERS,
    HTTP_METHODS,
    TURBOFISH,
    RouterParam,
    closure_call,
    closure_params,
    condition_of,
    handler_label,
    helper_params,
    is_tail,
    layers_of,
    method_router,
    one_line,
    own_nodes,
    route_attribute,
    router_param,
    router_var,
    string_consts,
)
from nova_refactor.frontends.rust.syntax import (
    attributes_of,
    last_segment,
    line,
    string_value,
    text,
)
from nova_refactor.model import (
    Framework,
    Layer,
    MountFacts,
    RouteFacts,
    RouterFacts,
    RouterKind,
)

ACTIX_BUILDERS = {"scope": "scope", "resource": "resource"}
ACTIX, AXUM = Framework.ACTIX_WEB, Framework.AXUM
# Builder methods of the frameworks themselves: anything else called on a router may be a
# project's extension-trait method that adds routes.
KNOWN_METHODS = frozenset({
    "route", "service", "configure", "wrap", "wrap_fn", "app_data", "data", "default_service",
    "guard", "to", "external_resource", "name", "merge", "nest", "nest_service", "layer",
    "route_layer", "route_service", "with_state", "fallback", "fallback_service", "clone",
    "into_make_service", "into_make_service_with_connect_info", "finish", "method", *HTTP_METHODS,
})


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
    framework: Framework
    prefix: str = ""
    middleware: tuple[str, ...] = ()
    layers: tuple[Layer, ...] = ()  # the middleware's calls and the state ones, outermost first


def join(prefix: str, rule: str) -> str:
    if not rule:
        return prefix
    if not prefix:
        return rule
    return prefix.rstrip("/") + "/" + rule.lstrip("/")


def collect_routing(functions: list[FnInfo], file: str = "") -> Routing:
    routing = Routing()
    consts = string_consts(functions[0].node) if functions else {}
    for info in functions:
        if info.in_test:
            continue  # routes registered by tests are not the service's routes
        _attribute_route(info, routing, file)
        _Builder(info, routing, file, consts).run()
    return routing


def _attribute_route(info: FnInfo, routing: Routing, file: str) -> None:
    var = router_var(info)
    for attribute in attributes_of(info.node):
        found = route_attribute(attribute)
        if found is None:
            continue
        rule, methods = found
        routing.routers.append(RouterFacts(var, RouterKind.ACTIX_SERVICE, line(info.node)))
        routing.routes.append(RouteFacts(var, tuple(methods or ["*"]), rule,
                                         info.short, info.short, line(attribute), ACTIX))


class _Builder:
    """The routing built by one function."""

    def __init__(self, info: FnInfo, routing: Routing, file: str,
                 consts: dict[str, str]) -> None:
        self.info = info
        self.routing = routing
        self.file = file
        self.var = router_var(info)
        self.done: list[tuple[int, int]] = []
        self.declared = False
        self.param = router_param(info)
        # `let api = Router::new()..;` / `let api = web::scope(..)..;`: built where it is used
        self.bindings = Bindings()
        self.consts = consts
        self.condition = ""  # the `if`/`match` the chain being read runs under

    def _path(self, node: Node | None) -> str:
        """A path argument: a literal, a `const` of the file, or `<expr>` when it is computed
        (analysis lists such routes as unresolved, never as mounted)."""
        if node is None:
            return ""
        value = string_value(node)
        if value is None:
            value = self.consts.get(text(node).lstrip("&"))
        return value if value is not None else f"<{one_line(text(node))}>"

    def run(self) -> None:
        body = self.info.node.child_by_field_name("body")
        if body is None:
            return
        nodes = own_nodes(body)
        for node in nodes:
            self._bind(node)
        for node in nodes:
            if node.type == "call_expression" and is_outermost(node) and not self._consumed(node):
                self._top_chain(node)
        for value in self.bindings.unused():  # bound but never mounted: a root itself
            self._top_chain(value)

    def _bind(self, node: Node) -> None:
        value = node.child_by_field_name("value") if node.type == "let_declaration" else None
        pattern = node.child_by_field_name("pattern") if value is not None else None
        if value is None or pattern is None or pattern.type != "identifier":
            return
        if self._bindable(value):
            self.bindings.bind(text(pattern), value)
            self.done.append((value.start_byte, value.end_byte))

    def _bindable(self, value: Node) -> bool:
        """A builder chain, a chain on a bound one (`let secured = api.layer(..)`), or a choice
        between such (`if path.is_empty() { routes } else { .. }`)."""
        if value.type in BRANCHING:
            return any(self._bindable(tail) for _, tail in branch_tails(value))
        root, calls = unwind(value)
        if root.type == "identifier":
            return self.bindings.is_bound(root)
        name = callee(root)
        if name.endswith("App::new"):
            return True  # `let app = App::new().wrap(..); app.configure(..)`: the app itself
        builder = name.endswith("Router::new") or last_segment(name) in ACTIX_BUILDERS
        return bool(calls) and builder

    def _each_choice(self, root: Node, calls: list[Call],
                     visit: Callable[[Node, list[Call]], None]) -> None:
        """`visit` the chain, or each alternative of a name bound by `if` / `match`, with the
        alternative's condition."""
        alternatives = self.bindings.alternatives(root)
        if not alternatives:
            return visit(root, calls)
        outer = self.condition
        for condition, tail in alternatives:
            self.condition = " and ".join(c for c in (outer, condition) if c)
            inner_root, inner_calls = self.bindings.expand(tail)
            self._each_choice(inner_root, inner_calls + calls, visit)
        self.condition = outer
        return None

    def _top_chain(self, node: Node) -> None:
        self.condition = condition_of(node)
        root, calls = self.bindings.expand(node)
        self._each_choice(root, calls, lambda r, c: self._top_root(r, c, node))

    def _top_root(self, root: Node, calls: list[Call], node: Node) -> None:
        kind = self._root_kind(root)
        if kind is None:
            return self._helper_chain(root, calls)
        if not calls:
            return None
        self.done.append((node.start_byte, node.end_byte))
        self._declare(kind)
        return self._chain(root, calls, _Ctx(self.var, self._framework(root, ACTIX)))

    def _framework(self, root: Node, default: Framework) -> Framework:
        """Which framework a chain built on `root` belongs to."""
        name = callee(root)
        if name.endswith("Router::new"):
            return AXUM
        if name.endswith("App::new") or last_segment(name) in ACTIX_BUILDERS:
            return ACTIX
        if self.param and root.type in ("identifier", "self") and text(root) == self.param.name:
            return ACTIX if self.param.kind == RouterKind.ACTIX_CONFIG else AXUM
        return default

    def _helper_chain(self, root: Node, calls: list[Call]) -> None:
        """`configure_api(cfg, &state)` / `with_auth(Router::new()..).layer(..)`: a call of a
        project function handed a router; it is a mount of that function where it stands."""
        framework = self._helper_framework(root, calls)
        if framework is None:
            return
        self.done.append((root.start_byte, root.end_byte))
        self._declare(self.param.kind if self.param else RouterKind.AXUM if framework == AXUM
                      else RouterKind.ACTIX_APP)
        later = _later_layers(calls) if framework == AXUM else ()
        around = layers_of(calls, AXUM_LAYERS, self.file) if framework == AXUM else ()
        self._nested(root, _Ctx(self.var, framework, "", later, around), line(root))
        if any(c.method in KNOWN_METHODS for c in calls):  # `helper(r).layer(..)`, not `.await`
            self._chain(root, calls, _Ctx(self.var, framework))

    def _helper_framework(self, root: Node, calls: list[Call]) -> Framework | None:
        """The framework of the router a call is handed or returns; None: not a router."""
        if root.type != "call_expression" or not callee(root):
            return None
        builders = [arg for arg in arguments(root) if self._is_builder(arg)]
        if builders:
            return self._framework(self.bindings.peek(builders[0]), ACTIX)
        # `build_router().layer(..)`: a router some function returns, used here
        return _framework_of_calls(calls)

    def _is_builder(self, node: Node) -> bool:
        root = self.bindings.peek(node)
        if root.type in ("identifier", "self") and self.param and text(root) == self.param.name:
            return True
        return callee(root).endswith(("Router::new", "App::new"))

    def _consumed(self, node: Node) -> bool:
        return any(start <= node.start_byte and node.end_byte <= end for start, end in self.done)

    def _root_kind(self, root: Node) -> RouterKind | None:
        name = callee(root)
        if name.endswith("App::new"):
            return RouterKind.ACTIX_APP
        if name.endswith("Router::new"):
            return RouterKind.AXUM
        if self.param and root.type in ("identifier", "self") and text(root) == self.param.name:
            return self.param.kind
        if last_segment(name) in ACTIX_BUILDERS and is_tail(self.info):
            return RouterKind.ACTIX_SCOPE
        return None

    def _declare(self, kind: RouterKind) -> None:
        returns = self.info.node.child_by_field_name("return_type")
        if kind == RouterKind.AXUM and "Router" in text(returns):
            kind = RouterKind.AXUM_RETURNED  # built here and handed back: served only if used
        if not self.declared:
            self.declared = True
            params = helper_params(self.info) if self.param else ()
            self.routing.routers.append(
                RouterFacts(self.var, kind, line(self.info.node), params=params))

    def _args(self, args: tuple[Node, ...]) -> tuple[str, ...]:
        """A helper call's arguments as the helper's routes will use them: string literals
        (and `const`s) JSON-quoted, anything else as written (a handler, a computed path)."""
        found = []
        for arg in args:
            value = string_value(arg)
            if value is None:
                value = self.consts.get(text(arg).lstrip("&"))
            found.append(json.dumps(value) if value is not None else handler_label(arg, self.file))
        return tuple(found)

    def _chain(self, root: Node, calls: list[Call], ctx: _Ctx) -> None:
        name = last_segment(callee(root))
        ctx = replace(ctx, framework=self._framework(root, ctx.framework))
        if name in ACTIX_BUILDERS and root.type == "call_expression":
            rule = self._path(next(iter(arguments(root)), None))
            ctx = replace(ctx, framework=ACTIX, prefix=join(ctx.prefix, rule))
            if name == "resource":
                return self._actix(calls, ctx, resource=True)
        if ctx.framework == AXUM:
            return self._axum(calls, ctx)
        return self._actix(calls, ctx, resource=False)

    def _actix(self, calls: list[Call], ctx: _Ctx, resource: bool) -> None:
        wraps = tuple(one_line(text(c.args[0])) for c in calls
                      if c.method in ("wrap", "wrap_fn") and c.args)
        ctx = replace(ctx, framework=ACTIX, middleware=ctx.middleware + wraps,
                      layers=ctx.layers + layers_of(calls, ACTIX_LAYERS, self.file))
        for call in calls:
            self._actix_call(call, ctx, resource)

    def _actix_call(self, call: Call, ctx: _Ctx, resource: bool) -> None:
        if call.method not in KNOWN_METHODS:
            return self._extension(call, ctx)
        if not call.args:
            return None
        first = call.args[0]
        if call.method == "route":
            rule = "" if resource else self._path(first)
            self._actix_route(call.args[-1], join(ctx.prefix, rule), ctx, call.line)
        elif call.method in ("service", "configure"):
            self._nested(first, ctx, call.line)
        elif resource:
            self._resource_call(call, ctx)
        return None

    def _resource_call(self, call: Call, ctx: _Ctx) -> None:
        """`web::resource(p).to(h)` (any method) / `.get(h)`."""
        methods = ("*",) if call.method == "to" else (call.method.upper(),)
        if call.method == "to" or call.method in HTTP_METHODS:
            self._route(methods, ctx.prefix, handler_label(call.args[0], self.file), ctx,
                        call.line)

    def _extension(self, call: Call, ctx: _Ctx) -> None:
        """`.api_routes()` on a router: maybe a project's extension-trait method."""
        self.routing.mounts.append(
            MountFacts(ctx.var, f".{call.method}", ctx.prefix, call.line,
                       middleware=ctx.middleware, args=self._args(call.args),
                       condition=self.condition, layers=ctx.layers))

    def _actix_route(self, definition: Node, rule: str, ctx: _Ctx, at: int) -> None:
        root, calls = unwind(definition)
        name = last_segment(callee(root))
        methods = (name.upper(),) if name in HTTP_METHODS else ("*",)
        handler = ""
        for call in calls:
            if call.method == "to" and call.args:
                handler = handler_label(call.args[0], self.file)
            elif call.method in ("method", "guard") and call.args:
                guessed = last_segment(text(call.args[0])).split("(")[0].upper()
                methods = (guessed,) if guessed.lower() in HTTP_METHODS else methods
        if handler:
            self._route(methods, rule, handler, ctx, at)

    def _axum(self, calls: list[Call], ctx: _Ctx) -> None:
        for index, call in enumerate(calls):
            after = calls[index + 1:]
            self._axum_call(call, replace(ctx, framework=AXUM,
                                          middleware=ctx.middleware + _later_layers(after),
                                          layers=ctx.layers + layers_of(after, AXUM_LAYERS,
                                                                        self.file)))

    def _axum_call(self, call: Call, here: _Ctx) -> None:
        """One call of an axum chain; `here` carries the layers added after it."""
        if call.method not in KNOWN_METHODS:
            return self._extension(call, here)
        if call.method == "merge" and call.args:
            return self._nested(call.args[0], here, call.line)
        if len(call.args) != 2:
            return None
        rule = join(here.prefix, self._path(call.args[0]))
        if call.method in ("route", "route_service"):
            for method, handler in method_router(call.args[1], self.file):
                self._route((method,), rule, handler, here, call.line)
        elif call.method in ("nest", "nest_service"):
            self._nested(call.args[1], replace(here, framework=AXUM, prefix=rule), call.line)
        return None

    def _nested(self, child: Node, ctx: _Ctx, at: int) -> None:
        root, calls = self.bindings.expand(_unclone(closure_call(child)))
        self._each_choice(root, calls, lambda r, c: self._nested_root(r, c, ctx, at))

    def _nested_root(self, root: Node, calls: list[Call], ctx: _Ctx, at: int) -> None:
        if root.type == "closure_expression":
            return self._closure(root, ctx)
        name = callee(root)
        if name.endswith("Router::new") or last_segment(name) in ACTIX_BUILDERS:
            return self._chain(root, calls, ctx)
        if self._redirect(root, name, ctx, at):
            return None
        self._mount(root, name, ctx, at)
        for arg in self._handed_routers(root):
            self._nested(arg, ctx, at)  # `f(Router::new()..)`: the router it is handed
        target = name if root.type == "call_expression" else text(root)
        return self._chain(root, calls, ctx) if calls and target else None

    def _mount(self, root: Node, name: str, ctx: _Ctx, at: int) -> None:
        """What another function or file provides (`feeds::config`, `api::routes(..)`)."""
        target = name if root.type == "call_expression" else text(root)
        if target:
            self.routing.mounts.append(MountFacts(
                ctx.var, TURBOFISH.sub("", target), ctx.prefix, at, middleware=ctx.middleware,
                args=self._args(arguments(root)) if root.type == "call_expression" else (),
                condition=self.condition, layers=ctx.layers))

    def _redirect(self, call: Node, name: str, ctx: _Ctx, at: int) -> bool:
        """actix's `web::redirect("/from", "/to")`: a service answering any method at `/from`
        (False: `call` is something else)."""
        args = list(arguments(call)) if last_segment(name) == "redirect" else []
        if len(args) != 2 or ctx.framework != ACTIX:
            return False
        to = string_value(args[1]) or one_line(text(args[1]))
        self._route(("*",), join(ctx.prefix, self._path(args[0])), f"<redirect to {to}>", ctx, at)
        return True

    def _closure(self, closure: Node, ctx: _Ctx) -> None:
        """`.configure(|cfg| { if x { a(cfg) } cfg.route(..); })`: the statements of the
        closure that hand its parameter on or add routes to it, each under its condition."""
        names = closure_params(closure)
        body = closure.child_by_field_name("body")
        if not names or body is None:
            return
        outer, saved = self.condition, self.param
        self.param = RouterParam(names[0], RouterKind.ACTIX_CONFIG if ctx.framework == ACTIX
                                 else RouterKind.AXUM_HELPER)
        for node in own_nodes(body):
            if node.type == "call_expression" and is_outermost(node):
                self.condition = " and ".join(c for c in (outer, condition_of(node)) if c)
                self._closure_statement(node, ctx)
        self.condition, self.param = outer, saved

    def _closure_statement(self, node: Node, ctx: _Ctx) -> None:
        root, calls = unwind(node)
        if root.type == "identifier" and self.param and text(root) == self.param.name:
            return self._chain(root, calls, ctx)
        if root.type == "call_expression" and any(self._is_builder(a) for a in arguments(root)):
            return self._nested(root, ctx, line(root))
        return None

    def _handed_routers(self, call: Node) -> list[Node]:
        """Routers built here and passed to a call (not the helper's own parameter)."""
        own = self.param.name if self.param else ""
        args = arguments(call) if call.type == "call_expression" else ()
        return [arg for arg in args if self._is_builder(arg) and text(arg) != own]

    def _route(self, methods: tuple[str, ...], rule: str, handler: str, ctx: _Ctx,
               at: int) -> None:
        self.routing.routes.append(RouteFacts(
            ctx.var, methods, rule or "/", handler, last_segment(handler), at,
            ctx.framework, conditional=bool(self.condition), middleware=ctx.middleware,
            condition=self.condition, layers=ctx.layers,
        ))


AXUM_ONLY = frozenset({"layer", "route_layer", "with_state", "merge", "nest", "nest_service",
                       "fallback", "route_service"})
ACTIX_ONLY = frozenset({"wrap", "wrap_fn", "service", "configure", "app_data", "data",
                        "default_service"})


def _framework_of_calls(calls: list[Call]) -> Framework | None:
    """The framework whose builder methods a chain calls, None when it calls none."""
    methods = {c.method for c in calls}
    if methods & AXUM_ONLY:
        return AXUM
    return ACTIX if methods & ACTIX_ONLY else None


def _later_layers(calls: list[Call]) -> tuple[str, ...]:
    """axum layers a chain adds, outermost (last added) first."""
    return tuple(one_line(text(c.args[0])) for c in reversed(calls)
                 if c.method in ("layer", "route_layer") and c.args)


def _unclone(child: Node) -> Node:
    """`users.clone()` -> `users` (`.service(users.clone())` inside the factory closure)."""
    root, calls = unwind(child)
    return root if [c.method for c in calls] == ["clone"] else child
