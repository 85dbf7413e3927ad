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
        if not isinstance(assign.value, ast.Call):
            continue
        targets = assign.targets if isinstance(assign, ast.Assign) else [assign.target]
        if len(targets) != 1 or not isinstance(targets[0], ast.Name):
            continue
        call = assign.value
        kind = ROUTER_FACTORIES.get(dotted(call.func).rsplit(".", 1)[-1])
        if kind is None:
            continue
        name = literal(call.args[0]) if kind == "blueprint" and call.args else None
        prefix_kw = "url_prefix" if kind == "blueprint" else "prefix"
        facts.routers.append(
            RouterFacts(
                var=targets[0].id,
                kind=kind,
                line=assign.lineno,
                name=name or "",
                prefix=literal(_keyword(call, prefix_kw)) or "",
            )
        )


def _decorator_route(
    decorator: ast.expr,
    func: ast.FunctionDef | ast.AsyncFunctionDef,
    qualname: str,
    kinds: dict[str, str],
    imported: set[str],
    conditional: set[int],
    facts: RoutingFacts,
) -> None:
    if not isinstance(decorator, ast.Call) or not isinstance(decorator.func, ast.Attribute):
        if isinstance(decorator, ast.Attribute) and decorator.attr in HOOKS:
            facts.handlers.add(qualname)  # e.g. @app.before_request
        return
    owner, attr = dotted(decorator.func.value), decorator.func.attr
    if attr in HOOKS:
        facts.handlers.add(qualname)
        return
    kind = kinds.get(owner)
    if kind is None and owner not in imported:
        return
    if attr == "route" or attr == "api_route":
        methods = _methods(_keyword(decorator, "methods"), ("GET",))
    elif attr in VERBS:
        methods = (attr.upper(),)
    else:
        return
    rule = decorator.args[0] if decorator.args else _keyword(decorator, "path")
    endpoint = literal(_keyword(decorator, "endpoint")) or literal(_keyword(decorator, "name"))
    framework = FRAMEWORK.get(kind or "", "flask")
    facts.routes.append(
        RouteFacts(
            router=owner,
            methods=methods,
            rule=_rule_text(rule),
            handler=qualname,
            endpoint=endpoint or func.name,
            line=func.lineno,
            framework=framework,
            conditional=func.lineno in conditional,
        )
    )
    facts.handlers.add(qualname)


def _call_route(
    call: ast.Call, kinds: dict[str, str], conditional: set[int], facts: RoutingFacts
) -> None:
    if not isinstance(call.func, ast.Attribute):
        return
    attr = call.func.attr
    owner = dotted(call.func.value)
    if attr in ("register_blueprint", "include_router") and call.args:
        prefix_kw = "url_prefix" if attr == "register_blueprint" else "prefix"
        prefix = _keyword(call, prefix_kw)
        facts.mounts.append(
            MountFacts(
                parent=owner,
                child=dotted(call.args[0]),
                prefix=literal(prefix) if prefix is not None else None,
                line=call.lineno,
                name=literal(_keyword(call, "name")) or "",
            )
        )
    elif attr in ("add_url_rule", "add_api_route"):
        _registered_route(call, owner, attr, kinds, conditional, facts)
    elif owner.endswith("router") and (attr == "add_route" or attr.removeprefix("add_") in VERBS):
        _aiohttp_route(call, owner.rsplit(".", 1)[0], attr, conditional, facts)
    elif attr == "add_routes" and call.args and isinstance(call.args[0], ast.Name):
        facts.mounts.append(MountFacts(owner, call.args[0].id, None, call.lineno))
    elif attr == "add_routes" and call.args and isinstance(call.args[0], (ast.List, ast.Tuple)):
        for element in call.args[0].elts:
            if isinstance(element, ast.Call) and dotted(element.func).rsplit(".", 1)[-1] in VERBS:
                verb = dotted(element.func).rsplit(".", 1)[-1]
                _aiohttp_route(element, owner, "add_" + verb, conditional, facts)


def _registered_route(
    call: ast.Call,
    owner: str,
    attr: str,
    kinds: dict[str, str],
    conditional: set[int],
    facts: RoutingFacts,
) -> None:
    args = list(call.args)
    rule = args[0] if args else _keyword(call, "rule") or _keyword(call, "path")
    if attr == "add_url_rule":
        endpoint_node = args[1] if len(args) > 1 else _keyword(call, "endpoint")
        view = args[2] if len(args) > 2 else _keyword(call, "view_func")
        endpoint = literal(endpoint_node)
        framework = "flask"
    else:
        view = args[1] if len(args) > 1 else _keyword(call, "endpoint")
        endpoint = literal(_keyword(call, "name"))
        framework = "fastapi"
    handler = dotted(view) if view is not None else ""
    if handler.endswith(".as_view"):
        handler = handler.removesuffix(".as_view")
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
