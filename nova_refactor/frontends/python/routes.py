"""Routing facts of one module: routers, mounts, routes and request hooks.

Flask (`@app.route`, `@app.get`, Blueprints, `add_url_rule`, `register_blueprint`), FastAPI
(`@app.get`, `api_route`, `APIRouter`, `include_router`, `add_api_route`) and aiohttp
(`RouteTableDef`, `router.add_get`/`add_route`, `add_routes([web.get(..)])`). Full paths are
joined across modules later, in `analysis.routes`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from nova_refactor.frontends.python.index import ModuleIndex, dotted
from nova_refactor.model import MountFacts, RouteFacts, RouterFacts

ROUTER_FACTORIES = {
    "Flask": "flask",
    "Blueprint": "blueprint",
    "FastAPI": "fastapi",
    "APIRouter": "apirouter",
    "Application": "aiohttp",
    "RouteTableDef": "aiohttp-table",
}
VERBS = ("get", "post", "put", "delete", "patch", "head", "options")
FRAMEWORK = {
    "flask": "flask", "blueprint": "flask", "fastapi": "fastapi", "apirouter": "fastapi",
    "aiohttp": "aiohttp", "aiohttp-table": "aiohttp",
}
MOUNT_PREFIXES = {"register_blueprint": "url_prefix", "include_router": "prefix"}
HOOKS = {
    "before_request", "after_request", "teardown_request", "before_app_request",
    "after_app_request", "errorhandler", "app_errorhandler", "exception_handler", "middleware",
    "on_event", "before_serving", "after_serving", "context_processor",
}


@dataclass(slots=True)
class RoutingFacts:
    routers: list[RouterFacts] = field(default_factory=list)
    mounts: list[MountFacts] = field(default_factory=list)
    routes: list[RouteFacts] = field(default_factory=list)
    handlers: set[str] = field(default_factory=set)  # qualified names of handlers and hooks


def literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _rule_text(node: ast.AST | None) -> str:
    value = literal(node)
    if value is not None:
        return value
    return "<dynamic: " + ast.unparse(node) + ">" if node is not None else ""


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _arg(call: ast.Call, position: int, name: str) -> ast.expr | None:
    """An argument given by position or by keyword."""
    return call.args[position] if len(call.args) > position else _keyword(call, name)


def _methods(node: ast.AST | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        found = tuple(sorted({v.upper() for v in map(literal, node.elts) if v}))
        return found or default
    return default


def _conditional_lines(tree: ast.Module) -> set[int]:
    """First lines of statements nested in a module-level `if` (import-time conditions)."""
    lines: set[int] = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.If):
            for node in ast.walk(stmt):
                if isinstance(node, ast.stmt) and node is not stmt:
                    lines.add(node.lineno)
    return lines


def collect_routing(index: ModuleIndex) -> RoutingFacts:
    facts = RoutingFacts()
    _collect_routers(index, facts)
    kinds = {r.var: r.kind for r in facts.routers}
    conditional = _conditional_lines(index.tree)
    # A router imported from another module (`from app import app`) is trusted for routes.
    imported = {
        (alias.asname or alias.name).split(".")[0]
        for node in index.imports
        for alias in node.names
    }
    for scoped in index.functions:
        for decorator in scoped.node.decorator_list:
            _decorator_route(
                decorator, scoped.node, scoped.qualname, kinds, imported, conditional, facts
            )
    for call, _scope in index.calls:
        _call_route(call, kinds, conditional, facts)
    return facts


def _collect_routers(index: ModuleIndex, facts: RoutingFacts) -> None:
    # Routers built inside an app factory (`def create_app(): app = Flask(..)`) count too.
    for assign, _scope in index.assigns:
        router = _router(assign)
        if router is not None:
            facts.routers.append(router)


def _router(assign: ast.Assign | ast.AnnAssign) -> RouterFacts | None:
    """`app = Flask(..)`, `bp = Blueprint("name", .., url_prefix=..)` and the like."""
    call = assign.value
    if not isinstance(call, ast.Call):
        return None
    var = _single_name(assign)
    kind = ROUTER_FACTORIES.get(dotted(call.func).rsplit(".", 1)[-1])
    if var is None or kind is None:
        return None
    blueprint = kind == "blueprint"
    name = literal(call.args[0]) if blueprint and call.args else None
    prefix_kw = "url_prefix" if blueprint else "prefix"
    return RouterFacts(
        var=var,
        kind=kind,
        line=assign.lineno,
        name=name or "",
        prefix=literal(_keyword(call, prefix_kw)) or "",
    )


def _single_name(assign: ast.Assign | ast.AnnAssign) -> str | None:
    """The bound name when the assignment binds exactly one plain name."""
    targets = assign.targets if isinstance(assign, ast.Assign) else [assign.target]
    if len(targets) != 1 or not isinstance(targets[0], ast.Name):
        return None
    return targets[0].id


def _decorator_route(
    decorator: ast.expr,
    func: ast.FunctionDef | ast.AsyncFunctionDef,
    qualname: str,
    kinds: dict[str, str],
    imported: set[str],
    conditional: set[int],
    facts: RoutingFacts,
) -> None:
    if _is_hook(decorator):
        facts.handlers.add(qualname)  # e.g. @app.before_request, @app.errorhandler(404)
        return
    if not isinstance(decorator, ast.Call) or not isinstance(decorator.func, ast.Attribute):
        return
    owner = dotted(decorator.func.value)
    methods = _decorator_methods(decorator, decorator.func.attr)
    framework = _decorator_framework(owner, kinds, imported)
    if methods is None or framework is None:
        return
    facts.routes.append(
        RouteFacts(
            router=owner,
            methods=methods,
            rule=_rule_text(_arg(decorator, 0, "path")),
            handler=qualname,
            endpoint=_endpoint_name(decorator) or func.name,
            line=func.lineno,
            framework=framework,
            conditional=func.lineno in conditional,
        )
    )
    facts.handlers.add(qualname)


def _is_hook(decorator: ast.expr) -> bool:
    """`@app.before_request` or `@app.errorhandler(..)`: not a route, but request-path code."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr in HOOKS


