"""The files a Rust service crate gets besides its modules: the manifest, `lib.rs` (the moved
`mod` tree), `routes.rs` (exactly the routes the service owns, as actix-web registrations),
a test of that route table, and a README listing modules, routes and every edge into the
service. The binary is rust_service_bins'."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nova_refactor.codemods.extract import rust_service_actix as actix
from nova_refactor.codemods.extract.proposal_file import ExtractProposal, Route, ServiceSpec
from nova_refactor.codemods.extract.rust import (
    RustModule,
    _dependency_lines,
    crate_names,
    module_declarations,
    module_parts,
)
from nova_refactor.codemods.plan import Skipped
from nova_refactor.vocabulary import SkipKind

if TYPE_CHECKING:  # only for annotations: rust_service imports this module
    from nova_refactor.codemods.extract.rust_service import Links, ServiceCrate

_METHODS = actix.METHODS
_CRATE_PATH = re.compile(r"\bcrate::(\w+)(?:::(\w+))?")


@dataclass(frozen=True, slots=True)
class OwnedRoute:
    method: str
    path: str
    handler: str  # inside the service's lib: crate::handlers::users::list_users
    written: str  # as the proposal names it: user_routes::list_users
    rule: str | None = None  # its actix attribute macro's path (`#[get("")]`); None: a plain fn


def owned_routes(service: ServiceSpec, pending: list[RustModule], texts: dict[str, str],
                 refusals: list[Skipped]) -> list[OwnedRoute]:
    """Each route the proposal gives the service, its handler found among the moved modules
    (by its function name; the module names it when two define one), with the path of its
    attribute macro if it has one."""
    out = []
    for route in sorted(service.routes, key=lambda r: (r.path, r.method)):
        module, name = _handler(route, pending, texts)
        if route.method not in _METHODS or module is None:
            refusals.append(_unroutable(route))
            continue
        rule = actix.macro_rule(texts[module.old_path], name)
        handler = f"crate::{'::'.join(module.parts)}::{name}"
        if rule is not None and actix.scope_prefix(route.path, rule) is None:
            refusals.append(Skipped(SkipKind.UNSUPPORTED, f"route {route.method} {route.path}: "
                                    f"its handler {route.handler} is registered by an attribute "
                                    f'macro whose path "{rule}" does not end the route\'s path'))
            continue
        out.append(OwnedRoute(route.method, route.path, handler, route.handler, rule))
    return _unshadowed(out, refusals)


def _unroutable(route: Route) -> Skipped:
    if route.method not in _METHODS:
        return Skipped(SkipKind.UNSUPPORTED, f"route {route.method} {route.path}: the method "
                       "has no actix-web route builder here (GET, POST, PUT, DELETE, PATCH, "
                       "HEAD)")
    return Skipped(SkipKind.MISSING, f"route {route.method} {route.path}: its handler "
                   f"{route.handler} is not a function of the service's modules; move its "
                   "module into the service in the proposal")


def _unshadowed(routes: list[OwnedRoute], refusals: list[Skipped]) -> list[OwnedRoute]:
    shadowed = actix.shadowed(_registrations(routes))
    refusals += [Skipped(SkipKind.UNSUPPORTED, f"route {r.method} {r.path}: its attribute-macro "
                         f'handler (path "{r.rule}") lies under a longer scope of another '
                         "handler of the service, which actix would match first")
                 for r in shadowed]
    return routes if not shadowed else []


def _registrations(routes: list[OwnedRoute]) -> list[actix.Registration]:
    return [actix.Registration(r.method, r.path, r.handler, r.rule) for r in routes]


def _handler(route: Route, pending: list[RustModule], texts: dict[str, str]
             ) -> tuple[RustModule | None, str]:
    """The handler's module among the moved ones, and its name. A free function (at the start
    of a line: an indented `pub fn` is a method, which no route names by path)."""
    qualifier, _, name = route.handler.rpartition("::")
    pattern = re.compile(rf"^pub(?:\([^)]*\))?\s+(?:async\s+)?fn\s+{re.escape(name)}\b", re.M)
    found = [m for m in pending if pattern.search(texts[m.old_path])]
    if len(found) > 1:
        found = _named_by(qualifier, found)
    return (found[0] if len(found) == 1 else None), name


def _named_by(qualifier: str, found: list[RustModule]) -> list[RustModule]:
    """Of two modules defining the handler, the one the qualifier names, or its child (Nova:
    `handlers::create_video` through `pub use videos::*;` in handlers/mod.rs, beside
    db/video_repo.rs's `create_video`); else the one named like the qualifier's last part."""
    path = tuple(p for p in qualifier.split("::") if p not in ("", "crate"))
    named = [m for m in found if path in (m.parts, m.parts[:-1])] if path else []
    return named or _named_like(qualifier.rpartition("::")[2], found)


def _named_like(last: str, found: list[RustModule]) -> list[RustModule]:
    return [m for m in found if m.parts[-1] == last or last.startswith(m.parts[-1])]


def other_routes(proposal: ExtractProposal, service: ServiceSpec) -> list[tuple[str, str]]:
    """(method, path) of the routes the service does not own, for its test."""
    owned = {(r.method, r.path) for r in service.routes}
    others = {(r.method, r.path) for s in proposal.services if s.name != service.name
              for r in s.routes if r.method in _METHODS}
    return sorted(others - owned)


def manifest(root: Path, crate: ServiceCrate, code: str, links: Links,
             framework: tuple[str, ...] = ("actix_web",)) -> str:
    """The monolith's `[dependencies]` lines for the crates the code names (the `framework`
    crates always: the binary, the routes and their test use them), and path dependencies on
    the workspace crates used."""
    lines = _dependency_lines(root)
    used = [line for ident, line in sorted(lines.items()) if "path" not in line.split("=", 1)[1]
            and (ident in framework or re.search(rf"\b{ident}::|\buse {ident}\b", code))]
    package = crate_names(root)[2].get("package", {})
    edition = package.get("edition", "2021") if isinstance(package, dict) else "2021"
    paths = []
    if links.uses_common:
        folder = links.common[0]
        paths.append(f'{folder.rsplit("/", 1)[1]} = {{ path = "../../{folder}" }}')
    paths += [f'{other.package} = {{ path = "../{other.package}" }}'
              for _, other in sorted(links.services.items())]
    return (f'[package]\nname = "{crate.package}"\nversion = "0.1.0"\nedition = "{edition}"\n'
            f'publish = false\n\n[lib]\npath = "src/lib.rs"\n\n[[bin]]\nname = "{crate.package}"'
            f'\npath = "src/main.rs"\n\n[dependencies]\n'
            + "".join(f"{line}\n" for line in [*paths, *used]))


def lib_rs(crate: ServiceCrate, parts: list[tuple[str, ...]], macro_crate: str) -> str:
    lines = [f"//! The {crate.name} service (nova-refactor extract-service): its modules, moved "
             "from the monolith,", "//! which uses them from here, and the routes it owns.", ""]
    if macro_crate:  # the monolith takes the shared library's macros: so does the service
        lines += ["#[macro_use]", f"extern crate {macro_crate};", ""]
    # a module whose parent stays in the monolith is declared inline here, at any depth
    lines += module_declarations(parts)
    lines.append("pub mod routes;")
    return "\n".join(lines) + "\n"


def routes_rs(crate: ServiceCrate, routes: list[OwnedRoute]) -> str:
    return actix.routes_rs(crate.name, _registrations(routes))


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "1", path)


def _matches(pattern: str, path: str) -> bool:
    regex = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(pattern))
    return re.fullmatch(regex, path) is not None


def foreign_routes(routes: list[OwnedRoute], others: list[tuple[str, str]]
                   ) -> list[tuple[str, str]]:
    """The other services' routes as concrete paths, less those an owned route matches."""
    foreign = [(m, _concrete(p)) for m, p in others]
    return [(m, p) for m, p in foreign
            if not any(r.method == m and _matches(r.path, p) for r in routes)]


