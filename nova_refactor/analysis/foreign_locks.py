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

from nova_refactor.analysis.hotpaths import _Project
from nova_refactor.analysis.modules import ModuleTable, module_name
from nova_refactor.frontends.python.locks import BLOCKING, FOREIGN_REBINDING, PENDING
from nova_refactor.model import FileFacts, LockSite

MAX_HOPS = 3  # re-exports followed from the importing module to the binding one


def resolve_foreign_sites(files: list[FileFacts], table: ModuleTable) -> list[FileFacts]:
    if not any(_pending(f) for f in files):
        return files
    project = _Project([f for f in files if f.language == "python"], table)
    module_locks = {(f.path, s.owner): s.primitive for f in files for s in f.locks
                    if _module_lock(s)}
    return [_resolved(f, project, module_locks) if _pending(f) else f for f in files]


def _pending(facts: FileFacts) -> bool:
    return any(s.primitive.startswith(PENDING) for s in facts.locks)


def _module_lock(site: LockSite) -> bool:
    return site.role == "construction" and not site.function and site.primitive not in (
        "mutable global", "")


def _resolved(facts: FileFacts, project: _Project,
              module_locks: dict[tuple[str, str], str]) -> FileFacts:
    kept = []
    for site in facts.locks:
        if not site.primitive.startswith(PENDING):
            kept.append(site)
            continue
        resolved = _resolve(site, facts.path, project, module_locks)
        if resolved is not None:
            kept.append(resolved)
    return dataclasses.replace(facts, locks=tuple(kept))


def _resolve(site: LockSite, path: str, project: _Project,
             module_locks: dict[tuple[str, str], str]) -> LockSite | None:
    home = _home(path, site.owner, project, module_locks)
    if home is None:
        return None
    file, name = home
    owner = f"{module_name(file)}.{name}"
    if site.role == "rebinding":  # `?mutable global` or `?threading.Lock` (a lock rebuilt)
        return dataclasses.replace(site, owner=owner, primitive=site.primitive[len(PENDING):])
    primitive = module_locks.get((file, name))
    if primitive is None:
        return None  # a context manager or object that is no module-level lock
    held = site.held_across_await and primitive.startswith(BLOCKING)
    return dataclasses.replace(site, owner=owner, primitive=primitive, held_across_await=held)


def _home(path: str, written: str, project: _Project,
          module_locks: dict[tuple[str, str], str]) -> tuple[str, str] | None:
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
    return _through_reexports(file, name, project, module_locks)


def _through_reexports(file: str, name: str, project: _Project,
                       module_locks: dict[tuple[str, str], str]) -> tuple[str, str]:
    """A package re-exporting `from .state import LOCK` hands the site on to `state`."""
    for _ in range(MAX_HOPS):
        if (file, name) in module_locks:
            break
        onward = project.imported(file, name)
        if onward is None or not onward[1]:
            break
        file, name = onward
    return file, name


def foreign_globals(sites: Sequence[LockSite]) -> set[str]:
    """`module.NAME` of every project global rebound from another module (a lock rebuilt
    that way too, as `global LOCK; LOCK = Lock()` counts in its own module)."""
    return {s.owner for s in sites if s.role == "rebinding" and s.how == FOREIGN_REBINDING}
