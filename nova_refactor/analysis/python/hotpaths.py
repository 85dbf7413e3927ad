"""Hot paths across modules: lock sites reached from a request handler through project calls.

The frontend marks a lock site hot when its function is a handler or is called by name from
one in the same module. Here calls are followed across the project: a handler calls
`stream_service.join(..)`, `stream_service` is a module global bound to (or annotated as)
`StreamService`, imported from `services/streaming.py`, so `StreamService.join` is on the
request path, and so is every lock it takes. Resolution is conservative: a call is followed
only when its target resolves to a function or method defined in the project (no guessing
from method names alone); a method missing on a class is looked up in its project base
classes, left to right. Each hot site gets `via`, the call chain from the
handler that explains it.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterable, Iterator

from nova_refactor.analysis.lock_scope import is_test_code
from nova_refactor.analysis.python.modules import ModuleTable
from nova_refactor.model import FileFacts, ImportFacts, Language, LockSite

Node = tuple[str, str]  # (file, function qualname)
MAX_HOPS = 3  # re-exports followed for an imported name; base classes followed for a method


class _Project:
    """Names of every module; imports and calls are resolved on demand, only for the files
    a request path actually reaches (most of a large project is never looked at)."""

    def __init__(self, files: Iterable[FileFacts], table: ModuleTable) -> None:
        self.table = table
        self.files = {f.path: f for f in files}
        self.functions = {p: {fn.name for fn in f.functions} for p, f in self.files.items()}
        self.classes = {p: {c.name for c in f.classes} for p, f in self.files.items()}
        self.bindings = {p: {b.name: b.type for b in f.bindings} for p, f in self.files.items()}
        self._imports_of: dict[str, dict[str, tuple[str, str]]] = {}
        self._calls_of: dict[str, dict[str, tuple[str, ...]]] = {}

    def imported(self, path: str, name: str) -> tuple[str, str] | None:
        if path not in self._imports_of:
            self._imports_of[path] = self._imports(self.files[path])
        return self._imports_of[path].get(name)

    def callees(self, path: str, caller: str) -> tuple[str, ...]:
        if path not in self._calls_of:
            self._calls_of[path] = {c.caller: c.callees for c in self.files[path].calls}
        return self._calls_of[path].get(caller, ())

    def _imports(self, facts: FileFacts) -> dict[str, tuple[str, str]]:
        """Local name -> (file, name in that file), "" for a whole module."""
        names: dict[str, tuple[str, str]] = {}
        for spec in facts.imports:
            base = self.table.absolute(facts.path, spec)
            if spec.names:
                names.update(self._from_import(spec, base))
            elif (target := self.table.find(base)) and (spec.alias or "." not in spec.module):
                names[spec.alias or spec.module] = (target, "")
        return names

    def _from_import(self, spec: ImportFacts, base: str) -> Iterator[tuple[str, tuple[str, str]]]:
        asnames = spec.asnames or ("",) * len(spec.names)
        for name, asname in zip(spec.names, asnames, strict=False):
            module = self.table.find(f"{base}.{name}")
            if module:
                yield asname or name, (module, "")
            elif (target := self.table.find(base)) and name != "*":
                yield asname or name, (target, name)

    def symbol(self, path: str, name: str, hops: int = 0) -> tuple[str, str] | None:
        """Where `name` used in `path` is defined: (file, name) or (file, "") for a module."""
        if name in self.functions[path] or name in self.classes[path]:
            return path, name
        if name in self.bindings[path]:
            return path, name
        target = self.imported(path, name)
        if target is None or hops >= MAX_HOPS:
            return None
        file, inner = target
        if not inner:
            return file, ""
        return self.symbol(file, inner, hops + 1) or None

    def class_of(self, path: str, expr: str) -> tuple[str, str] | None:
        """The project class an expression names (`Service`, `mod.Service`)."""
        head, _, rest = expr.partition(".")
        found = self.symbol(path, head)
        if found is None:
            return None
        file, name = found
        qualname = f"{name}.{rest}" if name and rest else (name or rest)
        return (file, qualname) if qualname in self.classes[file] else None

    def instance_class(self, path: str, name: str) -> tuple[str, str] | None:
        """The class of a bound instance: a module global or a `Class.attr` binding."""
        kind = self.bindings[path].get(name)
        return self.class_of(path, kind) if kind else None

    def method(self, cls: tuple[str, str] | None, name: str, depth: int = 0) -> Node | None:
        """`Class.name`, or the first project base class (left to right) that defines it."""
        if cls is None or depth > MAX_HOPS:
            return None
        file, qualname = cls
        method = f"{qualname}.{name}"
        if method in self.functions[file]:
            return file, method
        for base in self._bases(file, qualname):
            found = self.method(self.class_of(file, base), name, depth + 1)
            if found is not None:
                return found
        return None

    def _bases(self, file: str, qualname: str) -> tuple[str, ...]:
        return next((c.bases for c in self.files[file].classes if c.name == qualname), ())


def _resolve(project: _Project, path: str, caller: str, callee: str) -> Node | None:
    parts = callee.split(".")
    if parts[0] in ("self", "cls"):
        return _resolve_self(project, path, caller, parts[1:])
    found = project.symbol(path, parts[0])
    if found is None:
        return None
    return _resolve_rest(project, found, parts[1:])


def _resolve_self(project: _Project, path: str, caller: str, rest: list[str]) -> Node | None:
    owner = caller.rsplit(".", 1)[0] if "." in caller else ""
    if not owner or owner not in project.classes[path] or not rest:
        return None
    if len(rest) == 1:
        return project.method((path, owner), rest[0])
    if len(rest) == 2:  # self.repo.save(): the class bound to Class.repo
        return project.method(project.instance_class(path, f"{owner}.{rest[0]}"), rest[1])
    return None


def _resolve_rest(project: _Project, found: tuple[str, str], rest: list[str]) -> Node | None:
    file, name = found
    if not name:  # a module: mod.func(), mod.obj.method(), mod.Class.method()
        if rest and _defined(project, file, rest[0]):
            return _resolve_rest(project, (file, rest[0]), rest[1:])
        return None
    if not rest:
        return _called_by_name(project, file, name)
    if len(rest) != 1:
        return None
    if name in project.classes[file]:
        return project.method((file, name), rest[0])
    return project.method(project.instance_class(file, name), rest[0])


def _called_by_name(project: _Project, file: str, name: str) -> Node | None:
    """`func()` runs the function; `Class()` runs `Class.__init__`."""
    if name in project.functions[file]:
        return file, name
    return project.method((file, name), "__init__") if name in project.classes[file] else None


def _defined(project: _Project, file: str, name: str) -> bool:
    return (
        name in project.functions[file]
        or name in project.classes[file]
        or name in project.bindings[file]
    )


Chains = dict[Node, tuple[Node, ...]]


def hot_chains(files: list[FileFacts], table: ModuleTable, include_tests: bool = False
               ) -> Chains:
    """Every function reachable from a handler -> the shortest chain from a handler to it.

    A breadth-first walk from the handlers (those of test files only with `include_tests`)
    that resolves each function's calls when it is reached."""
    project = _Project(files, table)
    handlers = [(f.path, fn.name) for f in files for fn in f.functions if fn.is_handler
                and (include_tests or not is_test_code(f.path))]
    chains: Chains = {h: (h,) for h in handlers}
    pending = deque(handlers)
    while pending:
        node = pending.popleft()
        for callee in _resolved_callees(project, node):
            if callee not in chains:
                chains[callee] = (*chains[node], callee)
                pending.append(callee)
    return chains


def _resolved_callees(project: _Project, node: Node) -> Iterator[Node]:
    path, caller = node
    for callee in project.callees(path, caller):
        target = _resolve(project, path, caller, callee)
        if target is not None and target != node:
            yield target


def mark_hot_paths(files: list[FileFacts], table: ModuleTable, include_tests: bool = False
                   ) -> list[FileFacts]:
    """Files whose lock sites are marked hot (with `via`) when a handler reaches them.
    Python files only: other languages' calls are keyed differently."""
    python = [facts for facts in files if facts.language == Language.PYTHON]
    chains = hot_chains(python, table, include_tests)
    return [_marked(facts, chains) if facts.language == Language.PYTHON else facts
            for facts in files]


def _marked(facts: FileFacts, chains: Chains) -> FileFacts:
    if not facts.locks:
        return facts
    locks = tuple(_site(site, chains.get((facts.path, site.function))) for site in facts.locks)
    return facts if locks == facts.locks else dataclasses.replace(facts, locks=locks)


def _site(site: LockSite, chain: tuple[Node, ...] | None) -> LockSite:
    if chain is None or not site.function:
        return site
    via = tuple(f"{path}:{name}" for path, name in chain)
    return dataclasses.replace(site, hot_path=True, via=via)