def routes_test(crate: ServiceCrate, routes: list[OwnedRoute],
                others: list[tuple[str, str]]) -> str:
    owned = "".join(f'    ("{r.method}", "{_concrete(r.path)}"),\n' for r in routes)
    foreign = foreign_routes(routes, others)
    not_owned = "".join(f'    ("{m}", "{p}"),\n' for m, p in foreign)
    return (f"//! The route table of the {crate.name} service (nova-refactor extract-service): "
            "every route it owns\n//! is served (its handler runs: any answer but 404 and 405), "
            "the routes of the other services\n//! are not.\n\n"
            "use actix_web::http::{Method, StatusCode};\nuse actix_web::{test, App};\n\n"
            f"const OWNED: &[(&str, &str)] = &[\n{owned}];\n\n"
            f"const NOT_OWNED: &[(&str, &str)] = &[\n{not_owned}];\n\n"
            "#[actix_web::test]\nasync fn serves_exactly_the_routes_it_owns() {\n"
            f"    let app = test::init_service(App::new().configure({crate.ident}::routes::"
            "configure)).await;\n"
            "    for (owned, table) in [(true, OWNED), (false, NOT_OWNED)] {\n"
            "        for (method, path) in table {\n"
            "            let method = Method::from_bytes(method.as_bytes()).unwrap();\n"
            "            let request = test::TestRequest::default().method(method.clone())"
            ".uri(path).to_request();\n"
            "            let status = test::call_service(&app, request).await.status();\n"
            "            let routed = status != StatusCode::NOT_FOUND && status != "
            "StatusCode::METHOD_NOT_ALLOWED;\n"
            '            assert_eq!(routed, owned, "{} {}: {}", method, path, status);\n'
            "        }\n    }\n}\n")


