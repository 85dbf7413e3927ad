"""flask-restx (and flask-restplus) routing: `ns = Namespace("name", path=..)`,
`api.add_namespace(ns, "/path")` and Resource classes routed by `@ns.route("/url", ..)`.

As flask-restx itself does: a namespace's path is `path=` or "/" + its name, and the path
given to `add_namespace` replaces it; a resource's endpoint is `endpoint=` or its class name
in snake case, after `name_` for a namespace (`challenges_challenge_list`); its methods are
the class's get/post/... (analysis reads them where the class is defined).
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from nova_refactor.frontends.python.route_args import argument, keyword_value, literal, rule_text
from nova_refactor.model import Framework, MountFacts, RouteFacts, RouterFacts, RouterKind

_FIRST_CAP = re.compile(r"(.)([A-Z][a-z]+)")
_ALL_CAP = re.compile(r"([a-z0-9])([A-Z])")


def camel_to_dash(value: str) -> str:
    """flask_restx.utils.camel_to_dash: `ChallengeList` -> `challenge_list`."""
    return _ALL_CAP.sub(r"\1_\2", _FIRST_CAP.sub(r"\1_\2", value)).lower()


def namespace_router(call: ast.Call, var: str, line: int) -> RouterFacts:
    """`Namespace("challenges", description=..)`: its name names the endpoints, its path is
    where `add_namespace` puts it when given none."""
    name = literal(argument(call, 0, "name")) or ""
    path = literal(keyword_value(call, "path"))
    return RouterFacts(var=var, kind=RouterKind.RESTX_NAMESPACE, line=line, name=name,
                       prefix=(path or "/" + name).rstrip("/"))


def namespace_mount(call: ast.Call, api: str, namespace: str) -> MountFacts:
    """`api.add_namespace(ns, "/challenges")`; without a path the namespace keeps its own."""
    path = argument(call, 1, "path")
    return MountFacts(api, namespace, None if path is None else rule_text(path), call.lineno)


def resource_routes(cls: ast.ClassDef, qualname: str, decorator: ast.Call, owner: str
                    ) -> list[RouteFacts]:
    """`@ns.route("/a", "/b", endpoint=..)` on a Resource class: one route per URL. Its
    endpoint is `endpoint=` as given, else the class's (`namespaced` adds the namespace's
    name once analysis knows the namespace, which may be another module's)."""
    endpoint = literal(keyword_value(decorator, "endpoint")) or camel_to_dash(cls.name)
    return [
        RouteFacts(router=owner, methods=(), rule=rule_text(url), handler=qualname,
                   endpoint=endpoint, line=cls.lineno, framework=Framework.FLASK,
                   methods_from=qualname)
        for url in decorator.args
    ]


def namespaced(route: RouteFacts, router: RouterFacts | None) -> RouteFacts:
    """A resource's default endpoint on a namespace: after the namespace's name, as
    flask-restx's `default_endpoint` does (an `endpoint=` of its own is kept as given; one
    equal to the default is read as the default)."""
    if router is None or router.kind != RouterKind.RESTX_NAMESPACE or not router.name:
        return route
    if route.endpoint != camel_to_dash(route.methods_from.rpartition(".")[2]):
        return route
    return replace(route, endpoint=f"{router.name}_{route.endpoint}")


def route_decorators(cls: ast.ClassDef) -> list[ast.Call]:
    """The class's `@x.route(..)` decorators (with at least one URL)."""
    return [d for d in cls.decorator_list
            if isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)
            and d.func.attr == "route" and d.args]
