"""The one table of the modules a split creates, lowest layer first.

A module imports only the modules above it in this table (app_state imports nothing of the
split, cli may import everything), so the order is also the layer order and the order in which
the entrypoint calls them. Every other list of these names (the registry's summaries, the Python
placement levels, the Rust renderer's module docs, the plan's Phase 1 titles) is derived from
this table, so that adding or renaming one is one edit here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SplitModule:
    name: str  # module name, e.g. "app_state" (app_state.py / app_state.rs)
    title: str  # what the Python module holds (plan and apply)
    rust_title: str  # what the Rust module holds (the plan's Phase 1 table)
    rust_doc: str  # the `//!` line heading the Rust module the split writes
    # Rust: the names tried in order when the crate already has a hand-written module `name`
    # (a path-constants `routes.rs`); then `<name>_2`, `<name>_3`, .. (rust/targets.py)
    rust_alternatives: tuple[str, ...] = ()

    @property
    def level(self) -> int:
        return SPLIT_MODULES.index(self)


SPLIT_MODULES = (
    SplitModule(
        "app_state", "Configuration, logging set-up and process-wide shared state",
        "Configuration, tracing set-up and the shared AppState",
        "Shared state: what the server and the workers share, built once at start-up.",
        ("startup_state", "shared_state")),
    SplitModule(
        "app_services", "Service construction: the factory that wires the domain services",
        "Service construction: the factory that builds the services",
        "Service construction: the domain services, composed from the shared state.",
        ("service_set", "startup_services")),
    SplitModule(
        "background", "Background work: worker threads and asyncio tasks, their start and stop",
        "Background tasks (`tokio::spawn`) with their start and stop",
        "Background work: every spawned task and thread, started together.",
        ("background_tasks", "workers")),
    SplitModule(
        "routes", "The web app object, request hooks, error handlers and every route",
        "The router: handlers, middleware and the route table",
        "Routing: every app_data registration, scope and route of the service.",
        ("http_routes", "app_routes")),
    SplitModule(
        "cli", "The command line interface and the server start",
        "Command-line parsing and subcommands",
        "The command line: argument parsing and the subcommands that exit early.",
        ("command_line", "cli_commands")),
)

ALL_MODULES = tuple(m.name for m in SPLIT_MODULES)  # layer order
LEVELS = {m.name: level for level, m in enumerate(SPLIT_MODULES)}
TITLES = {m.name: m.title for m in SPLIT_MODULES}
RUST_TITLES = {m.name: m.rust_title for m in SPLIT_MODULES}
RUST_DOCS = {m.name: m.rust_doc for m in SPLIT_MODULES}
RUST_ALTERNATIVES = {m.name: m.rust_alternatives for m in SPLIT_MODULES}
