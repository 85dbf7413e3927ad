"""Lock sites on another module's bindings: `with app_state.STATS_LOCK:`, `from state import
LOCK` then `LOCK.acquire()`, `app_state.counter += 1`, `app_state.LOCK = asyncio.Lock()`.

The frontend marks them pending (it sees one file); here each is followed through the project's
imports (relative ones, aliases and re-exports too) to the module that binds the name. An
acquisition is kept when that binding is a module-level lock, and takes its type; a rebinding
is kept when the module is the project's, as a rebinding of that module's global (or lock). The
owner becomes `module.NAME`, so the inventory says whose lock or global it is. What does not
resolve (a third-party module, a context manager that is no lock) is dropped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from nova_refactor.analysis.python.hotpaths import _Project
from nova_refactor.analysis.python.modules import ModuleTable, module_name
from nova_refactor.frontends.python.locks import BLOCKING, FOREIGN_REBINDING
from nova_refactor.model import MUTABLE_GLOBAL, FileFacts, Language, LockRole, LockSite

MAX_HOPS = 3  # re-exports followed from the importing module to the binding one


class _Modules(_Project):
    """The project's Python modules, with what each binds at module level."""

    def __init__(self, files: list[FileFacts], table: ModuleTable) -> None:
        super().__init__([f for f in files if f.language == Language.PYTHON], table)
        self.locks = {(f.path, s.owner): s.primitive for f in files for s in f.locks
                      if _module_lock(s)}
        self.bound = {(f.path, s.owner) for f in files for s in f.locks
                      if s.role == LockRole.CONSTRUCTION and not s.function}
        self.homes: set[tuple[str, str]] = set()  # (file, NAME) sites resolved to
        self.star_missed: set[tuple[str, str]] = set()  # not found behind a star import

    def star_source(self, file: str, name: str) -> tuple[str, str] | None:
        """`from state import *`, or `apply`'s split facade (`main.NAME` forwards to its
        home): the star-imported module that binds `name` at module level, if one does."""
        if (file, name) in self.bound or file not in self.files:
            return None
        for spec in self.files[file].imports:
            if spec.names != ("*",):
                continue
            target = self.table.find(self.table.absolute(file, spec))
            if target and (target, name) in self.bound:
                return target, name
            self.star_missed.add((file, name))
        return None


def resolve_foreign_sites(files: list[FileFacts], table: ModuleTable) -> list[FileFacts]:
    if not any(_pending(f) for f in files):
        return files
    project = _Modules(files, table)
    resolved = [_resolved(f, project) if _pending(f) else f for f in files]
    if project.star_missed:
        # `app_state.FLAG = ..` elsewhere shows FLAG is a global of app_state even without a
        # `global` statement there: with that known, `main.FLAG` finds its home too
        project.bound |= project.homes - project.star_missed
        resolved = [_resolved(f, project) if _pending(f) else f for f in files]
    return resolved


def _pending(facts: FileFacts) -> bool:
    return any(s.pending for s in facts.locks)


def _module_lock(site: LockSite) -> bool:
    return site.role == LockRole.CONSTRUCTION and not site.function and site.primitive not in (
        MUTABLE_GLOBAL, "")


def _resolved(facts: FileFacts, project: _Modules) -> FileFacts:
    kept = []
    for site in facts.locks:
        if not site.pending:
            kept.append(site)
            continue
        resolved = _resolve(site, facts.path, project)
        if resolved is not None:
            kept.append(resolved)
    return dataclasses.replace(facts, locks=tuple(kept))


def _resolve(site: LockSite, path: str, project: _Modules) -> LockSite | None:
    home = _home(path, site.owner, project)
    if home is None:
        return None
    file, name = home
    project.homes.add(home)
    owner = f"{module_name(file)}.{name}"
    if site.role == LockRole.REBINDING:  # a global, or a lock rebuilt: its primitive is known
        return dataclasses.replace(site, owner=owner, pending=False)
    primitive = project.locks.get((file, name))
    if primitive is None:
        return None  # a context manager or object that is no module-level lock
    held = site.held_across_await and primitive.startswith(BLOCKING)
    return dataclasses.replace(site, owner=owner, primitive=primitive, held_across_await=held,
                               pending=False)


def _home(path: str, written: str, project: _Modules) -> tuple[str, str] | None:
    """(file, NAME) of the project module that binds what `written` names in `path`."""
    head, _, rest = written.partition(".")
    target = project.imported(path, head)
    if target is None:
        return None
    file, inner = target
    if inner and rest:
        return None  # `Class.attr` or `obj.attr` of an imported object: not a module global
    name = inner or rest
    if not name or "." in name:
        return None
    return _through_reexports(file, name, project)


def _through_reexports(file: str, name: str, project: _Modules) -> tuple[str, str]:
    """A package re-exporting `from .state import LOCK` (or `*`) hands the site on to
    `state`."""
    for _ in range(MAX_HOPS):
        if (file, name) in project.locks:
            break
        onward = project.imported(file, name) or project.star_source(file, name)
        if onward is None or not onward[1]:
            break
        file, name = onward
    return file, name


def foreign_globals(sites: Sequence[LockSite]) -> set[str]:
    """`module.NAME` of every project global rebound from another module (a lock rebuilt
    that way too, as `global LOCK; LOCK = Lock()` counts in its own module)."""
    return {s.owner for s in sites if s.role == LockRole.REBINDING and s.how == FOREIGN_REBINDING}
