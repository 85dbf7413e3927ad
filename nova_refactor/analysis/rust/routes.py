"""The route inventory of Rust files: each file's routes under every prefix its router gets
through `.service(..)`, `.configure(..)`, `.nest(..)` and `.merge(..)` mounts, across files.

A mount names its child as written (`health`, `handlers::config`, `api::routes`); it is looked
up in the mounting file, then through that file's `use` imports, then as a module path. A
router nothing mounts is a root (an `App`, or an axum `Router` handed to the server), except
actix attribute-macro handlers, `ServiceConfig` functions and scope builders: those serve
nothing until registered, so their routes are listed as not mounted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from nova_refactor.analysis.rust.modules import MAX_HOPS, RustModules
from nova_refactor.analysis.urls import join_path
from nova_refactor.model import (
    FileFacts,
    Framework,
    ImportKind,
    Language,
    Layer,
    MountFacts,
    Route,
    RouteFacts,
    RouterFacts,
    RouterKind,
)

Ref = tuple[str, str]
NEEDS_MOUNT = (RouterKind.ACTIX_SERVICE, RouterKind.ACTIX_CONFIG, RouterKind.ACTIX_SCOPE,
               RouterKind.AXUM_HELPER, RouterKind.ROUTER_METHOD)


@dataclass(frozen=True, slots=True)
class _Prefix:
    path: str
    middleware: tuple[str, ...]
    mounted: bool
    args: tuple[str, ...] = ()  # the helper call's arguments that mounted the router
    call: tuple[str, int] = ("", 0)  # where that call is (file, line)
    condition: str = ""  # the conditions of the mounts on the way, outermost first
    layers: tuple[Layer, ...] = ()  # the mounts' layer calls, outermost first, files filled in


class _Names:
    def __init__(self, modules: RustModules, routers: dict[Ref, RouterFacts]) -> None:
        self.modules = modules
        self.routers = routers
        # `.api_routes()` names an extension-trait method: found by name, when only one matches
        self.methods: dict[str, list[Ref]] = {}
        for (file, var), router in routers.items():
            if router.kind == RouterKind.ROUTER_METHOD:
                self.methods.setdefault(var, []).append((file, var))

    def resolve(self, file: str, name: str, parent: str = "") -> Ref | None:
        """The router `name` stands for in `file` (mounted by router `parent`), or None."""
        if name.startswith("."):
            found = self.methods.get(name[1:], [])
            return found[0] if len(found) == 1 else None
        for local in _inline_candidates(parent.rpartition("::")[0], name):
            if (file, local) in self.routers:
                return (file, local)
        for full in self._through_imports(file, name):
            if (ref := self._path(file, full)) is not None:
                return ref
        return self._path(file, name)

    def _through_imports(self, file: str, name: str) -> list[str]:
        """The full paths `name` may stand for through the file's `use` items."""
        facts = self.modules.files.get(file)
        head, _, rest = name.partition("::")
        tail = f"::{rest}" if rest else ""
        found = []
        for spec in facts.imports if facts else ():
            if spec.kind == ImportKind.MOD:
                continue
            asnames = spec.asnames or ("",) * len(spec.names)
            found += [f"{spec.module}::{original}{tail}"
                      for original, alias in zip(spec.names, asnames, strict=False)
                      if (alias or original) == head]
            if "*" in spec.names:
                found.append(f"{spec.module}::{name}")
        return found

    def _path(self, file: str, path: str, hops: int = 0) -> Ref | None:
        """Through the module tree, then through `pub use` re-exports of the module reached
        (`handlers::get_feed` with `pub use feed::*;` in `handlers/mod.rs`)."""
        found = self.modules.resolve(file, path)
        if found is None or not found.rest:
            return None
        ref = (found.file, "::".join(found.rest))
        if ref in self.routers:
            return ref
        if len(found.rest) != 1 or hops >= MAX_HOPS:
            return None
        for source in _reexports(self.modules.files.get(found.file), found.rest[0]):
            if (step := self._path(found.file, source, hops + 1)) is not None:
                return step
        return None


def _inline_candidates(module: str, name: str) -> list[str]:
    """What `name`, written inside the inline module `module` (`routes::admin`), may name in the
    same file: `super::users::configure` -> `routes::users::configure`."""
    parts = module.split("::") if module else []
    relative = name.startswith(("self::", "super::"))
    rest = name.split("::")
    while rest and rest[0] in ("self", "super"):
        if rest.pop(0) == "super" and parts:
            parts.pop()
    joined = "::".join(rest)
    found = ["::".join([*parts, joined])] if parts else []
    return found if relative else [*found, joined]


