"""The axum flavour of a Rust service crate's generated files (extract-service): `routes.rs`
builds an axum `Router` with exactly the owned routes (one method router per path, the moved
handlers reached through the service's lib), the binary serves it with `axum::serve`, and
`tests/routes.rs` checks the route table.

Axum has one state type per router: when the handlers extract `State<S>`, the router is
`Router<S>`, and neither the binary nor the test can build an `S` (the monolith's `main` does).
The binary then says so and stops at start until the user writes it; the test checks that the
router builds (axum panics on a malformed or overlapping path when a route is added) and that
it registers exactly the owned routes. Without state, and with `tower` among the monolith's
dependencies, the test sends each owned route and each other service's route through the
router (`tower::ServiceExt::oneshot`) and checks which are routed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from nova_refactor.codemods.plan import Skipped
from nova_refactor.vocabulary import SkipKind

if TYPE_CHECKING:  # only for annotations: rust_service imports this module's callers
    from nova_refactor.codemods.extract.rust_service import ServiceCrate
    from nova_refactor.codemods.extract.rust_service_files import OwnedRoute

_STATE = re.compile(r"\bState<\s*([\w:]+)\s*>")
_METHODS = {"GET": "get", "POST": "post", "PUT": "put", "DELETE": "delete", "PATCH": "patch",
            "HEAD": "head"}


def state_type(code: str, refusals: list[Skipped]) -> str:
    """The full path of the one state type the moved handlers extract (`crate::..` or another
    crate's), "" when none does; two different ones, or one no `use` names, are refused."""
    names: list[str] = sorted(set(_STATE.findall(code)))
    if len(names) > 1:
        refusals.append(Skipped(SkipKind.UNSUPPORTED, "the handlers extract several axum "
                                f"states ({', '.join(names)}); one router has one state type"))
        return ""
    if not names:
        return ""
    name = names[0]
    if "::" in name:
        return name
    plain = re.search(rf"^\s*(?:pub )?use\s+([\w:]+)::{name}\s*;", code, re.M)
    grouped = re.search(rf"^\s*(?:pub )?use\s+([\w:]+)::\{{[^}}]*\b{name}\b", code, re.M)
    found = plain or grouped
    if found is None:
        refusals.append(Skipped(SkipKind.UNSUPPORTED, f"the handlers extract State<{name}> but "
                                f"no `use` line of the service names where {name} is"))
        return ""
    return f"{found.group(1)}::{name}"


def _outside(path: str, crate: ServiceCrate) -> str:
    """A path of the lib as the binary and the test (other crates) write it."""
    return re.sub(r"^crate::", f"{crate.ident}::", path)


def routes_rs(crate: ServiceCrate, routes: list[OwnedRoute], state: str,
              groups: list[list[str]] | None = None) -> str:
    """`groups`: the owned paths by the middleware the monolith wraps them in, when it differs
    between them: one router per group (`group_0()`..), which the binary layers apart."""
    table = "".join(f'    ("{r.method}", "{r.path}"),\n' for r in routes)
    router = f"Router<{state}>" if state else "Router"
    given = (f"the caller gives the state ({state}) with `.with_state(..)`" if state
             else "the handlers take no state")
    head = (f"//! The routes the {crate.name} service owns, with the monolith's handlers "
            "(nova-refactor\n//! extract-service): its binary and its test serve exactly "
            "these.\n\nuse axum::routing;\nuse axum::Router;\n\n"
            "/// (method, path) of every route the service owns, as `router` registers them.\n"
            f"pub const ROUTES: &[(&str, &str)] = &[\n{table}];\n\n"
            f"/// Every route the service owns; {given}.\npub fn router() -> {router} {{\n")
    if not groups:
        return head + f"    Router::new()\n{_chains(routes)}}}\n"
    merged = "".join(f"        .merge(group_{i}())\n" for i in range(len(groups)))
    parts = "".join(
        f"\n/// {', '.join(paths)}: routes the monolith wraps in the same middleware.\n"
        f"pub fn group_{i}() -> {router} {{\n    Router::new()\n"
        f"{_chains([r for r in routes if r.path in paths])}}}\n"
        for i, paths in enumerate(groups))
    return head + f"    Router::new()\n{merged}}}\n" + parts


def _chains(routes: list[OwnedRoute]) -> str:
    """`.route(path, routing::get(h).post(h2))`, one per path."""
    by_path: dict[str, list[OwnedRoute]] = {}
    for route in routes:
        by_path.setdefault(route.path, []).append(route)
    chains = []
    for path, owned in by_path.items():
        methods = ".".join(f"{_METHODS[r.method]}({r.handler})" for r in owned)
        chains.append(f'        .route("{path}", routing::{methods})\n')
    return "".join(chains)


def main_rs(crate: ServiceCrate, routes: list[OwnedRoute], state: str) -> str:
    variable = f"{crate.ident.upper()}_ADDR"
    head = (f"//! The {crate.name} service on its own (nova-refactor extract-service): an axum "
            f"server with\n//! exactly the {len(routes)} route(s) it owns; the monolith serves "
            "them too, through this crate's library.\n//! The monolith's layers and middleware "
            "are not applied here.\n")
    serve = (f'    let addr = std::env::var("{variable}").unwrap_or_else(|_| '
             '"127.0.0.1:8080".to_string());\n'
             "    let listener = TcpListener::bind(addr).await?;\n"
             "    axum::serve(listener, app).await\n}\n")
    if not state:
        return (f"{head}\nuse tokio::net::TcpListener;\n\n#[tokio::main]\n"
                "async fn main() -> std::io::Result<()> {\n"
                f"    let app = {crate.ident}::routes::router();\n{serve}")
    outside = _outside(state, crate)
    return (f"{head}//!\n//! The handlers extract `State<{outside}>`, which the monolith's "
            "`main` builds;\n//! this binary does not know how: write `state()` below before "
            "serving traffic (until then\n//! it stops at start with exit code 2).\n\n"
            "use tokio::net::TcpListener;\n\n#[tokio::main]\n"
            "async fn main() -> std::io::Result<()> {\n"
            f"    let app = {crate.ident}::routes::router().with_state(state());\n{serve}\n"
            f"/// The state the handlers extract, built as the monolith's `main` builds it.\n"
            f"fn state() -> {outside} {{\n"
            f'    eprintln!("{crate.package}: build the state ({outside}) in src/main.rs, '
            'as the monolith\'s main does");\n    std::process::exit(2)\n}\n')


def routes_test(crate: ServiceCrate, routes: list[OwnedRoute], foreign: list[tuple[str, str]],
                state: str, tower: bool) -> str:
    """`foreign`: the other services' routes, concrete paths no owned route matches."""
    owned = "".join(f'    ("{r.method}", "{_concrete(r.path)}"),\n' for r in routes)
    templates = "".join(f'    ("{r.method}", "{r.path}"),\n' for r in routes)
    not_owned = "".join(f'    ("{m}", "{p}"),\n' for m, p in foreign)
    if state or not tower:
        why = (f"the handlers extract State<{_outside(state, crate)}>, which only the "
               "monolith's main builds" if state else "tower is not a dependency")
        return (f"//! The route table of the {crate.name} service (nova-refactor "
                f"extract-service). {why[0].upper()}{why[1:]},\n//! so no request is sent: "
                "the router must build (axum panics on a malformed or overlapping\n//! path "
                "when a route is added) and register exactly the owned routes.\n\n"
                f"const OWNED: &[(&str, &str)] = &[\n{templates}];\n\n#[test]\n"
                "fn registers_exactly_the_routes_it_owns() {\n"
                f"    let _router = {crate.ident}::routes::router();\n"
                f"    assert_eq!({crate.ident}::routes::ROUTES, OWNED);\n}}\n")
    return (f"//! The route table of the {crate.name} service (nova-refactor extract-service): "
            "every route it owns\n//! is served (its handler runs: any answer but 404 and 405), "
            "the routes of the other services\n//! are not.\n\n"
            "use axum::body::Body;\nuse axum::http::{Request, StatusCode};\n"
            "use tower::ServiceExt;\n\n"
            f"const OWNED: &[(&str, &str)] = &[\n{owned}];\n\n"
            f"const NOT_OWNED: &[(&str, &str)] = &[\n{not_owned}];\n\n"
            "#[tokio::test]\nasync fn serves_exactly_the_routes_it_owns() {\n"
            f"    let app = {crate.ident}::routes::router();\n"
            "    for (owned, table) in [(true, OWNED), (false, NOT_OWNED)] {\n"
            "        for (method, path) in table {\n"
            "            let request = Request::builder().method(*method).uri(*path)"
            ".body(Body::empty()).unwrap();\n"
            "            let status = app.clone().oneshot(request).await.unwrap().status();\n"
            "            let routed = status != StatusCode::NOT_FOUND && status != "
            "StatusCode::METHOD_NOT_ALLOWED;\n"
            '            assert_eq!(routed, owned, "{} {}: {}", method, path, status);\n'
            "        }\n    }\n}\n")


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "1", path)
