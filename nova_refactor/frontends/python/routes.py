"""Routing facts of one module: routers, mounts, routes and request hooks.

Flask (`@app.route`, `@app.get`, Blueprints, `add_url_rule`, `register_blueprint`,
flask-restful `Api(..).add_resource`, flask-restx in `routes_restx`), FastAPI (`@app.get`,
`api_route`, `APIRouter`, `include_router`, `add_api_route`, `@app.websocket`) and aiohttp
(`RouteTableDef`, `router.add_get`/`add_route`, `add_routes([web.get(..)])`). Full paths are
joined across modules later, in `analysis.routes`; names are qualified by scope in
`route_scopes`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace

from nova_refactor.frontends.python import route_scopes, routes_restx
from nova_refactor.frontends.python.index import FunctionNode, ModuleIndex, dotted
from nova_refactor.frontends.python.route_args import (
    VERBS,
    aiohttp_verb,
    argument,
    as_view,
    as_view_name,
    endpoint_name,
    http_methods,
    is_router_adder,
    keyword_value,
    literal,
    prefix_text,
    rule_text,
)
from nova_refactor.frontends.python.route_scopes import PARAMETER_MARK, Scopes, path_constants
from nova_refactor.model import (
    Framework,
    MountFacts,
    MountKind,
    RouteFacts,
    RouterFacts,
    RouterKind,
)

ROUTER_FACTORIES = {
    "Flask": RouterKind.FLASK,
    "Blueprint": RouterKind.BLUEPRINT,
    "FastAPI": RouterKind.FASTAPI,
    "APIRouter": RouterKind.APIROUTER,
    "Application": RouterKind.AIOHTTP,
    "RouteTableDef": RouterKind.AIOHTTP_TABLE,
    "Quart": RouterKind.FLASK,
    "Namespace": RouterKind.RESTX_NAMESPACE,
}
FRAMEWORK: dict[str, Framework] = {  # router kind -> the framework its routes belong to
    RouterKind.FLASK: Framework.FLASK, RouterKind.BLUEPRINT: Framework.FLASK,
    RouterKind.RESTFUL: Framework.FLASK, RouterKind.FASTAPI: Framework.FASTAPI,
    RouterKind.APIROUTER: Framework.FASTAPI, RouterKind.AIOHTTP: Framework.AIOHTTP,
    RouterKind.AIOHTTP_TABLE: Framework.AIOHTTP, RouterKind.RESTX_NAMESPACE: Framework.FLASK,
}
NOT_ROUTERS = {"mock", "unittest", "pytest"}
WEBSOCKET = ("websocket", "websocket_route")
ADDED_ROUTES = ("add_url_rule", "add_api_route", "add_websocket_route", "add_api_websocket_route")
MOUNT_PREFIXES = {"register_blueprint": "url_prefix", "include_router": "prefix"}
HOOKS = {
    "before_request", "after_request", "teardown_request", "before_app_request",
    "after_app_request", "errorhandler", "app_errorhandler", "exception_handler", "middleware",
    "on_event", "before_serving", "after_serving", "context_processor",
}

# Every method name `_call` acts on: other calls are skipped before their owner is named.
ROUTING_CALLS = frozenset({
    *MOUNT_PREFIXES, "init_app", *ADDED_ROUTES, "add_resource", "add_route", "add_routes",
    "add_namespace",
    *VERBS, *(f"add_{verb}" for verb in VERBS),  # `router.get(..)` is an adder too
})

CLOSURE = "<closure>"  # a lambda view: `<closure at app.py:12>` once its file is known


@dataclass(slots=True)
class RoutingFacts:
    routers: list[RouterFacts] = field(default_factory=list)
    mounts: list[MountFacts] = field(default_factory=list)
    routes: list[RouteFacts] = field(default_factory=list)
    handlers: set[str] = field(default_factory=set)  # qualified names of handlers and hooks
    constants: list[tuple[str, str]] = field(default_factory=list)
    # How names connect rather than what is registered: parameters that routes hang on
    # (`parameter` routers), calls passing a router on, `return bp` and `bp = make_bp()`.
    # Kept apart so that reading a statement (anatomy) sees only real registrations.
    parameters: list[RouterFacts] = field(default_factory=list)
    links: list[MountFacts] = field(default_factory=list)


def collect_routing(index: ModuleIndex) -> RoutingFacts:
    return _Collector(index).collect()


class _Collector:
    """One module's routing facts, with router names qualified by the scope that binds them."""

    def __init__(self, index: ModuleIndex) -> None:
        self.index = index
        self.facts = RoutingFacts()
        self.conditions: dict[int, str] | None = None  # built on the first registration
        self.factories = _subclassed_factories(index)
        found = [(scope, assign, router) for assign, scope in index.assigns
                 if (router := _router(assign, self.factories)) is not None]
        self.scopes = Scopes(index, [(scope, router.var) for scope, _, router in found])
        self.instances = route_scopes.LocalInstances(index.assigns)  # prefixes by attribute
        for scope, assign, router in found:
            router = replace(router, prefix=self.instances.localized(router.prefix, scope))
            self.facts.routers.append(replace(router, var=self.scopes.qualify(router.var, scope)))
            self._restful_owner(assign, scope)
        self.kinds = {r.var: r.kind for r in self.facts.routers}
        # A router imported from another module (`from app import app`) is trusted for routes,
        # but not a test helper (`@mock.patch("..")` is no PATCH route).
        self.imported = {
            (alias.asname or alias.name).split(".")[0]
            for node in index.imports
            if _import_source(node) not in NOT_ROUTERS
            for alias in node.names
        } - NOT_ROUTERS

    def collect(self) -> RoutingFacts:
        self._decorators()
        self._resource_classes()
        for call, scope in self.index.calls:
            if isinstance(call.func, ast.Attribute) and call.func.attr in ROUTING_CALLS:
                self._call(call, call.func, scope)
        for function, router in self.scopes.returned_routers():
            self._same(function, router, self.scopes.functions[function].lineno)
        self._parameters()
        self._bindings()
        self.facts.constants = path_constants(self.index.tree, self.facts.handlers)
        return self.facts

    def owner(self, node: ast.AST, scope: str) -> str:
        return self.scopes.qualify(dotted(node), scope)

    def condition(self, line: int) -> str:
        # Most modules register nothing: the conditions (a walk and an unparse per `if`)
        # are only worth building once something asks for one.
        if self.conditions is None:
            self.conditions = route_scopes.conditions(self.index.tree)
        return self.conditions.get(line, "")

    def add_route(self, route: RouteFacts) -> None:
        condition = self.condition(route.line)
        self.facts.routes.append(replace(route, condition=condition, conditional=bool(condition)))
        if route.handler:
            self.facts.handlers.add(route.handler)

    def add_mount(self, mount: MountFacts) -> None:
        self.facts.mounts.append(replace(mount, condition=self.condition(mount.line)))

    def _same(self, child: str, parent: str, line: int) -> None:
        """`child` is the object `parent` names (a returned router, `x = make_bp()`)."""
        self.facts.links.append(MountFacts(parent, child, None, line, kind=MountKind.SAME))

    def _restful_owner(self, assign: ast.Assign | ast.AnnAssign, scope: str) -> None:
        """`api = Api(bp)`: a flask-restful Api adds its resources to the app or blueprint."""
        call = assign.value
        if isinstance(call, ast.Call) and _factory(call) == "Api" and call.args:
            api = self.scopes.qualify(_single_name(assign) or "", scope)
            self.add_mount(MountFacts(self.owner(call.args[0], scope), api, None, call.lineno))

    def _parameters(self) -> None:
        """Parameters that routes or mounts hang on are routers bound by the callers."""
        used = {r.router for r in self.facts.routes} | {m.parent for m in self.facts.mounts}
        for name in sorted(used):
            scope, mark, position = name.partition("." + PARAMETER_MARK)
            if mark and position.isdigit():
                line = self.scopes.functions[scope].lineno
                self.facts.parameters.append(RouterFacts(name, RouterKind.PARAMETER, line))
                self.kinds[name] = RouterKind.PARAMETER

    def _bindings(self) -> None:
        """Calls that pass a router on (`register_routes(app)`) or name one (`bp = make_bp()`)."""
        calls = self.index.calls if self.kinds else ()  # no router here: nothing to pass on
        for call, scope in calls:
            target = route_scopes.call_target(call)
            if not target or self.owner(call.func, scope).rpartition(".")[0] in self.kinds:
                continue  # `app.register_blueprint(..)`: a router's own method, seen above
            for position, arg in enumerate(call.args):
                passed = self.owner(arg, scope) if isinstance(arg, ast.Name) else ""
                if passed in self.kinds:  # a router of this module (or a parameter)
                    child = f"{target}.{PARAMETER_MARK}{position}"
                    condition = self.condition(call.lineno)
                    self.facts.links.append(MountFacts(passed, child, None, call.lineno,
                                                       condition=condition))
        self._named_results()

    def _named_results(self) -> None:
        """`bp = make_bp()`: `bp` is whatever `make_bp` returns (a router, as it may turn out)."""
        used = {r.router for r in self.facts.routes}
        used |= {m.child for m in self.facts.mounts} | {m.parent for m in self.facts.mounts}
        if not used:
            return  # nothing here a returned router could be
        for assign, scope in self.index.assigns:
            named = _named_call(assign)
            if named is None:
                continue
            qualified = self.scopes.qualify(named[0], scope)
            if qualified in used and self._may_rebind(assign, scope, qualified):
                self._same(qualified, named[1], assign.lineno)

    def _may_rebind(self, assign: ast.Assign | ast.AnnAssign, scope: str, name: str) -> bool:
        """Not a router built here, nor a function's own local named like a module-level
        router (`users = query()` in a view of the `users` blueprint)."""
        return not (scope and name in self.kinds) and _router(assign, self.factories) is None

    # -- decorators -----------------------------------------------------------------------

    def _decorators(self) -> None:
        """Hooks and routes of decorated functions. A route decorator is a call the walk
        indexed with its scope; the scopes are looked up only once one is found."""
        call_scopes: dict[int, str] | None = None
        for scoped in self.index.functions:
            for decorator in scoped.node.decorator_list:
                if _is_hook(decorator):  # e.g. @app.before_request, @app.errorhandler(404)
                    self.facts.handlers.add(scoped.qualname)
                    continue
                if not isinstance(decorator, ast.Call):
                    continue
                methods = _route_methods(decorator)
                if methods is None:
                    continue
                if call_scopes is None:
                    call_scopes = {id(call): scope for call, scope in self.index.calls}
                scope = call_scopes.get(id(decorator), "")
                self._decorator_route(decorator, methods, scoped.node, scoped.qualname, scope)

    def _decorator_route(
        self, decorator: ast.Call, methods: tuple[str, ...], func: FunctionNode, qualname: str,
        scope: str,
    ) -> None:
        target = decorator.func
        if not isinstance(target, ast.Attribute):
            return  # _route_methods found one: narrowed here for the type checker
        owner = self.owner(target.value, scope)
        framework = self._framework(owner)
        if framework is None:
            return
        self.add_route(RouteFacts(
            router=owner,
            methods=methods,
            rule=rule_text(argument(decorator, 0, "path")),
            handler=qualname,
            endpoint=endpoint_name(decorator) or func.name,
            line=func.lineno,
            framework=framework,
        ))

    def _resource_classes(self) -> None:
        """flask-restx Resource classes routed by `@ns.route(..)` on a router it knows."""
        for cls, qualname in self.index.classes:
            for decorator in routes_restx.route_decorators(cls):
                scope = qualname.rpartition(".")[0]
                owner = self.owner(decorator.func.value, scope)  # type: ignore[attr-defined]
                if self._framework(owner) is not None:
                    for route in routes_restx.resource_routes(cls, qualname, decorator, owner):
                        self.add_route(route)

    def _framework(self, owner: str) -> Framework | None:
        """The owner's framework; None unless it is a router here, a parameter (bound by the
        callers) or an imported name."""
        kind = self.kinds.get(owner)
        if kind is None and owner not in self.imported and PARAMETER_MARK not in owner:
            return None
        return FRAMEWORK.get(kind or "", Framework.FLASK)

    # -- calls ----------------------------------------------------------------------------

    def _call(self, call: ast.Call, func: ast.Attribute, scope: str) -> None:
        attr = func.attr
        owner = self.owner(func.value, scope)
        if attr in MOUNT_PREFIXES and call.args:
            prefix = prefix_text(keyword_value(call, MOUNT_PREFIXES[attr]))
            self.add_mount(MountFacts(
                parent=owner,
                child=self.owner(call.args[0], scope),
                # None when not given: the child keeps its own
                prefix=prefix and self.instances.localized(prefix, scope),
                line=call.lineno,
                name=literal(keyword_value(call, "name")) or "",
            ))
        elif attr == "add_namespace" and call.args:
            namespace = self.owner(call.args[0], scope)
            self.add_mount(routes_restx.namespace_mount(call, owner, namespace))
        elif attr == "init_app" and call.args:
            self._init_app(call, owner, scope)
        else:
            self._call_route(call, attr, owner, scope)

    def _call_route(self, call: ast.Call, attr: str, owner: str, scope: str) -> None:
        """Routes added by a call: `add_url_rule`, `add_resource`, aiohttp's adders."""
        if attr in ADDED_ROUTES:
            self._registered_route(call, owner, attr)
        elif attr == "add_resource" and call.args:
            self._resources(call, owner)
        elif is_router_adder(owner, attr):
            self._aiohttp_route(call, owner.rsplit(".", 1)[0], attr)
        elif attr == "add_routes" and call.args:
            self._added_routes(call, owner, scope)

    def _init_app(self, call: ast.Call, owner: str, scope: str) -> None:
        """`api.init_app(app)`: a flask-restful Api defined here is a mount; an imported one
        may be (`db.init_app(app)` is not), so it is only a link that routes may follow."""
        mount = MountFacts(self.owner(call.args[0], scope), owner, None, call.lineno)
        if self.kinds.get(owner) == RouterKind.RESTFUL:
            self.add_mount(mount)
        elif owner.split(".")[0] in self.imported:
            self.facts.links.append(replace(mount, condition=self.condition(call.lineno)))

    def _registered_route(self, call: ast.Call, owner: str, attr: str) -> None:
        rule = argument(call, 0, "rule") or keyword_value(call, "path")
        if attr == "add_url_rule":  # Flask: (rule, endpoint, view_func)
            view = argument(call, 2, "view_func")
            endpoint = literal(argument(call, 1, "endpoint"))
            framework = Framework.FLASK
        else:  # FastAPI/Starlette: (path, endpoint, name=..), where the endpoint is the view
            view = argument(call, 1, "endpoint")
            endpoint = literal(keyword_value(call, "name"))
            framework = Framework.FASTAPI
        view_class, handler, endpoint = _view(view, endpoint)
        default = ("WS",) if "websocket" in attr else ("GET",)
        self.add_route(RouteFacts(
            router=owner,
            methods=http_methods(keyword_value(call, "methods"), () if view_class else default),
            rule=rule_text(rule),
            handler=handler,
            endpoint=endpoint or as_view_name(view) or handler.rsplit(".", 1)[-1],
            line=call.lineno,
            framework=FRAMEWORK.get(self.kinds.get(owner, ""), framework),
            methods_from=view_class if keyword_value(call, "methods") is None else "",
        ))

    def _resources(self, call: ast.Call, owner: str) -> None:
        """flask-restful `api.add_resource(Resource, "/a", "/b", endpoint=..)`: one route per
        URL, methods from the Resource's get/post/..., endpoint the class name in lower case."""
        resource = dotted(call.args[0])
        endpoint = literal(keyword_value(call, "endpoint")) or resource.rsplit(".", 1)[-1].lower()
        for url in call.args[1:]:
            self.add_route(RouteFacts(
                router=owner, methods=(), rule=rule_text(url), handler=resource,
                endpoint=endpoint, line=call.lineno, framework=Framework.FLASK,
                methods_from=resource,
            ))

    def _added_routes(self, call: ast.Call, owner: str, scope: str) -> None:
        """aiohttp `add_routes(table)` mounts a route table; `add_routes([web.get(..)])` adds
        routes."""
        table = call.args[0]
        if isinstance(table, ast.Name):
            self.add_mount(MountFacts(owner, self.owner(table, scope), None, call.lineno))
        elif isinstance(table, (ast.List, ast.Tuple)):
            for element in table.elts:
                verb = aiohttp_verb(element)
                if verb is not None and isinstance(element, ast.Call):
                    self._aiohttp_route(element, owner, "add_" + verb)

    def _aiohttp_route(self, call: ast.Call, owner: str, attr: str) -> None:
        args = list(call.args)
        if attr == "add_route":
            method, args = (literal(args[0]) or "*").upper() if args else "*", args[1:]
        else:
            method = attr.removeprefix("add_").upper()
        if len(args) < 2:
            return
        handler = dotted(args[1])
        self.add_route(RouteFacts(
            router=owner,
            methods=(method,),
            rule=rule_text(args[0]),
            handler=handler,
            endpoint=literal(keyword_value(call, "name")) or handler.rsplit(".", 1)[-1],
            line=call.lineno,
            framework=Framework.AIOHTTP,
        ))