def _reexports(facts: FileFacts | None, name: str) -> list[str]:
    """The paths `pub use` items of a module may bring `name` from: the item re-exported under
    that name first (it shadows globs), then every glob (`pub use feed::*;`)."""
    specs = [spec for spec in (facts.imports if facts else ()) if spec.kind == ImportKind.RE_EXPORT]
    named = [f"{spec.module}::{original}" for spec in specs
             for original in _originals(spec, name)]
    return named or [f"{spec.module}::{name}" for spec in specs if "*" in spec.names]


def _originals(spec, name: str) -> list[str]:
    """The names a `use` item takes that it makes visible as `name` (`a as name`, `name`)."""
    return [original for original, shown in _shown_names(spec)
            if shown == name and original not in ("*", "self")]


def _shown_names(spec) -> list[tuple[str, str]]:
    """(original, visible) name pairs of a `use` item (`a as b` -> ("a", "b"))."""
    aliases = spec.asnames or ("",) * len(spec.names)
    return [(original, alias or original)
            for original, alias in zip(spec.names, aliases, strict=False)]


def rust_route_inventory(files: Iterable[FileFacts], modules: RustModules) -> tuple[Route, ...]:
    rust = [f for f in files if f.language == Language.RUST and not _test_code(f.path)]
    routers = {(f.path, r.var): r for f in rust for r in f.routers}
    graph = _Graph(routers, _mounts_by_child(rust, _Names(modules, routers)),
                   _called_if_asked(rust, routers))
    inventory = [
        route
        for facts in rust
        for decl in facts.routes
        for prefix in _prefixes((facts.path, decl.router), graph, frozenset())
        for route in _declared(facts.path, decl, routers, prefix, modules)
    ]
    return tuple(sorted(inventory, key=lambda r: (r.path, r.method, r.file, r.line)))


def _declared(file: str, decl: RouteFacts, routers: dict[Ref, RouterFacts], prefix: _Prefix,
              modules: RustModules) -> list[Route]:
    """The routes of one declaration under one prefix. A helper's route written with its
    parameters (`self.route(path, get(h))`) is declared by each call of the helper, there
    (`.get_route("/me", me)` gives `/me` and `me`, at the call's file and line)."""
    router = routers.get((file, decl.router))
    if router is None or not router.params or not prefix.args:
        return _routes(file, modules.module_path(file), decl, prefix)
    caller, at = prefix.call
    filled = _filled(decl, dict(zip(router.params, prefix.args, strict=False)))
    if filled is decl:
        return _routes(file, modules.module_path(file), decl, prefix)
    return _routes(caller, modules.module_path(caller), replace(filled, line=at), prefix)


def _filled(decl: RouteFacts, given: dict[str, str]) -> RouteFacts:
    """`decl` with the helper's parameters replaced by one call's arguments; `decl` itself
    when its rule and handler use none of them."""
    if not any(f"<{name}>" in decl.rule or name == decl.handler for name in given):
        return decl

    def fill(match: re.Match[str]) -> str:
        value = given.get(match.group(1))
        if value is None:
            return match.group(0)
        return json.loads(value) if value.startswith('"') else f"<{value}>"

    rule = re.sub(r"<([^<>]*)>", fill, decl.rule)
    handler = given.get(decl.handler, decl.handler)
    if handler.startswith('"'):
        handler = decl.handler  # a string where the helper takes its handler: keep the name
    return replace(decl, rule=rule, handler=handler, endpoint=handler.rpartition("::")[2])


def _test_code(path: str) -> bool:
    """Integration tests and benchmarks build their own apps from the crate's routers: their
    mounts are not the service's (each would list every route once more)."""
    return bool({"tests", "benches"} & set(PurePosixPath(path).parts[:-1]))


def _mounts_by_child(rust: list[FileFacts], names: _Names
                     ) -> dict[Ref, list[tuple[Ref, MountFacts]]]:
    mounts: dict[Ref, list[tuple[Ref, MountFacts]]] = {}
    for facts in rust:
        for mount in facts.mounts:
            child = names.resolve(facts.path, mount.child, mount.parent)
            if child is not None:
                mounts.setdefault(child, []).append(((facts.path, mount.parent), mount))
    return mounts


