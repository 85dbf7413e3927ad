"""The project's route inventory: routes joined with every prefix of the routers they hang on.

Routers are identified by (file, name); names used in another module are followed through
that module's imports. Flask's `register_blueprint(url_prefix=..)` replaces the blueprint's own
prefix, FastAPI's `include_router(prefix=..)` is prepended to the router's own prefix. A route
whose app cannot be known statically (a parameter no call binds, a prefix that is not a
literal) is listed with the reason in `unresolved`, and headline totals leave it out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import PurePosixPath

from nova_refactor.analysis.python.modules import ModuleTable, module_name
from nova_refactor.analysis.urls import join_path
from nova_refactor.frontends.python.routes import CLOSURE
from nova_refactor.frontends.python.routes_restx import namespaced
from nova_refactor.model import (
    APP_KINDS,
    FileFacts,
    Framework,
    ImportFacts,
    Language,
    MountFacts,
    MountKind,
    Route,
    RouteFacts,
    RouterFacts,
    RouterKind,
)

Ref = tuple[str, str]  # (file, name)


HTTP_VERBS = ("get", "post", "put", "delete", "patch", "head", "options")
DYNAMIC = "<dynamic: "


@dataclass(frozen=True, slots=True)
class _Prefix:
    path: str
    endpoint: str  # Flask blueprint endpoint prefix, e.g. "admin."
    mounted: bool
    conditions: tuple[str, ...] = ()  # of the mounts on the way, outermost first
    unresolved: str = ""


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
    by_path = {f.path: f for f in files if f.language == Language.PYTHON}
    resolver = NameResolver(by_path, table)
    by_path = _Constants(by_path, resolver).folded()
    routers: dict[Ref, RouterFacts] = {
        (f.path, r.var): r for f in by_path.values() for r in f.routers
    }
    same = _Same(by_path.values(), resolver)
    prefixes = _Prefixes(routers, _mounts_by_child(by_path.values(), resolver, same))
    views = _ViewMethods(by_path, resolver)
    inventory = [
        route
        for facts in by_path.values()
        for route in _file_routes(facts, resolver, same, prefixes, views)
    ]
    return tuple(sorted(inventory, key=lambda r: (r.path, r.method, r.file, r.line)))


class _Constants:
    """Prefixes and rules given by name (`prefix=settings.API_V1_STR`, `f"{PREFIX}/x"`) get the
    value of the module-level constant or class default the name resolves to."""

    # a dotted name, maybe through a call without arguments (`get_settings().API_PREFIX`)
    MARKER = re.compile(r"<dynamic: ([A-Za-z_][\w.]*(?:\(\)\.[\w.]+)?)>")

    def __init__(self, files: dict[str, FileFacts], resolver: NameResolver) -> None:
        self.files = files
        self.resolver = resolver
        pairs = [((f.path, name), value) for f in files.values() for name, value in f.constants]
        # a path starts with "/"; the other entries link a name to a call or a class
        self.values = {key: value for key, value in pairs if value.startswith("/")}
        self.links = {key: value for key, value in pairs if not value.startswith("/")}

    def folded(self) -> dict[str, FileFacts]:
        return {path: self._fold_file(facts) for path, facts in self.files.items()}

    def _fold_file(self, facts: FileFacts) -> FileFacts:
        if DYNAMIC not in repr((facts.routers, facts.mounts, facts.routes)):
            return facts
        fold = partial(self.fold, facts.path)
        return replace(
            facts,
            routers=tuple(replace(r, prefix=fold(r.prefix)) for r in facts.routers),
            mounts=tuple(replace(m, prefix=m.prefix and fold(m.prefix)) for m in facts.mounts),
            routes=tuple(replace(r, rule=fold(r.rule)) for r in facts.routes),
        )

    def fold(self, file: str, text: str) -> str:
        return self.MARKER.sub(partial(self._value, file), text) if DYNAMIC in text else text

    def _value(self, file: str, match: re.Match[str]) -> str:
        found = self._lookup(file, match.group(1), hops=0)
        return match.group(0) if found is None else found

    def _lookup(self, file: str, name: str, hops: int) -> str | None:
        """The path `name` stands for in `file`, through the links to another module's class:
        `settings.P` -> `get_settings().P` -> `Settings.P` (the class default)."""
        if hops > 6:  # links chain a few modules, never forever
            return None
        call, through_call, attribute = name.partition("().")
        if through_call:
            where, function = self.resolver.resolve(file, call)
            returned = self.links.get((where, f"{function}()"))
            # no link: `Settings().P` is the class's own default
            return self._lookup(where, f"{returned or function}.{attribute}", hops + 1)
        where, found = self.resolver.resolve(file, name)
        if (where, found) in self.values:
            return self.values[(where, found)]
        head, dot, attribute = found.partition(".")
        link = self.links.get((where, head), "")
        if dot and link.endswith("()"):
            return self._lookup(where, f"{link}.{attribute}", hops + 1)
        return None


class _Same:
    """Names that are one object (`return bp` of `make_bp`, `x = make_bp()`), followed to the
    router they end at."""

    def __init__(self, files: Iterable[FileFacts], resolver: NameResolver) -> None:
        self.links: dict[Ref, Ref] = {}
        for facts in files:
            for mount in facts.mounts:
                if mount.kind == MountKind.SAME:
                    child = resolver.resolve(facts.path, mount.child)
                    self.links[child] = resolver.resolve(facts.path, mount.parent)

    def canonical(self, ref: Ref) -> Ref:
        for _ in range(8):  # a chain of re-bindings, never a cycle forever
            if ref not in self.links:
                break
            ref = self.links[ref]
        return ref


class _ViewMethods:
    """HTTP methods of a view class (flask-restful Resource, MethodView): its get/post/...
    methods, found where the class is defined."""

    def __init__(self, files: dict[str, FileFacts], resolver: NameResolver) -> None:
        self.files = files
        self.resolver = resolver

    def of(self, file: str, view: str) -> tuple[str, ...]:
        where, name = self.resolver.resolve(file, view)
        facts = self.files.get(where)
        if facts is None:
            return ()
        found = {fn.name.rsplit(".", 1)[-1] for fn in facts.functions
                 if fn.name.rsplit(".", 1)[0] == name}
        return tuple(verb.upper() for verb in HTTP_VERBS if verb in found)


def _mounts_by_child(
    files: Iterable[FileFacts], resolver: NameResolver, same: _Same
) -> dict[Ref, list[tuple[Ref, MountFacts]]]:
    """Each mounted router's (parent router, mount) pairs, names resolved across modules."""
    mounts: dict[Ref, list[tuple[Ref, MountFacts]]] = {}
    for facts in files:
        for mount in facts.mounts:
            if mount.kind == MountKind.SAME:
                continue
            child = same.canonical(resolver.resolve(facts.path, mount.child))
            parent = same.canonical(resolver.resolve(facts.path, mount.parent))
            mounts.setdefault(child, []).append((parent, mount))
    return mounts