def _subclassed_factories(index: ModuleIndex) -> dict[str, RouterKind]:
    """Router kinds of this module's subclasses of a framework class (`class App(Flask)`)."""
    found: dict[str, RouterKind] = {}
    for node, _qualname in index.classes:
        bases = [dotted(base).rsplit(".", 1)[-1] for base in node.bases]
        kind = next((ROUTER_FACTORIES[b] for b in bases if b in ROUTER_FACTORIES), None)
        if kind is not None:
            found[node.name] = kind
    return found


def _router(
    assign: ast.Assign | ast.AnnAssign, subclasses: dict[str, RouterKind]
) -> RouterFacts | None:
    """`app = Flask(..)`, `bp = Blueprint("name", .., url_prefix=..)`, `api = Api(bp)`, and
    the same through a subclass defined in the module (`app = CustomFlask(..)`)."""
    call = assign.value
    if not isinstance(call, ast.Call):
        return None
    kind = _router_kind(call, subclasses)
    var = _single_name(assign) if kind is not None else None
    if var is None or kind is None:
        return None
    if kind == RouterKind.RESTX_NAMESPACE:
        return routes_restx.namespace_router(call, var, assign.lineno)
    blueprint = kind == RouterKind.BLUEPRINT
    name = literal(call.args[0]) if blueprint and call.args else None
    prefix_kw = "url_prefix" if blueprint else "prefix"
    return RouterFacts(
        var=var,
        kind=kind,
        line=assign.lineno,
        name=name or "",
        prefix=rule_text(keyword_value(call, prefix_kw)),
    )


