"""The project's route inventory: routes joined with every prefix of the routers they hang on.

Routers are identified by (file, name); names used in another module are followed through
that module's imports. Flask's `register_blueprint(url_prefix=..)` replaces the blueprint's own
prefix, FastAPI's `include_router(prefix=..)` is prepended to the router's own prefix.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from nova_refactor.analysis.modules import ModuleTable, module_name
from nova_refactor.model import (
    FileFacts,
    ImportFacts,
    MountFacts,
    Route,
    RouteFacts,
    RouterFacts,
)

ROOT_KINDS = ("flask", "fastapi", "aiohttp")
Ref = tuple[str, str]  # (file, name)


@dataclass(frozen=True, slots=True)
class _Prefix:
    path: str
    endpoint: str  # Flask blueprint endpoint prefix, e.g. "admin."
    mounted: bool


def join_path(prefix: str, rule: str) -> str:
    if not rule:
        return prefix or "/"
    if not prefix:
        return rule
    return prefix.rstrip("/") + "/" + rule.lstrip("/")


class NameResolver:
    """Where a name used in one file is defined, following `from x import name [as alias]`."""

    def __init__(self, files: dict[str, FileFacts], table: ModuleTable) -> None:
        self.files = files
        self.table = table
        # The same names are resolved over and over (every `from django.db import models`
        # asks the package marker again), and the answer depends on nothing else.
        self._known: dict[tuple[str, str, int], Ref] = {}

    def resolve(self, file: str, name: str, depth: int = 0) -> Ref:
        key = (file, name, depth)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = self._resolve(file, name, depth)
        return found

    def _resolve(self, file: str, name: str, depth: int) -> Ref:
        facts = self.files.get(file)
        if facts is None or depth > 8:
            return (file, name)
        for spec in facts.imports:
            found = self._through(file, spec, name, depth)
            if found is not None:
                return found
        return (file, name)

    def _through(self, file: str, spec: ImportFacts, name: str, depth: int) -> Ref | None:
        """Where `name` is defined if it came in through the import `spec`."""
        base = self.table.absolute(file, spec)
        if spec.names:
            return self._through_from(base, spec, name, depth)
        # `import a.b [as c]`, used as `a.b.name` or `c.name`
        used = spec.alias or spec.module
        if name.startswith(used + ".") and (target := self.table.find(base)):
            return self.resolve(target, name[len(used) + 1 :], depth + 1)
        return None

    def _through_from(self, base: str, spec: ImportFacts, name: str, depth: int) -> Ref | None:
        """`from base import original [as head]`, used as `head` or `head.rest`."""
        head, _, rest = name.partition(".")
        for original, local in _bindings(spec):
            if local != head:
                continue
            submodule = self.table.find(f"{base}.{original}")  # `from pkg import module`
            if submodule and rest:
                return self.resolve(submodule, rest, depth + 1)
            if target := self.table.find(base):
                return self.resolve(target, original + (f".{rest}" if rest else ""), depth + 1)
        return None


def _bindings(spec: ImportFacts) -> Iterator[tuple[str, str]]:
    """(imported name, local name) for each name of `from m import a [as b]`."""
    asnames = spec.asnames or ("",) * len(spec.names)
    for original, alias in zip(spec.names, asnames, strict=False):
        yield original, alias or original


def route_inventory(files: Iterable[FileFacts], table: ModuleTable) -> tuple[Route, ...]:
    by_path = {f.path: f for f in files if f.language == "python"}
    resolver = NameResolver(by_path, table)
    routers: dict[Ref, RouterFacts] = {
        (f.path, r.var): r for f in by_path.values() for r in f.routers
    }
    prefixes = _Prefixes(routers, _mounts_by_child(by_path.values(), resolver))
    inventory = [
        route for facts in by_path.values() for route in _file_routes(facts, resolver, prefixes)
    ]
    return tuple(sorted(inventory, key=lambda r: (r.path, r.method, r.file, r.line)))


def _mounts_by_child(
    files: Iterable[FileFacts], resolver: NameResolver
) -> dict[Ref, list[tuple[Ref, MountFacts]]]:
    """Each mounted router's (parent router, mount) pairs, names resolved across modules."""
    mounts: dict[Ref, list[tuple[Ref, MountFacts]]] = {}
    for facts in files:
        for mount in facts.mounts:
            child = resolver.resolve(facts.path, mount.child)
            mounts.setdefault(child, []).append((resolver.resolve(facts.path, mount.parent), mount))
    return mounts


def _file_routes(facts: FileFacts, resolver: NameResolver, prefixes: _Prefixes) -> Iterator[Route]:
    module = module_name(facts.path)
    for route in facts.routes:
        ref = resolver.resolve(facts.path, route.router)
        for prefix in prefixes.of(ref):
            yield from _routes_under(route, prefix, module, facts.path)


def _routes_under(route: RouteFacts, prefix: _Prefix, module: str, file: str) -> Iterator[Route]:
    """One `Route` per HTTP method of `route`, under one of its router's prefixes."""
    endpoint = prefix.endpoint + route.endpoint if route.framework == "flask" else route.endpoint
    handler = f"{module}.{route.handler}" if module else route.handler
    for method in route.methods:
        yield Route(
            method=method,
            path=join_path(prefix.path, route.rule),
            handler=handler,
            endpoint=endpoint,
            framework=route.framework,
            file=file,
            line=route.line,
            mounted=prefix.mounted,
        )


class _Prefixes:
    def __init__(
        self, routers: dict[Ref, RouterFacts], mounts: dict[Ref, list[tuple[Ref, MountFacts]]]
    ) -> None:
        self.routers = routers
        self.mounts = mounts

    def of(self, ref: Ref, seen: frozenset[Ref] = frozenset()) -> list[_Prefix]:
        router = self.routers.get(ref)
        if router is not None and router.kind in ROOT_KINDS:
            return [_Prefix(router.prefix, "", True)]
        parents = [m for m in self.mounts.get(ref, []) if m[0] not in seen]  # `seen`: no cycles
        if not parents:
            return [_Prefix(_own_prefix(router), _blueprint_endpoint(router), router is None)]
        return [
            prefix
            for parent_ref, mount in parents
            for prefix in self._through(ref, router, parent_ref, mount, seen)
        ]

    def _through(
        self,
        ref: Ref,
        router: RouterFacts | None,
        parent_ref: Ref,
        mount: MountFacts,
        seen: frozenset[Ref],
    ) -> list[_Prefix]:
        """The prefixes `ref` gets through one mount on `parent_ref`."""
        name = f"{mount.name}." if mount.name else _blueprint_endpoint(router)
        here = _mount_path(router, mount)
        return [
            _Prefix(
                join_path(parent.path, here) if here else parent.path,
                parent.endpoint + name,
                parent.mounted,
            )
            for parent in self.of(parent_ref, seen | {ref})
        ]


def _own_prefix(router: RouterFacts | None) -> str:
    return router.prefix if router else ""


def _blueprint_endpoint(router: RouterFacts | None) -> str:
    return f"{router.name}." if router and router.name else ""


def _mount_path(router: RouterFacts | None, mount: MountFacts) -> str:
    """The path a mount adds: Flask's mount prefix replaces, FastAPI's is prepended."""
    own = _own_prefix(router)
    if router is not None and router.kind == "blueprint":
        return mount.prefix if mount.prefix is not None else own
    return (mount.prefix or "") + own
