"""What must not change when a split is written: routes, importable names, no import cycle.

`snapshot` is taken before writing and again after; `compare` names every difference. Uses the
analysis layer for the route inventory and `ast` for names and imports (read-only, fast).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import networkx as nx

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.model import Route

RouteKey = tuple[str, str, str, str, bool]


@dataclass(frozen=True, slots=True)
class Snapshot:
    routes: tuple[RouteKey, ...]  # sorted; the handler without its module (it moves on purpose)
    names: frozenset[str]  # names importable from the entrypoint
    diagnostics: tuple[str, ...]


def route_key(route: Route, homes: Iterable[str] = ()) -> RouteKey:
    """What identifies a route across a split. Not its framework: a split never rewrites a
    decorator, and the Python frontend can only guess the framework of a router imported
    from another module (`@router.get` in a route module reads "flask" there)."""
    return (route.method, _unqualified(route.path, homes), route.handler.rpartition(".")[2],
            route.endpoint, route.mounted)


def _unqualified(path: str, homes: Iterable[str]) -> str:
    """A prefix computed at import time (`APIRouter(prefix=config.root)`) reads a rebound
    name through its home after a split (`app_state.config.root`): the same value."""
    stems = "|".join(re.escape(PurePosixPath(h).stem) for h in homes)
    if not stems or "<dynamic: " not in path:
        return path
    return re.sub(rf"(?<![\w.])(?:{stems})\.", "", path)


def snapshot(root: Path, entry: str, homes: Iterable[str]) -> Snapshot:
    homes = list(homes)
    result = analyze([root], Options(use_cache=False, jobs=1))
    names: set[str] = set()
    for path in [entry, *homes]:
        target = root / path
        if target.is_file():
            names |= bound_names(ast.parse(target.read_bytes()))
    touched = {entry, *homes}
    diagnostics = tuple(d.render() for d in result.diagnostics if d.path in touched)
    return Snapshot(tuple(sorted(route_key(r, homes) for r in result.routes)), frozenset(names),
                    diagnostics)


def bound_names(tree: ast.Module) -> set[str]:
    """Module-level names a module binds (through if/try/with/for, not inside defs)."""
    names: set[str] = set()
    for stmt in tree.body:
        names |= set(_bound(stmt))
    return names


def _bound(stmt: ast.stmt) -> Iterator[str]:
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        yield stmt.name
    elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
        yield from ((a.asname or a.name).split(".")[0] for a in stmt.names if a.name != "*")
    elif isinstance(stmt, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
        yield from _nested(stmt)
    else:
        yield from _targets(stmt)


def _nested(stmt: ast.stmt) -> Iterator[str]:
    for child in ast.iter_child_nodes(stmt):
        inner = child.body if isinstance(child, ast.ExceptHandler) else [child]
        for node in inner:
            if isinstance(node, ast.stmt):
                yield from _bound(node)
    yield from _targets(stmt)


def _targets(stmt: ast.stmt) -> Iterator[str]:
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            yield node.id
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return


def compare(before: Snapshot, after: Snapshot) -> list[str]:
    problems = []
    lost = sorted(set(before.routes) - set(after.routes))
    gained = sorted(set(after.routes) - set(before.routes))
    for label, routes in (("lost", lost), ("new", gained)):
        for method, path, handler, endpoint, *_ in routes[:5]:
            problems.append(f"route {label}: {method} {path} -> {handler} ({endpoint})")
    if len(before.routes) != len(after.routes) and not (lost or gained):
        problems.append(f"route count changed: {len(before.routes)} -> {len(after.routes)}")
    missing = sorted(before.names - after.names)
    if missing:
        problems.append("no longer importable from the entrypoint: " + ", ".join(missing[:12]))
    problems += [f"does not parse: {d}" for d in after.diagnostics if d not in before.diagnostics]
    return problems


def import_cycles(root: Path, modules: dict[str, str], package: str = "") -> list[str]:
    """Cycles among `modules` (dotted module name -> path) through their imports, resolved
    against `package` (the dotted package the modules live in, "" for top level)."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    for name, path in modules.items():
        target = root / path
        if not target.is_file():
            continue
        graph.add_node(name)
        for imported in _imported(ast.parse(target.read_bytes()), package,
                                  _submodule_finder(root, modules)):
            if imported in modules and imported != name:
                graph.add_edge(name, imported)
    return [" -> ".join([*cycle, cycle[0]]) for cycle in nx.simple_cycles(graph)]


def _submodule_finder(root: Path, modules: dict[str, str]) -> Callable[[str, str], bool]:
    """Whether `package.name` is a submodule file of one of `modules` that is a package."""
    folders = {n: (root / p).parent for n, p in modules.items() if p.endswith("__init__.py")}

    def is_submodule(package: str, name: str) -> bool:
        folder = folders.get(package)
        return folder is not None and (
            (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file())

    return is_submodule


def _imported(tree: ast.Module, package: str,
              is_submodule: Callable[[str, str], bool] = lambda p, n: False) -> Iterator[str]:
    """Dotted names each import may load: `from a import b` may load `a` and `a.b`. A package
    partly initialised still hands out its submodules (`from pkg import html_tools` inside a
    module `pkg/__init__.py` imports), so importing only submodules is no edge to `a`."""
    for node in _import_time_nodes(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            if not all(is_submodule(base, a.name) for a in node.names):
                yield base
            yield from (f"{base}.{a.name}" if base else a.name for a in node.names)


def _import_time_nodes(tree: ast.Module) -> Iterator[ast.AST]:
    """Every node that runs when the module is imported: not the bodies of functions, whose
    imports run when they are called (an app factory importing its route modules)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".") if package else []
    parts = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
    return ".".join([*parts, *([node.module] if node.module else [])])
