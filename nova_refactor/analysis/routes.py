"""The project's route inventory: routes joined with every prefix of the routers they hang on.

Routers are identified by (file, name); names used in another module are followed through
that module's imports. Flask's `register_blueprint(url_prefix=..)` replaces the blueprint's own
prefix, FastAPI's `include_router(prefix=..)` is prepended to the router's own prefix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nova_refactor.analysis.modules import ModuleTable, module_name
from nova_refactor.model import FileFacts, MountFacts, Route, RouterFacts

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

    def resolve(self, file: str, name: str, depth: int = 0) -> Ref:
        facts = self.files.get(file)
        head, _, rest = name.partition(".")
        if facts is None or depth > 8:
            return (file, name)
        for spec in facts.imports:
            base = self.table.absolute(file, spec)
            if not spec.names:  # `import a.b [as c]`, used as `a.b.name` or `c.name`
                used = spec.alias or spec.module
                if name.startswith(used + ".") and (target := self.table.find(base)):
                    return self.resolve(target, name[len(used) + 1 :], depth + 1)
                continue
            for original, alias in zip(spec.names, spec.asnames or ("",) * len(spec.names)):
                if (alias or original) != head:
                    continue
                submodule = self.table.find(f"{base}.{original}")  # `from pkg import module`
                if submodule and rest:
                    return self.resolve(submodule, rest, depth + 1)
                if target := self.table.find(base):
                    return self.resolve(target, original + (f".{rest}" if rest else ""), depth + 1)
        return (file, name)


def route_inventory(files: Iterable[FileFacts], table: ModuleTable) -> tuple[Route, ...]:
    by_path = {f.path: f for f in files}
    resolver = NameResolver(by_path, table)
    routers: dict[Ref, RouterFacts] = {
        (f.path, r.var): r for f in by_path.values() for r in f.routers
    }
    mounts: dict[Ref, list[tuple[Ref, MountFacts]]] = {}
    for facts in by_path.values():
        for mount in facts.mounts:
            child = resolver.resolve(facts.path, mount.child)
            mounts.setdefault(child, []).append((resolver.resolve(facts.path, mount.parent), mount))
    prefixes = _Prefixes(routers, mounts)
    inventory = []
    for facts in by_path.values():
        module = module_name(facts.path)
        for route in facts.routes:
            ref = resolver.resolve(facts.path, route.router)
            for prefix in prefixes.of(ref):
                endpoint = route.endpoint if route.framework != "flask" else prefix.endpoint + route.endpoint
                for method in route.methods:
                    inventory.append(
                        Route(
                            method=method,
                            path=join_path(prefix.path, route.rule),
                            handler=f"{module}.{route.handler}" if module else route.handler,
                            endpoint=endpoint,
                            framework=route.framework,
                            file=facts.path,
                            line=route.line,
                            mounted=prefix.mounted,
                        )
                    )
    return tuple(sorted(inventory, key=lambda r: (r.path, r.method, r.file, r.line)))


class _Prefixes:
    def __init__(
        self, routers: dict[Ref, RouterFacts], mounts: dict[Ref, list[tuple[Ref, MountFacts]]]
    ) -> None:
        self.routers = routers
        self.mounts = mounts

    def of(self, ref: Ref, seen: frozenset[Ref] = frozenset()) -> list[_Prefix]:
        router = self.routers.get(ref)
        own = router.prefix if router else ""
        if router is not None and router.kind in ROOT_KINDS:
            return [_Prefix(own, "", True)]
        blueprint = f"{router.name}." if router and router.name else ""
        parents = [m for m in self.mounts.get(ref, []) if m[0] not in seen]
        if not parents:
            return [_Prefix(own, blueprint, router is None)]
        found = []
        for parent_ref, mount in parents:
            name = f"{mount.name}." if mount.name else blueprint
            for parent in self.of(parent_ref, seen | {ref}):
                if router is not None and router.kind == "blueprint":
                    here = mount.prefix if mount.prefix is not None else own
                else:
                    here = (mount.prefix or "") + own
                found.append(
                    _Prefix(join_path(parent.path, here) if here else parent.path,
                            parent.endpoint + name, parent.mounted)
                )
        return found