def edges_into(root: Path, proposal: ExtractProposal, service: ServiceSpec,
               pending: list[RustModule], crate: ServiceCrate) -> list[str]:
    """Per use of a moved module from code that stays: an import of the new crate, or, where
    the proposal cuts the edge, a call to be (an import until then)."""
    moving = {m.parts: m.old_path for m in pending}
    cut = {(e.source, e.target): e.names for e in proposal.edges}
    out = []
    for file in sorted((root / "src").rglob("*.rs")):
        path = file.relative_to(root).as_posix()
        if path in service.modules:
            continue
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            out += [_edge(f"{path}:{number}", target, crate, cut.get((path, target)))
                    for target in _reached(line, moving)]
    return out


def _reached(line: str, moving: dict[tuple[str, ...], str]) -> list[str]:
    """The file of each moved module a line names through `crate::`."""
    found = []
    for match in _CRATE_PATH.finditer(line):
        key = (match.group(1), match.group(2))
        parts = key if key in moving else key[:1]
        if parts in moving:
            found.append(moving[parts])
    return found


def _edge(where: str, target: str, crate: ServiceCrate, names: tuple[str, ...] | None) -> str:
    new = f"{crate.ident}::{'::'.join(module_parts(target))}"
    if names is None:
        return f"{where} -> {target}: an import of the new crate ({new})"
    return (f"{where} -> {target}: cut by the proposal, would become a call "
            f"({', '.join(names) or '?'}); for now an import of {new}")


def readme(crate: ServiceCrate, pending: list[RustModule], routes: list[OwnedRoute],
           edges: list[str], links: Links) -> str:
    modules = "".join(f"- `{m.old_path}` -> `{m.new_path.split('/', 2)[2]}` "
                      f"(`{crate.ident}::{'::'.join(m.parts)}`)\n" for m in pending)
    table = "".join(f"| {r.method} | `{r.path}` | `{r.handler}` (was `{r.written}`) |\n"
                    for r in routes)
    depends = [f"`{links.common[1]}` (the shared library)"] if links.uses_common else []
    depends += [f"`{o.ident}` (service {name}: the proposal cuts this edge; a call to be, an "
                "import until then)" for name, o in sorted(links.services.items())]
    edge_lines = "".join(f"- {e}\n" for e in edges) or "- none\n"
    return (f"# {crate.package}\n\nThe {crate.name} service, extracted from the monolith by "
            "`nova-refactor apply extract-service`.\nThe monolith still serves every route: it "
            "depends on this crate and uses the moved modules\nfrom it (`mod x;` became `use "
            f"{crate.ident}::x;` where it stood).\n\n## Modules\n\n{modules}\n"
            f"## Routes it owns\n\n| method | path | handler |\n|---|---|---|\n{table}\n"
            "`src/routes.rs` registers them; `src/main.rs` serves them with the state and "
            "middleware\nthe monolith's `main` builds for them (its doc comment lists what "
            "it could not take);\n`tests/routes.rs` checks that exactly these are routed."
            "\n\n## Depends on\n\n"
            + "".join(f"- {d}\n" for d in depends or ["nothing of the monolith"])
            + f"\n## Every edge into it\n\n{edge_lines}")
