"""The codemods nova-refactor offers, with what each one extracts."""

from __future__ import annotations

from dataclasses import dataclass

from nova_refactor.errors import UsageError

ALL_MODULES = ("app_state", "app_services", "background", "routes", "cli")
TITLES = {
    "app_state": "Configuration, logging set-up and process-wide shared state",
    "app_services": "Service construction: the factory that wires the domain services",
    "background": "Background work: worker threads and asyncio tasks, their start and stop",
    "routes": "The web app object, request hooks, error handlers and every route",
    "cli": "The command line interface and the server start",
}


@dataclass(frozen=True, slots=True)
class Codemod:
    name: str
    summary: str
    modules: tuple[str, ...]


CODEMODS = (
    Codemod("extract-state", "move configuration, logging set-up and shared state (locks, "
            "caches, rebound globals) to app_state.py; Rust: the bindings main shares become "
            "typed fields of `AppState` built by `AppState::init` in app_state.rs",
            ("app_state",)),
    Codemod("extract-services", "move service construction (the service factory and the "
            "service globals) to app_services.py; Rust: `AppServices::build` in "
            "app_services.rs", ("app_services",)),
    Codemod("extract-background", "move worker threads and asyncio tasks, with their start and "
            "stop, to background.py; Rust: every spawn to `Background::start` in "
            "background.rs, the handles back to main's shutdown", ("background",)),
    Codemod("extract-routes", "move the app object, hooks, error handlers and routes to "
            "routes.py, registered in the same order; Rust: actix `configure(cfg)` / axum "
            "`router(..)` in routes.rs", ("routes",)),
    Codemod("extract-cli", "move the argument parser, its commands and the server start to "
            "cli.py; Rust: argument parsing and early-exit subcommands to cli.rs",
            ("cli",)),
    Codemod("split-entrypoint", "all of the above: the entrypoint (main.py or main.rs) keeps "
            "< 100 lines that wire the pieces in the original order", ALL_MODULES),
)


def codemod_named(name: str) -> Codemod:
    """A codemod by name; `a+b` is `a` and `b` applied together."""
    if "+" in name:
        parts = [codemod_named(part) for part in name.split("+")]
        return combined({m for c in parts for m in c.modules})
    for codemod in CODEMODS:
        if codemod.name == name:
            return codemod
    known = ", ".join(c.name for c in CODEMODS)
    raise UsageError(f"unknown codemod {name!r}; choose one of: {known} (or join them "
                     "with `+`, e.g. extract-state+extract-routes)")


def combined(modules: set[str]) -> Codemod:
    """The one codemod that extracts all of `modules`, named after its parts in layer order."""
    for codemod in CODEMODS:
        if set(codemod.modules) == modules:
            return codemod
    parts = [c for c in CODEMODS if len(c.modules) == 1 and c.modules[0] in modules]
    return Codemod("+".join(c.name for c in parts), "; ".join(c.summary for c in parts),
                   tuple(m for m in ALL_MODULES if m in modules))
