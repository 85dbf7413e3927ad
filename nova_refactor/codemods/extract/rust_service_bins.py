"""The service's binary (`src/main.rs`) on actix-web or axum, with the state and middleware
rust_service_state took from the monolith's `main`: its statements first, as written there,
then the server with exactly the routes the service owns. When the handlers need state the
monolith builds from code that stays there, the binary says which line blocks and stops at
start (exit code 2) rather than serve requests it would answer with errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nova_refactor.codemods.extract import rust_service_axum as axum

if TYPE_CHECKING:  # only for annotations: rust_service imports this module
    from nova_refactor.codemods.extract.rust_service import ServiceCrate
    from nova_refactor.codemods.extract.rust_service_files import OwnedRoute
    from nova_refactor.codemods.extract.rust_service_state import Wiring


def _head(crate: ServiceCrate, routes: list[OwnedRoute], framework: str,
          wiring: Wiring) -> str:
    lines = [f"The {crate.name} service on its own (nova-refactor extract-service): an "
             f"{framework} server with", f"exactly the {len(routes)} route(s) it owns; the "
             "monolith serves them too, through this crate's library.", ""]
    if wiring.carried:
        lines += ["Built and registered as the monolith's `main` builds and registers them "
                  "(its statements", "are repeated below):",
                  *(f"- {c}" for c in wiring.carried)]
    if wiring.notes:
        lines += ["Left out:", *(f"- {n}" for n in wiring.notes)]
    return "".join(f"//! {ln}".rstrip() + "\n" for ln in lines)


def _blocked(crate: ServiceCrate, routes: list[OwnedRoute], framework: str,
             wiring: Wiring) -> str:
    reasons = "".join(f"//! - {b}\n" for b in wiring.blocked)
    return (_head(crate, routes, framework, wiring)
            + "//!\n//! The handlers extract state the monolith's `main` builds from code that "
            "stays in the monolith:\n" + reasons
            + "//! Move what it reads to the shared library, or build it here; until then this "
            "binary stops\n//! at start (exit code 2).\n\nfn main() {\n"
            f'    eprintln!("{crate.package}: the state its handlers extract is built from code '
            'that stays in the monolith; see src/main.rs");\n'
            "    std::process::exit(2);\n}\n")


def _addr(crate: ServiceCrate) -> str:
    return (f'    let service_addr = std::env::var("{crate.ident.upper()}_ADDR")'
            '.unwrap_or_else(|_| "127.0.0.1:8080".to_string());\n')


def _uses(wiring: Wiring) -> str:
    return "".join(f"{u}\n" for u in wiring.uses) + ("\n" if wiring.uses else "")


def actix_main(crate: ServiceCrate, routes: list[OwnedRoute], wiring: Wiring) -> str:
    if wiring.blocked:
        return _blocked(crate, routes, "actix-web", wiring)
    calls = "".join(f"            {c}\n" for c in [*wiring.registrations, *wiring.layers])
    factory = "".join(f"    {ln}" if ln.strip() else ln
                      for ln in wiring.factory_setup.splitlines(keepends=True))
    return (_head(crate, routes, "actix-web", wiring) + "\n" + _uses(wiring)
            + f"#[actix_web::main]\nasync fn main() -> {wiring.returns} {{\n{wiring.setup}"
            + _addr(crate)
            + f"    actix_web::HttpServer::new(move || {{\n{factory}"
            "        actix_web::App::new()\n"
            f"{calls}            .configure({crate.ident}::routes::configure)\n    }})\n"
            "    .bind(service_addr)?\n    .run()\n    .await?;\n    Ok(())\n}\n")


def grouped(wiring: Wiring) -> list[list[str]] | None:
    """The groups of owned paths routes.rs builds apart, when some get middleware of their own."""
    return [paths for paths, _ in wiring.groups] if any(own for _, own in wiring.groups) \
        else None


def _router(crate: ServiceCrate, wiring: Wiring) -> str:
    """`routes::router()`, or the groups merged, each with its own layers."""
    if grouped(wiring) is None:
        return f"{crate.ident}::routes::router()"
    merged = "".join(
        f"\n        .merge({crate.ident}::routes::group_{i}()"
        + "".join(f"\n            {c}" for c in own) + ")"
        for i, (_, own) in enumerate(wiring.groups))
    return f"axum::Router::new(){merged}"


def axum_main(crate: ServiceCrate, routes: list[OwnedRoute], state: str,
              wiring: Wiring) -> str:
    if wiring.blocked:
        reasons = "".join(f"//! - {b}\n" for b in wiring.blocked)
        main = axum.main_rs(crate, routes, state)
        first, _, rest = main.partition("\n\n")
        return f"{first}\n//! Not built here:\n{reasons}\n{rest}"
    calls = "".join(f"        {c}\n" for c in [*wiring.layers, *wiring.registrations])
    return (_head(crate, routes, "axum", wiring) + "\n" + _uses(wiring)
            + f"#[tokio::main]\nasync fn main() -> {wiring.returns} {{\n{wiring.setup}"
            + wiring.factory_setup
            + f"    let app = {_router(crate, wiring)}\n{calls}".rstrip("\n") + ";\n"
            + _addr(crate)
            + "    let listener = tokio::net::TcpListener::bind(service_addr).await?;\n"
            "    axum::serve(listener, app).await?;\n    Ok(())\n}\n")