def _file_routes(
    facts: FileFacts,
    resolver: NameResolver,
    same: _Same,
    prefixes: _Prefixes,
    views: _ViewMethods,
) -> Iterator[Route]:
    module = module_name(facts.path)
    for route in facts.routes:
        ref = same.canonical(resolver.resolve(facts.path, route.router))
        if route.methods_from:
            route = _with_view_methods(route, views.of(facts.path, route.methods_from))
            route = namespaced(route, prefixes.routers.get(ref))
        for prefix in prefixes.of(ref):
            yield from _routes_under(route, prefix, module, facts.path)


def _with_view_methods(route: RouteFacts, methods: tuple[str, ...]) -> RouteFacts:
    """A view-class route gets the class's methods; "*" when the class is not found here."""
    return replace(route, methods=methods or ("*",))


def _routes_under(route: RouteFacts, prefix: _Prefix, module: str, file: str) -> Iterator[Route]:
    """One `Route` per HTTP method of `route`, under one of its router's prefixes."""
    flask = route.framework == Framework.FLASK  # a blueprint's endpoints carry its name
    endpoint = prefix.endpoint + route.endpoint if flask else route.endpoint
    handler = f"{module}.{route.handler}" if module else route.handler
    if route.handler == CLOSURE:  # as the Rust side names one: never the lambda's source
        handler = f"<closure at {PurePosixPath(file).name}:{route.line}>"
    path = join_path(prefix.path, route.rule)
    conditions = tuple(dict.fromkeys((*prefix.conditions, route.condition)))
    for method in route.methods:
        yield Route(
            method=method,
            path=path,
            handler=handler,
            endpoint=endpoint,
            framework=route.framework,
            file=file,
            line=route.line,
            mounted=prefix.mounted,
            condition=" and ".join(c for c in conditions if c),
            unresolved=_unresolved(route, prefix, path, method),
        )


