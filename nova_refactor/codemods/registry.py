"""The codemods nova-refactor offers, by name: what each does, its options, its implementations.

A codemod is registered here with its options type and the implementations (one per language,
`module:Class` of a `protocol.Implementation`), imported only when it runs, so that listing the
codemods loads no parser. A codemod declared with no implementation is listed and its options
are accepted, but `apply` says it is not available yet.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nova_refactor.codemods.protocol import CodemodOptions, NoOptions
from nova_refactor.codemods.split_modules import ALL_MODULES
from nova_refactor.codemods.split_modules import TITLES as TITLES  # re-exported
from nova_refactor.errors import UsageError

if TYPE_CHECKING:
    from nova_refactor.codemods.protocol import Implementation

# The Rust split first: it takes a `.rs` entrypoint, or a project with no Python entrypoint;
# the Python split takes the rest.
SPLIT = ("nova_refactor.codemods.rust.split:RustSplit",
         "nova_refactor.codemods.python.split:PythonSplit")


@dataclass(frozen=True, slots=True)
class LockToActorOptions(CodemodOptions):
    lock: str = ""  # --lock OWNER: the lock, as `analyze` names its owner
    hot: bool = False  # --hot: every lock `plan` ranks for an actor, in its order


@dataclass(frozen=True, slots=True)
class SplitOptions(CodemodOptions):
    probe_types: bool = False  # --probe-types: Rust, the compiler types what the index cannot


@dataclass(frozen=True, slots=True)
class ExtractOptions(CodemodOptions):
    proposal: Path | None = None  # --proposal FILE: a `boundaries --format json` document
    service: str | None = None  # --service NAME: the proposed service to extract
    shims: bool = False  # --shims: modules at the old paths that warn and alias the new ones


@dataclass(frozen=True, slots=True)
class Codemod:
    name: str
    summary: str
    modules: tuple[str, ...] = ()  # the split modules it extracts (splits only)
    options: type[CodemodOptions] = NoOptions
    implementations: tuple[str, ...] = SPLIT  # "module:Class"; () = declared, not available
    refuses: str = "cannot split safely"  # how its refusal reads: "<where>: <refuses>: <why>"

    @property
    def available(self) -> bool:
        return bool(self.implementations)


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
            "< 100 lines that wire the pieces in the original order", ALL_MODULES,
            options=SplitOptions),
    Codemod("lock-to-actor", "replace a shared lock (--lock OWNER, or --hot: every lock `plan` "
            "ranks for an actor) with an actor that owns the state and serves commands; "
            "Rust: tokio mpsc + oneshot, Python: a worker thread or an asyncio task",
            options=LockToActorOptions,
            implementations=("nova_refactor.codemods.actor.implementation:LockToActor",),
            refuses="cannot replace the lock safely"),
    Codemod("extract-common", "move the proposal's shared library (--proposal FILE from "
            "`boundaries --format json`) into its own package <project>_common/, every import "
            "rewritten; Rust: the workspace member crate libs/<name>-common",
            options=ExtractOptions,
            implementations=("nova_refactor.codemods.extract.implementation:Extract",),
            refuses="cannot extract safely"),
    Codemod("extract-service", "move one proposed service (--service NAME, --proposal FILE) "
            "into its own package <name>_service/ with an app serving its routes, a README "
            "and tests, every import rewritten; Rust: the lib + bin workspace member crate "
            "services/<name>-service",
            options=ExtractOptions,
            implementations=("nova_refactor.codemods.extract.implementation:Extract",),
            refuses="cannot extract safely"),
)


def codemod_named(name: str) -> Codemod:
    """A codemod by name; `a+b` is `a` and `b` applied together (splits only)."""
    if "+" in name:
        parts = [codemod_named(part) for part in name.split("+")]
        if not all(part.modules for part in parts):
            raise UsageError(f"{name}: only the split codemods (extract-state, ..., "
                             "split-entrypoint) can be joined with `+`")
        return combined({m for c in parts for m in c.modules})
    for codemod in CODEMODS:
        if codemod.name == name:
            return codemod
    known = ", ".join(c.name for c in CODEMODS)
    raise UsageError(f"unknown codemod {name!r}; choose one of: {known} (or join them "
                     "with `+`, e.g. extract-state+extract-routes)")


def combined(modules: set[str]) -> Codemod:
    """The one codemod that extracts all of `modules`, named after its parts in layer order."""
    named = {frozenset(c.modules): c for c in CODEMODS if c.modules}
    if frozenset(modules) in named:
        return named[frozenset(modules)]
    parts = _single_parts(modules)
    return Codemod("+".join(c.name for c in parts), "; ".join(c.summary for c in parts),
                   tuple(m for m in ALL_MODULES if m in modules))


def _single_parts(modules: set[str]) -> list[Codemod]:
    """The one-module codemods that together extract `modules`, in layer order."""
    return [c for c in CODEMODS if len(c.modules) == 1 and c.modules[0] in modules]


def implementations(codemod: Codemod) -> tuple[Implementation, ...]:
    """The codemod's implementations, in the order the runner asks them; UsageError when it
    is declared but none has landed yet."""
    if not codemod.available:
        ready = ", ".join(c.name for c in CODEMODS if c.available)
        raise UsageError(f"{codemod.name}: not available yet (declared, not implemented in "
                         f"this version); available codemods: {ready}")
    return tuple(_load(spec) for spec in codemod.implementations)


def _load(spec: str) -> Implementation:
    module, _, name = spec.partition(":")
    implementation: Implementation = getattr(importlib.import_module(module), name)()
    return implementation


def options_for(codemod: Codemod, given: Mapping[str, object]) -> CodemodOptions:
    """The codemod's typed options from the `apply` options the user gave (name -> value,
    only those given); an option it does not take, or a required one missing, is a
    UsageError naming it."""
    fields = {f.name: f for f in dataclasses.fields(codemod.options)}
    for name in given:
        if name not in fields:
            takes = ", ".join(_flag(f) for f in fields) or "no option of its own"
            raise UsageError(f"{_flag(name)} is not an option of {codemod.name} "
                             f"(it takes: {takes})")
    missing = [name for name, f in fields.items() if name not in given and _required(f)]
    if missing:
        raise UsageError(f"{codemod.name} needs {_flag(missing[0])}")
    return codemod.options(**given)


def _required(field: dataclasses.Field[object]) -> bool:
    return field.default is dataclasses.MISSING and \
        field.default_factory is dataclasses.MISSING


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")
