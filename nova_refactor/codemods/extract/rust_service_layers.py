"""The middleware and state calls around the routes a service takes, from the route facts.

The Rust route frontend records, for each route, the builder calls in force around it (`Layer`:
actix `wrap`/`wrap_fn`/`app_data` of the App and of every enclosing scope, axum
`layer`/`route_layer`/`with_state` of the routers it is nested or merged in), outermost first,
through `configure(..)` functions, let-bound apps and routers built in other functions, with
where each argument is written. The service serves its routes from one App or router, so it
takes the calls around every owned route; middleware around only some is named in the plan.

The binary repeats a call with the statements it reads (rust_service_state), so each call's
node is found again: in `main` as rust_service_inline reads it (split-entrypoint's `configure`
and `init` bodies inlined there, line for line), else in the function of its own file that
writes it (a `configure(cfg)` function, a router builder), whose statements are sliced instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tree_sitter import Node

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.frontends.rust.chains import arguments
from nova_refactor.frontends.rust.route_parts import one_line
from nova_refactor.frontends.rust.syntax import parse, text, walk
from nova_refactor.model import Layer

MIDDLEWARE = frozenset({"wrap", "wrap_fn", "layer", "route_layer"})
STATE = frozenset({"app_data", "with_state"})  # what a binary registers (`.data(..)`: deprecated)
Found = dict[str, tuple[Layer, ...] | None]  # owned route's path -> its layers; None: not served


def owned_layers(root: Path, owned: list[tuple[str, str]]) -> Found:
    """The layers around each owned (method, path), from the route inventory of the monolith's
    own files (`src/`; a service crate already extracted serves the same paths itself)."""
    result = analyze([root], Options(use_cache=False, jobs=1))
    inventory: dict[tuple[str, str], tuple[Layer, ...]] = {}
    for route in result.routes:
        if route.mounted and PurePosixPath(route.file).parts[:1] == ("src",):
            inventory.setdefault((route.method, route.path), route.layers)
    return {path: inventory.get((method, path), inventory.get(("*", path)))
            for method, path in owned}


def around(found: Found, notes: list[str], grouped: bool = False) -> list[Layer]:
    """The layers around every owned route, outermost first; the rest goes to `notes`
    (`grouped`: the middleware around some only is applied per group, see `groups`)."""
    notes += [f"route {path}: not found in the route inventory of the monolith's src/; its "
              "middleware is not known" for path, layers in found.items() if layers is None]
    served = [(path, layers) for path, layers in found.items() if layers is not None]
    if not served:
        return []
    common = [m for m in served[0][1] if all(m in others for _, others in served[1:])]
    if not grouped:
        notes += _partial(served, common)
    return common


Group = tuple[list[str], list[Layer]]  # owned paths, the middleware only they get (outermost first)


def groups(found: Found, common: list[Layer], notes: list[str]) -> list[Group]:
    """axum: the owned paths by the middleware around them beyond `common`; a router per
    group takes its own layers before the groups are merged. A layer is applied so only when
    it is inside every common one around its routes (a merged group's layers run inside the
    app's); else it is named."""
    found_groups: dict[tuple[Layer, ...], list[str]] = {}
    for path, layers in found.items():
        if layers is not None:
            found_groups.setdefault(_own(path, layers, common, notes), []).append(path)
    return [(paths, list(key)) for key, paths in found_groups.items()]


def _own(path: str, layers: tuple[Layer, ...], common: list[Layer],
         notes: list[str]) -> tuple[Layer, ...]:
    """The middleware around one route beyond `common`, inside the innermost common one."""
    own = [(i, m) for i, m in enumerate(layers) if m.call in MIDDLEWARE and m not in common]
    inner = _innermost(layers, common)
    notes += [f"middleware not carried: .{m.call}(..) ({m.file}:{m.line}) wraps {path} "
              "outside middleware the other routes get" for i, m in own if i < inner]
    return tuple(m for i, m in own if i > inner)


def _innermost(layers: tuple[Layer, ...], common: list[Layer]) -> int:
    """The index of the innermost common middleware around a route, -1 when none."""
    return max((i for i, m in enumerate(layers) if m in common and m.call in MIDDLEWARE),
               default=-1)


def _partial(served: list[tuple[str, tuple[Layer, ...]]], common: list[Layer]) -> list[str]:
    """Middleware around some owned routes only: the one App or router cannot apply it."""
    some = {m: path for path, layers in served for m in layers
            if m not in common and m.call in MIDDLEWARE}
    return [f"middleware not carried: .{m.call}(..) ({m.file}:{m.line}) wraps {path} "
            "but not every route the service owns" for m, path in some.items()]


Where = Callable[[Node], str]


@dataclass(frozen=True, slots=True)
class Site:
    """Where a layer's argument is found again: the tree it is read in and how to name a line."""

    root: Node  # the file's tree (main.rs as rust_service_inline reads it, or another file)
    where: Where
    imports: dict[str, str] | None  # None: main.rs's (the scope's own); else the file's


class Sites:
    """Finds each layer's argument node: in main as read, else in its own file."""

    def __init__(self, root: Path, main: Site, origin: list[tuple[str, int]],
                 imports: Callable[[Node, list[str]], dict[str, str]]) -> None:
        self.root = root
        self.main = main
        self.origin = origin
        self.file_imports = imports  # (tree, module path) -> the names a file binds
        self.files: dict[str, Site] = {}

    def find(self, layer: Layer) -> tuple[Site, Node] | None:
        rows = {i for i, at in enumerate(self.origin) if at == (layer.file, layer.line)}
        for node in walk(self.main.root):
            if node.start_point[0] in rows and _is_argument(node, layer):
                return self.main, node
        site = self._file(layer.file)
        if site is None:
            return None
        spanned = site.root.descendant_for_point_range(
            (layer.line - 1, layer.column), (layer.end_line - 1, layer.end_column))
        return (site, spanned) if spanned is not None and _is_argument(spanned, layer) else None

    def _file(self, file: str) -> Site | None:
        if file not in self.files:
            path = self.root / file
            if not path.is_file():
                return None
            tree = parse(path.read_bytes()).root_node
            self.files[file] = Site(tree, lambda node: f"{file}:{node.start_point[0] + 1}",
                                    self.file_imports(tree, module_of(file)))
        return self.files[file]


def call_of(argument: Node) -> Node:
    """The `.call(argument)` expression an argument `_is_argument` accepted is given to."""
    args = argument.parent
    call = args.parent if args is not None else None
    assert call is not None  # noqa: S101  # `_is_argument` saw both
    return call


def _is_argument(node: Node, layer: Layer) -> bool:
    """`node` is the first argument of a `.call(..)` that the layer records."""
    args = node.parent
    call = args.parent if args is not None and args.type == "arguments" else None
    function = call.child_by_field_name("function") if call is not None else None
    name = function.child_by_field_name("field") if function is not None else None
    return (name is not None and text(name) == layer.call and call is not None
            and arguments(call)[:1] == (node,) and one_line(text(node)) == layer.code)


def module_of(file: str) -> list[str]:
    """`src/routes.rs` -> [routes]; `src/api/mod.rs` -> [api]; `src/main.rs` -> []."""
    parts = list(PurePosixPath(file).with_suffix("").parts[1:])
    if parts and parts[-1] in ("mod", "main", "lib"):
        parts.pop()
    return parts


def enclosing_function(node: Node) -> Node | None:
    parent = node.parent
    while parent is not None and parent.type != "function_item":
        parent = parent.parent
    return parent