def _decorator_methods(decorator: ast.Call, attr: str) -> tuple[str, ...] | None:
    """HTTP methods of `@r.route(..)`/`@r.api_route(..)`/`@r.get(..)`; None if not a route."""
    if attr in ("route", "api_route"):
        return _methods(_keyword(decorator, "methods"), ("GET",))
    if attr in VERBS:
        return (attr.upper(),)
    return None


def _decorator_framework(owner: str, kinds: dict[str, str], imported: set[str]) -> str | None:
    """The owner's framework; None unless it is a router of this module or an imported name."""
    kind = kinds.get(owner)
    if kind is None and owner not in imported:
        return None
    return FRAMEWORK.get(kind or "", "flask")


def _endpoint_name(call: ast.Call) -> str | None:
    return literal(_keyword(call, "endpoint")) or literal(_keyword(call, "name"))


def _call_route(
    call: ast.Call, kinds: dict[str, str], conditional: set[int], facts: RoutingFacts
) -> None:
    if not isinstance(call.func, ast.Attribute):
        return
    attr = call.func.attr
    owner = dotted(call.func.value)
    if attr in MOUNT_PREFIXES and call.args:
        facts.mounts.append(_mount(call, owner, MOUNT_PREFIXES[attr]))
    elif attr in ("add_url_rule", "add_api_route"):
        _registered_route(call, owner, attr, kinds, conditional, facts)
    elif _is_router_adder(owner, attr):
        _aiohttp_route(call, owner.rsplit(".", 1)[0], attr, conditional, facts)
    elif attr == "add_routes" and call.args:
        _added_routes(call, owner, conditional, facts)


def _is_router_adder(owner: str, attr: str) -> bool:
    """aiohttp `app.router.add_get(..)`, `app.router.add_route(method, ..)` and the like."""
    return owner.endswith("router") and (attr == "add_route" or attr.removeprefix("add_") in VERBS)


def _mount(call: ast.Call, owner: str, prefix_kw: str) -> MountFacts:
    """`register_blueprint(bp, url_prefix=..)` or `include_router(router, prefix=..)`."""
    return MountFacts(
        parent=owner,
        child=dotted(call.args[0]),
        prefix=literal(_keyword(call, prefix_kw)),  # None: no prefix given, keep the child's
        line=call.lineno,
        name=literal(_keyword(call, "name")) or "",
    )


def _added_routes(
    call: ast.Call, owner: str, conditional: set[int], facts: RoutingFacts
) -> None:
    """aiohttp `add_routes(table)` mounts a route table; `add_routes([web.get(..)])` adds routes."""
    table = call.args[0]
    if isinstance(table, ast.Name):
        facts.mounts.append(MountFacts(owner, table.id, None, call.lineno))
    elif isinstance(table, (ast.List, ast.Tuple)):
        for element in table.elts:
            verb = _aiohttp_verb(element)
            if verb is not None:
                _aiohttp_route(element, owner, "add_" + verb, conditional, facts)


def _aiohttp_verb(element: ast.expr) -> str | None:
    """`get` for `web.get(..)`, None for anything that is not a route definition."""
    if not isinstance(element, ast.Call):
        return None
    verb = dotted(element.func).rsplit(".", 1)[-1]
    return verb if verb in VERBS else None


def _registered_route(
    call: ast.Call,
    owner: str,
    attr: str,
    kinds: dict[str, str],
    conditional: set[int],
    facts: RoutingFacts,
) -> None:
    rule = _arg(call, 0, "rule") or _keyword(call, "path")
    if attr == "add_url_rule":  # Flask: (rule, endpoint, view_func)
        view = _arg(call, 2, "view_func")
        endpoint = literal(_arg(call, 1, "endpoint"))
        framework = "flask"
    else:  # FastAPI: (path, endpoint, name=..), where the endpoint is the view
        view = _arg(call, 1, "endpoint")
        endpoint = literal(_keyword(call, "name"))
        framework = "fastapi"
    handler = (dotted(view) if view is not None else "").removesuffix(".as_view")
    facts.routes.append(
        RouteFacts(
            router=owner,
            methods=_methods(_keyword(call, "methods"), ("GET",)),
            rule=_rule_text(rule),
            handler=handler,
            endpoint=endpoint or handler.rsplit(".", 1)[-1],
            line=call.lineno,
            framework=FRAMEWORK.get(kinds.get(owner, ""), framework),
            conditional=call.lineno in conditional,
        )
    )
    if handler:
        facts.handlers.add(handler)


def _aiohttp_route(
    call: ast.Call, owner: str, attr: str, conditional: set[int], facts: RoutingFacts
) -> None:
    args = list(call.args)
    if attr == "add_route":
        method, args = (literal(args[0]) or "*").upper() if args else "*", args[1:]
    else:
        method = attr.removeprefix("add_").upper()
    if len(args) < 2:
        return
    handler = dotted(args[1])
    facts.routes.append(
        RouteFacts(
            router=owner,
            methods=(method,),
            rule=_rule_text(args[0]),
            handler=handler,
            endpoint=literal(_keyword(call, "name")) or handler.rsplit(".", 1)[-1],
            line=call.lineno,
            framework="aiohttp",
            conditional=call.lineno in conditional,
        )
    )
    facts.handlers.add(handler)
