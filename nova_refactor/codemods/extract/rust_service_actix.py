"""The actix-web `routes.rs` of a service crate, registering each handler the way the monolith
does. A handler written with an attribute macro (`#[get("")]`, `#[actix_web::post("/x")]`,
`#[route("/p", method = "GET")]`) is no longer a function after expansion but a unit struct
implementing `HttpServiceFactory` (rustc: "not a Handler" for `web::get().to(h)`): it is
registered with `.service(h)` inside a `web::scope` of the prefix the monolith mounts it under
(the route's path less the macro's own path; Nova: `web::scope("/feed").service(get_feed)`
under `/api/v1`). A plain fn is registered with `.route(path, web::get().to(h))`.

actix matches a scope by its prefix and does not fall through to later services when no
resource inside it matches: a plain route under a scope's prefix is therefore registered
inside that scope, and the longer prefixes come first."""

from __future__ import annotations

from dataclasses import dataclass

from nova_refactor.frontends.rust.route_parts import HTTP_METHODS
from nova_refactor.frontends.rust.syntax import (
    attribute_parts,
    attributes_of,
    last_segment,
    parse,
    string_value,
    text,
    walk,
)

METHODS = {"GET": "get", "POST": "post", "PUT": "put", "DELETE": "delete", "PATCH": "patch",
           "HEAD": "head"}


def macro_rule(source: str, name: str) -> str | None:
    """The path of the route attribute on the free function `name` (`""` for `#[get("")]`),
    None when the function has none (a plain handler)."""
    tree = parse(source.encode("utf-8"))
    for node in walk(tree.root_node):
        if node.type != "function_item" or text(node.child_by_field_name("name")) != name:
            continue
        if node.parent is not None and node.parent.type == "declaration_list" \
                and node.parent.parent is not None and node.parent.parent.type == "impl_item":
            continue  # a method: no route names it by path
        for attribute in attributes_of(node):
            rule = _route_rule(attribute)
            if rule is not None:
                return rule
    return None


def _route_rule(attribute) -> str | None:  # type: ignore[no-untyped-def]  # a tree-sitter Node
    name, args = attribute_parts(attribute)
    if last_segment(name) not in (*HTTP_METHODS, "route") or args is None:
        return None
    strings = [string_value(c) for c in args.named_children if c.type == "string_literal"]
    return strings[0] if strings and strings[0] is not None else None


def scope_prefix(path: str, rule: str) -> str | None:
    """The prefix the monolith mounts a macro handler under: its route's path less the rule
    (actix puts a `/` before a rule that has none). None when the path does not end so."""
    if not rule:
        return path
    tail = "/" + rule.lstrip("/")
    return path[: -len(tail)] if path.endswith(tail) else None


@dataclass(frozen=True, slots=True)
class Registration:
    method: str
    path: str
    handler: str
    rule: str | None  # the attribute macro's path; None for a plain fn


def routes_rs(service: str, routes: list[Registration]) -> str:
    scopes = _macro_scopes(routes)
    plain = []
    for route in routes:
        if route.rule is not None:
            continue
        prefix = _enclosing(route.path, scopes)
        if prefix is None:
            plain.append(f"    cfg.{_route(route.path, route)};\n")
        else:
            scopes[prefix].append(_route(route.path[len(prefix):], route))
    registered = [f"    cfg.{call};\n" for call in scopes.pop("", [])]
    registered += [_scope(prefix, calls) for prefix, calls
                   in sorted(scopes.items(), key=lambda item: (-len(item[0]), item[0]))]
    return (f"//! The routes the {service} service owns, with the monolith's handlers "
            "(nova-refactor\n//! extract-service), registered as the monolith registers them: "
            "an attribute-macro\n//! handler with `.service(..)` in its scope, a plain fn with "
            "`.route(..)`. Its binary and\n//! its test serve exactly these.\n\n"
            "use actix_web::web;\n\n/// Registers every route the service owns.\n"
            "pub fn configure(cfg: &mut web::ServiceConfig) {\n"
            + "".join(registered + plain) + "}\n")


def _macro_scopes(routes: list[Registration]) -> dict[str, list[str]]:
    """`.service(h)` calls per scope prefix ("" for the root), once per handler (a
    `#[route]` with two methods is two routes and one service)."""
    scopes: dict[str, list[str]] = {}
    for route in routes:
        prefix = scope_prefix(route.path, route.rule) if route.rule is not None else None
        call = f"service({route.handler})"
        if prefix is not None and call not in scopes.get(prefix, []):
            scopes.setdefault(prefix, []).append(call)
    return scopes


def shadowed(routes: list[Registration]) -> list[Registration]:
    """Macro handlers whose path is under a longer scope than their own: actix would route
    their requests to that scope first, and answer 404 there."""
    scopes = _macro_scopes(routes)
    return [r for r in routes if r.rule is not None
            and _enclosing(r.path, scopes) not in (None, scope_prefix(r.path, r.rule))]


def _route(path: str, route: Registration) -> str:
    return f'route("{path}", web::{METHODS[route.method]}().to({route.handler}))'


def _enclosing(path: str, scopes: dict[str, list[str]]) -> str | None:
    """The longest scope prefix a path is under (at a segment boundary)."""
    under = [p for p in scopes if p and (path == p or path.startswith(p.rstrip("/") + "/"))]
    return max(under, key=len) if under else None


def _scope(prefix: str, calls: list[str]) -> str:
    chain = "".join(f"\n            .{call}" for call in calls)
    return f'    cfg.service(\n        web::scope("{prefix}"){chain},\n    );\n'