def _router_kind(call: ast.Call, subclasses: dict[str, RouterKind]) -> RouterKind | None:
    if not _may_build_router(call.func, subclasses):
        return None
    factory = _factory(call)
    if factory == "Api":
        return RouterKind.RESTFUL
    return ROUTER_FACTORIES.get(factory, subclasses.get(factory))


def _may_build_router(func: ast.expr, subclasses: dict[str, RouterKind]) -> bool:
    """False when the called name is no router factory: most assignments call something else,
    and naming the callee in full (`_factory`) costs more than this look at its last part."""
    if isinstance(func, ast.Attribute):
        last = func.attr
    elif isinstance(func, ast.Name):
        last = func.id
    else:
        return True  # `make()()`: `_factory` decides
    return last == "Api" or last in ROUTER_FACTORIES or last in subclasses


def _named_call(assign: ast.Assign | ast.AnnAssign) -> tuple[str, str] | None:
    """(`bp`, `make_bp`) for `bp = make_bp(..)`."""
    name = _single_name(assign)
    if not name or not isinstance(assign.value, ast.Call):
        return None
    target = route_scopes.call_target(assign.value)
    return (name, target) if target else None


def _import_source(node: ast.Import | ast.ImportFrom) -> str:
    return (node.module or "").split(".")[0] if isinstance(node, ast.ImportFrom) else ""


