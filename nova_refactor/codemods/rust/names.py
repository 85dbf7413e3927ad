"""Generated names that do not collide with what the moved code names.

A new module imports every crate item and `use` leaf its code names; a generated item of the
same name (`fn parse_args` next to `use crate::parse_args;`, `struct AppState` next to
`use user_service::AppState;`) would be defined twice. So each generated function and struct
takes the first free name of a short list, then a numbered one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from nova_refactor.codemods.rust import uses
from nova_refactor.codemods.rust.planner import Extraction

ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "AppState": ("StartupState", "SharedState"),
    "AppServices": ("StartupServices", "ServiceSet"),
    "Background": ("BackgroundWork", "Workers"),
    "parse_args": ("parse_cli", "read_args"),
    "early_exit": ("exit_early", "handle_early_exit"),
    "router": ("build_router", "app_router"),
}
WORD = re.compile(r"[A-Za-z_]\w*")


def free_names(extractions: Iterable[Extraction],
               module_name: Callable[[str], str] = str) -> None:
    """Rename, in place, the generated struct or free function of each extraction whose name
    its module's code already uses (or another extraction of the module took);
    `module_name`: the module a role is written to (`startup_state` for `app_state`)."""
    by_module: dict[str, list[Extraction]] = {}
    extractions_list = list(extractions)
    for ex in extractions_list:
        by_module.setdefault(ex.module, []).append(ex)
    renamed: dict[str, str] = {}  # `crate::<module>::Old` -> New
    for found in by_module.values():
        taken = set().union(*(named(ex) for ex in found))
        for ex in found:
            if ex.struct:
                old, ex.struct = ex.struct, free(ex.struct, taken)
                renamed[f"crate::{module_name(ex.module)}::{old}"] = ex.struct
                taken.add(ex.struct)
            elif ex.function:
                ex.function = free(ex.function, taken)
                taken.add(ex.function)
    _follow(extractions_list, {old: new for old, new in renamed.items()
                               if not old.endswith("::" + new)})


def _follow(extractions: list[Extraction], renamed: dict[str, str]) -> None:
    """A struct another extraction names by path (`crate::app_state::AppState`, the second
    half of a halved start-up) is named by its new name there too."""
    for old, new in renamed.items():
        path = re.compile(rf"\b{re.escape(old)}\b")
        written = old.rpartition("::")[0] + "::" + new
        for ex in extractions:
            ex.params = [replace(p, type=path.sub(written, p.type)) for p in ex.params]
            ex.prelude = path.sub(written, ex.prelude)


def named(ex: Extraction) -> set[str]:
    """Every name the extraction's code and its signature's types mention."""
    names: set[str] = set()
    for stmt in ex.stmts:
        names |= uses.used_names(stmt.node)
    for written in [p.type for p in ex.params] + [t for _, t, _ in ex.returns]:
        names |= set(WORD.findall(written))
    return names


def free(name: str, taken: set[str]) -> str:
    for candidate in (name, *ALTERNATIVES.get(name, ())):
        if candidate not in taken:
            return candidate
    number = 2
    while f"{name}{number}" in taken:
        number += 1
    return f"{name}{number}"