def _unresolved(route: RouteFacts, prefix: _Prefix, path: str, method: str) -> str:
    if prefix.unresolved:
        return prefix.unresolved
    if DYNAMIC in path:
        part = path[path.index(DYNAMIC) :].split(">", 1)[0] + ">"
        return f"path part {part} is not a literal"
    if method == "*":
        return f"view class {route.methods_from} is not defined in the analysed files"
    return ""


class _Prefixes:
    def __init__(
        self, routers: dict[Ref, RouterFacts], mounts: dict[Ref, list[tuple[Ref, MountFacts]]]
    ) -> None:
        self.routers = routers
        self.mounts = mounts

    def of(self, ref: Ref, seen: frozenset[Ref] = frozenset()) -> list[_Prefix]:
        router = self.routers.get(ref)
        if router is not None and router.kind in APP_KINDS:
            return [_Prefix(router.prefix, "", True)]
        parents = [m for m in self.mounts.get(ref, []) if m[0] not in seen]  # `seen`: no cycles
        if router is not None and router.kind == RouterKind.PARAMETER:
            return self._bound(ref, parents, seen)
        if not parents:
            return [_unmounted(ref, router)]
        return [
            prefix
            for parent_ref, mount in parents
            for prefix in self._through(ref, router, parent_ref, mount, seen)
        ]

    def _bound(
        self, ref: Ref, parents: list[tuple[Ref, MountFacts]], seen: frozenset[Ref]
    ) -> list[_Prefix]:
        """A parameter is whatever its callers pass: their prefixes, under their conditions."""
        if not parents:
            function, _, position = ref[1].rpartition(".#")
            reason = (f"hangs on parameter {int(position) + 1} of {function}(), "
                      "and no call in the analysed files passes it a router")
            return [_Prefix("", "", False, (), reason)]
        return [
            replace(prefix, conditions=(*prefix.conditions, mount.condition))
            for parent_ref, mount in parents
            for prefix in self.of(parent_ref, seen | {ref})
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
                (*parent.conditions, mount.condition),
                parent.unresolved,
            )
            for parent in self.of(parent_ref, seen | {ref})
        ]


def _unmounted(ref: Ref, router: RouterFacts | None) -> _Prefix:
    """A router no mount reaches: a known one is simply not mounted; a name we never saw
    defined as a router cannot be placed at all."""
    if router is not None:
        return _Prefix(router.prefix, _blueprint_endpoint(router), False)
    reason = f"router {ref[1]} is not defined in the analysed files"
    return _Prefix("", "", False, (), reason)


def _blueprint_endpoint(router: RouterFacts | None) -> str:
    """`admin.` for a blueprint's endpoints (a flask-restx namespace's name is already in its
    resources' endpoints, unless they chose their own)."""
    if router is None or not router.name or router.kind == RouterKind.RESTX_NAMESPACE:
        return ""
    return f"{router.name}."


def _mount_path(router: RouterFacts | None, mount: MountFacts) -> str:
    """The path a mount adds: Flask's (and flask-restx's `add_namespace`) mount prefix
    replaces, FastAPI's is prepended."""
    own = router.prefix if router else ""
    if router is not None and router.kind in (RouterKind.BLUEPRINT, RouterKind.RESTX_NAMESPACE):
        return mount.prefix if mount.prefix is not None else own
    return (mount.prefix or "") + own