def _factory(call: ast.Call) -> str:
    return dotted(call.func).rsplit(".", 1)[-1]


def _single_name(assign: ast.Assign | ast.AnnAssign) -> str | None:
    """The bound name when the assignment binds exactly one plain name."""
    targets = assign.targets if isinstance(assign, ast.Assign) else [assign.target]
    if len(targets) != 1 or not isinstance(targets[0], ast.Name):
        return None
    return targets[0].id


def _is_hook(decorator: ast.expr) -> bool:
    """`@app.before_request` or `@app.errorhandler(..)`: not a route, but request-path code."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr in HOOKS


def _route_methods(decorator: ast.Call) -> tuple[str, ...] | None:
    """The methods of a route decorator `@r.route(..)`, `@r.get(..)`, ...; None for others."""
    if not isinstance(decorator.func, ast.Attribute):
        return None
    return _decorator_methods(decorator, decorator.func.attr)


def _decorator_methods(decorator: ast.Call, attr: str) -> tuple[str, ...] | None:
    """HTTP methods of `@r.route(..)`/`@r.api_route(..)`/`@r.get(..)`, `WS` for a websocket;
    None if not a route."""
    if attr in ("route", "api_route"):
        return http_methods(keyword_value(decorator, "methods"), ("GET",))
    if attr in VERBS:
        return (attr.upper(),)
    if attr in WEBSOCKET:
        return ("WS",)
    return None



def _view(view: ast.expr | None, endpoint: str | None) -> tuple[str, str, str | None]:
    """A registered view's class (`X.as_view(..)`), handler and endpoint. A lambda is named by
    where it is (the analysis adds the file), its endpoint Flask's own default, `<lambda>`."""
    if isinstance(view, ast.Lambda):
        return "", CLOSURE, endpoint or "<lambda>"
    view_class = as_view(view)
    return view_class, view_class or (dotted(view) if view is not None else ""), endpoint