def _routes(file: str, module: str, decl: RouteFacts, prefix: _Prefix) -> list[Route]:
    # a closure (`<closure at main.rs:568>`) is named by where it is, not by a module
    inline = decl.router.rpartition("::")[0]  # the inline `mod` the route is declared in
    module = "::".join(part for part in (module, inline) if part)
    handler = _qualified(module, decl.handler)
    path = join_path(prefix.path, decl.rule)
    if decl.framework == Framework.ACTIX_WEB and not path.startswith(("/", "<")):
        path = "/" + path  # actix-web inserts the slash a registration leaves out
    unresolved = _unresolved(path)
    return [
        Route(method, path, handler, decl.endpoint, decl.framework, file, decl.line,
              prefix.mounted and not unresolved, prefix.middleware + decl.middleware,
              condition=_both(prefix.condition, decl.condition), unresolved=unresolved,
              layers=prefix.layers + decl.layers)
        for method in decl.methods
    ]


def _both(outer: str, inner: str) -> str:
    return " and ".join(part for part in (outer, inner) if part)


def _unresolved(path: str) -> str:
    """Why a path is not known: the parts the frontend wrote as `<expr>` (no Rust route path
    holds `<`), computed at run time."""
    computed = re.findall(r"<([^<>]*)>", path)
    if not computed:
        return ""
    return "path built at run time from " + ", ".join(f"`{c}`" for c in computed)


def _qualified(module: str, handler: str) -> str:
    """The handler's path from the crate root: a closure (`<closure at main.rs:568>`) is named
    by where it is, a `crate::` path is already absolute, a type's function
    (`HttpResponse::NotFound`) is mostly an imported type's and is kept as written."""
    if handler.startswith("<") or handler[:1].isupper():  # a closure; `HttpResponse::NotFound`
        return handler
    if handler.startswith("crate::"):
        return handler.removeprefix("crate::")
    return f"{module}::{handler}" if module else handler


@dataclass(frozen=True, slots=True)
class _Graph:
    routers: dict[Ref, RouterFacts]
    mounts: dict[Ref, list[tuple[Ref, MountFacts]]]  # by child
    called: frozenset[str]  # names of the functions production code calls

    def serves(self, ref: Ref) -> bool:
        """Whether a router nothing mounts is served: an app or a router handed to a server is;
        a helper, a `configure` function or an attribute handler is not; a function that
        returns a `Router` is when some code calls it (a builder nothing calls is dead)."""
        router = self.routers.get(ref)
        if router is None:
            return True
        if router.kind == RouterKind.AXUM_RETURNED:
            return ref[1].rpartition("::")[2] in self.called
        return router.kind not in NEEDS_MOUNT


def _called_if_asked(rust: list[FileFacts], routers: dict[Ref, RouterFacts]) -> frozenset[str]:
    """What production code calls is asked only of axum routers returned by a function: the
    scan of every call key is skipped for the others (actix services, Nova's)."""
    if any(r.kind == RouterKind.AXUM_RETURNED for r in routers.values()):
        return _called_names(rust)
    return frozenset()


def _called_names(rust: list[FileFacts]) -> frozenset[str]:
    """Function names of the call keys of production code (`fn:f`, `module::f`)."""
    names: set[str] = set()
    for facts in rust:
        for call in facts.calls:
            names.update(key.removeprefix("fn:").rpartition("::")[2] for key in call.callees
                         if not key.startswith("."))
            # and the typed ones (`@Svc::router`, `Svc::helper`): methods called on a known type
            names.update(key.rpartition("::")[2] for key in call.typed if "::" in key)
    return frozenset(names)


def _prefixes(ref: Ref, graph: _Graph, seen: frozenset[Ref]) -> list[_Prefix]:
    parents = [m for m in graph.mounts.get(ref, []) if m[0] not in seen]  # `seen`: no cycles
    if not parents:
        return [_Prefix("", (), graph.serves(ref))]
    return [
        # a mount without a prefix (`.configure(f)`) adds none: `join_path` would make "" a
        # "/", and a rule not led by "/" (`routes::ADMIN`) would read differently mounted
        _Prefix(join_path(outer.path, mount.prefix) if mount.prefix else outer.path,
                outer.middleware + mount.middleware,
                outer.mounted, mount.args, (parent[0], mount.line),
                _both(outer.condition, mount.condition), outer.layers + mount.layers)
        for parent, mount in parents
        for outer in _prefixes(parent, graph, seen | {ref})
    ]
