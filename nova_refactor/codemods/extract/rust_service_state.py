"""The state and middleware of a service's binary, taken from the monolith's `main`.

The handlers a service owns extract state (`web::Data<T>` on actix-web, `State<S>` on axum)
that the monolith's `main` builds and registers (`App::new().app_data(..)`,
`Router::with_state(..)`), and run under the middleware wrapped around them (`.wrap(..)` on the
App or an enclosing scope, `.layer(..)` on an enclosing router). The binary repeats each such
registration and middleware (which ones surround the owned routes: the route facts, see
rust_service_layers) with the backward slice of the statements it reads, in `main` or in the
function that writes it (a `configure(cfg)` function, a router builder; def-use through
shadowing, and the statements that mutate a `mut` binding of the slice), when every
name they read resolves from the new crate (rust_service_names). A registration the handlers
need that cannot be repeated blocks the binary (it says which line, and stops at start); one
they do not need, and middleware that cannot be carried, are named in the plan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tree_sitter import Node

from nova_refactor.codemods.extract import rust_service_layers as layers
from nova_refactor.codemods.extract.rust_service_names import Reading, Scope, read
from nova_refactor.codemods.rust.statements import Stmt, main_function, statements
from nova_refactor.frontends.rust.chains import arguments, callee, unwind
from nova_refactor.frontends.rust.syntax import line, text, walk
from nova_refactor.model import Layer

ENTRYPOINT = "src/main.rs"
Where = Callable[[Node], str]  # file:line where a node of the slice is written
# `web::Data<T>`, `web::Data<Arc<T>>`: T
_DATA = re.compile(r"\bData<\s*(?:(?:Arc|Rc|Box|Mutex|RwLock)<\s*)*([\w:]+)")
# constructors that wrap the value a registration provides: `Arc::new(UserService::new(..))`
_WRAPPERS = frozenset({"Arc", "Rc", "Box", "Mutex", "RwLock", "RefCell", "Cell", "Some", "Ok",
                       "Data"})


@dataclass
class Wiring:
    """What the binary repeats of the monolith's `main`, and what it could not."""

    uses: list[str] = field(default_factory=list)  # `use ..;` lines, as the new crate writes them
    setup: str = ""  # main's statements that build them, in order, indented for a fn body
    # the statements of the other functions they read (a `configure(cfg)` function runs once
    # per App the server builds: an actix binary runs them in its App factory, as it did)
    factory_setup: str = ""
    registrations: list[str] = field(default_factory=list)  # `.app_data(..)` / `.with_state(..)`
    layers: list[str] = field(default_factory=list)  # `.wrap(..)` / `.layer(..)`, innermost first
    # axum, when middleware wraps some owned routes only: (paths, their own `.layer(..)`s,
    # innermost first) per group of routes, each group a router of routes.rs
    groups: list[tuple[list[str], list[str]]] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # what the handlers need and cannot have
    # refused registrations of a value whose type is not read: (binding, shown, what to move)
    untyped: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what is left out, and why
    carried: list[str] = field(default_factory=list)  # what is repeated, for the plan
    returns: str = "std::io::Result<()>"
    crates: list[str] = field(default_factory=list)  # external crates it names (its manifest)


@dataclass
class Item:
    """A call of main's App or router chain the binary may repeat."""

    call: str  # app_data, wrap, layer, route_layer, with_state
    node: Node  # the call expression `.m(arg)`
    main: Main  # the function whose statements it reads (main, or a configure function)
    provides: str = ""  # what it registers: the `T` of `web::Data<T>`, axum's state
    group: int = -1  # the group of owned routes it wraps (axum); -1: every owned route

    @property
    def where(self) -> Where:  # file:line of what it reads
        return self.main.where

    @property
    def argument(self) -> Node:
        return arguments(self.node)[0]

    def show(self) -> str:
        function = self.node.child_by_field_name("function")
        name = function.child_by_field_name("field") if function is not None else None
        return f".{self.call}({_short(text(self.argument))}) " \
            f"({self.where(name if name is not None else self.node)})"


def at_line(node: Node) -> str:
    """Where a node of src/main.rs is written (a `Where` of main.rs as it is on disk)."""
    return f"{ENTRYPOINT}:{line(node)}"


class Main:
    """The monolith's `fn main` (or `function`, another one that writes a layer: a
    `configure(cfg)` function, a router builder): its statements with def-use."""

    def __init__(self, root: Node, where: Where = at_line, function: Node | None = None,
                 imports: dict[str, str] | None = None) -> None:
        self.where = where
        self.root = root
        main = function if function is not None else main_function(root)
        self.source = root.text or b""  # the whole file: statements are sliced by byte
        self.node = main
        self.stmts = statements(main, {}) if main is not None else []
        self.imports = imports  # the names its file binds; None: main.rs's (the scope's)

    def container(self, node: Node) -> Stmt | None:
        return next((s for s in self.stmts
                     if s.node.start_byte <= node.start_byte < s.node.end_byte), None)

    def returns(self) -> Node | None:
        return self.node.child_by_field_name("return_type") if self.node is not None else None


def wire(main: Main, scope: Scope, needed: set[str], framework: str, found: layers.Found,
         sites: layers.Sites) -> Wiring:
    """`needed`: the state types the handlers extract; `found`: the layers around each owned
    route (the route facts), `sites` finds their nodes again."""
    wiring = Wiring()
    if all(around is None for around in found.values()):
        wiring.blocked += [f"{t}: {ENTRYPOINT} builds no {_what(framework)} this reads"
                           for t in sorted(needed)]
        return wiring
    # the calls around every owned route: a scope's `.app_data(..)` registers for all of them
    axum = framework != "actix_web"
    common = layers.around(found, wiring.notes, grouped=axum)
    items = _located(common, main, sites, wiring)
    registered = _registrations(main, [i for i in items if i.call in layers.STATE],
                                framework, needed)
    # outermost first in the facts; the binary wraps the innermost first
    wrapped = [i for i in reversed(items) if i.call in layers.MIDDLEWARE]
    if axum:
        wrapped += _grouped(layers.groups(found, common, wiring.notes), main, sites, wiring)
    _carry(main, scope, registered, wrapped, needed, wiring)
    return wiring


def _grouped(groups: list[layers.Group], main: Main, sites: layers.Sites,
             wiring: Wiring) -> list[Item]:
    """The items of each group's own middleware, innermost first; none when one group holds
    every owned route (nothing but the common middleware)."""
    if len(groups) < 2:
        return []
    items = []
    for index, (paths, own) in enumerate(groups):
        wiring.groups.append((paths, []))
        for item in reversed(_located(own, main, sites, wiring)):
            item.group = index
            items.append(item)
    return items


def _located(common: list[Layer], main: Main, sites: layers.Sites,
             wiring: Wiring) -> list[Item]:
    """Each layer's call node, with the function whose statements it reads."""
    functions: dict[tuple[int, int], Main] = {}
    items = []
    for layer in common:
        found = sites.find(layer)
        if found is None:
            wiring.notes.append(f"not carried: .{layer.call}({_short(layer.code)}) "
                                f"({layer.file}:{layer.line}) is not found there again")
            continue
        site, node = found
        function = layers.enclosing_function(node)
        inside = site is sites.main and function is not None and function == main.node
        if not inside and function is not None:
            key = (id(site), function.start_byte)
            functions.setdefault(key, Main(site.root, site.where, function, site.imports))
        owner = main if inside or function is None else functions[key]
        items.append(Item(layer.call, layers.call_of(node), owner))
    return items


def _what(framework: str) -> str:
    return "App::new() chain" if framework == "actix_web" else "Router::with_state(..)"


def _registrations(main: Main, states: list[Item], framework: str, needed: set[str]
                   ) -> list[Item]:
    if framework != "actix_web":  # the innermost `.with_state(..)` gives the handlers theirs
        with_state = [i for i in states if i.call == "with_state"][-1:]
        for item in with_state:
            item.provides = next(iter(needed), "")
        return with_state if needed else []
    items = _written_order([i for i in states if i.call == "app_data"])
    for item in items:
        item.provides = _provided(item.main, item.argument)
    return items


def _written_order(items: list[Item]) -> list[Item]:
    """Registrations outer builder first, each builder's in the order written (the facts list
    a builder's calls last first): a later `app_data` of a type replaces an earlier one, an
    inner scope's is found first, as in the monolith."""
    runs: list[list[Item]] = []
    for item in items:
        if runs and _before(item, runs[-1][-1]):
            runs[-1].append(item)
        else:
            runs.append([item])
    return [item for run in runs for item in reversed(run)]


def _before(item: Item, other: Item) -> bool:
    return item.main is other.main and item.argument.start_byte < other.argument.start_byte


def _carry(main: Main, scope: Scope, registered: list[Item], wrapped: list[Item],
           needed: set[str], wiring: Wiring) -> None:
    slices: dict[int, tuple[Main, set[int]]] = {id(main): (main, set())}  # main's first
    readings = Reading()
    provided: set[str] = set()
    for item in [*registered, *wrapped]:
        with _imports_of(scope, item.main):
            taken, reading = _reads(item.main, scope, item.argument)
        if reading.blockers:
            _refused(item, reading, needed, wiring)
            continue
        slices.setdefault(id(item.main), (item.main, set()))[1].update(taken)
        readings.uses.update(reading.uses)
        registers = item.call in ("app_data", "with_state")
        if registers:
            provided.add(item.provides)
        target = wiring.registrations if registers else wiring.layers
        target = wiring.groups[item.group][1] if item.group >= 0 else target
        target.append(f".{item.call}({text(item.argument)})")
        wiring.carried.append(item.show() + _only(item, wiring))
    refused = {b.partition(":")[0] for b in wiring.blocked}
    _unmatched(sorted(needed - provided - refused), registered, provided, wiring)
    _finish(main, scope, list(slices.values()), readings, wiring)


def _only(item: Item, wiring: Wiring) -> str:
    """`, around /a, /b only` for a group's middleware."""
    return f", around {', '.join(wiring.groups[item.group][0])} only" if item.group >= 0 else ""


@contextmanager
def _imports_of(scope: Scope, function: Main) -> Iterator[None]:
    """The scope reads names as the function's own file binds them."""
    saved = scope.imports
    scope.imports = function.imports if function.imports is not None else saved
    try:
        yield
    finally:
        scope.imports = saved


def _unmatched(types: list[str], registered: list[Item], provided: set[str],
               wiring: Wiring) -> None:
    """Needed types no registration was seen to provide. A registration of a value whose
    type is not read (`let pool = create_pool(..)`) may be one: carried, it is assumed to be
    (and said) when none such was refused, or when a carried one's binding shares a word with
    the type and no refused one's does (Nova: Config, `server_config`); else the type blocks."""
    carried = _carried_untyped(registered, wiring)
    for name in types:
        like = _like(name, carried)
        if carried and not wiring.untyped:
            wiring.notes.append(f"{name}: no registration of main is seen to build it; "
                                "assumed among those of a type not read here")
        elif like and not _like(name, [(b, s) for b, s, _ in wiring.untyped]):
            wiring.notes.append(f"{name}: assumed to be {like[0]}, a registration of a type "
                                "not read here, by its name")
        else:
            wiring.blocked.append(f"{name}: {ENTRYPOINT} registers no value of it that the "
                                  "service can build" + _named_like(name, wiring.untyped))


def _carried_untyped(registered: list[Item], wiring: Wiring) -> list[tuple[str, str]]:
    """(binding, shown) of the carried registrations whose type is not read."""
    return [(_binding(i.argument), i.show()) for i in registered
            if i.call == "app_data" and not i.provides and i.show() in wiring.carried]


def _words(name: str) -> set[str]:
    """`PgPool` -> {pg, pool}, `JWKSCache` -> {jwks, cache}, `db_pool` -> {db, pool}."""
    return {w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z]+|[a-z]+", name)}


def _like(type_name: str, bindings: list[tuple[str, str]]) -> list[str]:
    """The registrations (shown) whose binding shares a word with the type's name."""
    return [shown for binding, shown in bindings if _words(type_name) & _words(binding)]


def _named_like(type_name: str, untyped: list[tuple[str, str, str]]) -> str:
    """The refused registrations of a type not read named like the type (PgPool, `db_pool`):
    probably the one, said so with what to move for it."""
    return "".join(f"; by its name maybe {shown}: to build it, {move}"
                   for binding, shown, move in untyped if _like(type_name, [(binding, shown)]))


def _refused(item: Item, reading: Reading, needed: set[str], wiring: Wiring) -> None:
    reasons = list(dict.fromkeys(reading.blockers))
    why = "; ".join(reasons[:3]) + (f"; and {len(reasons) - 3} more" if len(reasons) > 3
                                     else "")
    if item.provides and item.provides in needed:
        wiring.blocked.append(f"{item.provides}: {item.show()} needs {why}")
        wiring.notes.append(f"to build {item.provides} ({item.show()}): {to_move(reasons)}")
    elif item.call in ("app_data", "with_state"):
        wiring.notes.append(f"not registered: {item.show()} needs {why}")
        if not item.provides:
            wiring.untyped.append((_binding(item.argument), item.show(), to_move(reasons)))
    else:
        wiring.notes.append(f"middleware not carried: {item.show()} needs {why}")


# a reason naming a monolith item: `Config = crate::config::Config (src/config/mod.rs, in the
# monolith)` or `crate::db::create_pool (src/db/mod.rs, in the monolith)`
_MONOLITH = re.compile(r"(?:(\w+) = )?crate::([\w:]+) \(([^(),]+\.rs), in the monolith\)")
_OWN = re.compile(r"(\w+!?) \(an item of main\.rs or not imported there\)")


def to_move(reasons: list[str]) -> str:
    """Every monolith file the slice reads, with the names it takes from each: what the
    proposal must add to the shared library (then extract-common) for the binary to build
    the state; and what main.rs defines itself, to write in the bin."""
    files: dict[str, list[str]] = {}
    own: list[str] = []
    for reason in reasons:
        for name, path, file in _MONOLITH.findall(reason):
            files.setdefault(file, []).append(name or path.rpartition("::")[2])
        own += _OWN.findall(reason)
    moved = ", ".join(f"{file} ({', '.join(dict.fromkeys(names))})"
                      for file, names in sorted(files.items()))
    parts = [f"move to the shared library {moved}"] if moved else []
    if own:
        parts.append(f"write in the bin what main.rs has itself: {', '.join(dict.fromkeys(own))}")
    return "; ".join(parts) or "nothing of the monolith is read"


def _finish(main: Main, scope: Scope, slices: list[tuple[Main, set[int]]], readings: Reading,
            wiring: Wiring) -> None:
    returns = main.returns()
    if returns is not None:
        read(scope, returns, set(), readings)
        wiring.returns = text(returns)
    wiring.uses = sorted(set(readings.uses.values()))
    wiring.setup, wiring.factory_setup = ("".join(
        _indented(function, function.stmts[i]) for function, taken in part
        for i in sorted(taken)) for part in (slices[:1], slices[1:]))
    if wiring.blocked:  # the binary stops at start: it repeats nothing
        wiring.registrations, wiring.layers, wiring.uses, wiring.groups = [], [], [], []
        wiring.setup = wiring.factory_setup = ""
        wiring.carried = []


def _reads(main: Main, scope: Scope, node: Node) -> tuple[set[int], Reading]:
    """The statements `node` needs (a backward slice of main) and what they all read."""
    container = main.container(node)
    reading = Reading()
    if container is None:
        return set(), reading
    names = {text(n) for n in walk(node) if n.type in ("identifier",
                                                       "shorthand_field_identifier")}
    seeds = {container.reaching[n] for n in names if n in container.reaching}
    taken = _closure(main.stmts, seeds, container.index)
    defined: set[str] = set()
    for index in sorted(taken):
        stmt = main.stmts[index]
        own = Reading()
        read(scope, stmt.node, defined, own)
        reading.uses.update(own.uses)
        binding = f"let {', '.join(stmt.defines)}" if stmt.defines else "a statement"
        reading.blockers += [f"{main.where(stmt.node)} ({binding}) reads {why}"
                             for why in own.blockers]
        defined |= set(stmt.defines)
    read(scope, node, defined, reading)
    return taken, reading


def _closure(stmts: list[Stmt], seeds: set[int], before: int) -> set[int]:
    """The statements the seeds read, transitively, and those that mutate one of their `mut`
    bindings (`cors = cors.allowed_origin(..)`, `list.push(..)`) before `before`."""
    taken: set[int] = set()
    todo = list(seeds)
    while todo:
        _reach(stmts, todo, taken)
        mutable = {n for i in taken for n in _mutable(stmts[i])}
        todo = [s.index for s in stmts[:before] if s.index not in taken and not s.defines
                and s.uses & mutable and not s.returns]
    return taken


def _mutable(stmt: Stmt) -> set[str]:
    """Names bound `mut`: `let (mut a, b)` (a mut pattern) and `let mut a`."""
    whole = any(c.type == "mutable_specifier" for c in stmt.node.children)
    return set(stmt.mutable) | (set(stmt.defines) if whole else set())


def _reach(stmts: list[Stmt], todo: list[int], taken: set[int]) -> None:
    while todo:
        index = todo.pop()
        if index not in taken:
            taken.add(index)
            todo += stmts[index].reaching.values()


def _indented(main: Main, stmt: Stmt) -> str:
    raw = main.source[stmt.lead:stmt.node.end_byte].decode("utf-8")
    column = stmt.node.start_point[1]
    lines = raw.splitlines()
    body = [lines[0], *(ln[column:] if ln[:column].strip() == "" else ln for ln in lines[1:])]
    return "".join(f"    {ln}\n" if ln.strip() else "\n" for ln in body)


def _provided(main: Main, argument: Node) -> str:
    """The `T` a `web::Data::new(x)` / `web::Data::from(x)` registers: the type whose
    constructor builds `x` (or the binding `x` names); "" for other app data (PathConfig)."""
    if not re.search(r"(?:^|::)Data::(?:new|from)$", callee(argument)):
        return _bound_data(main, argument)
    value = arguments(argument)[0] if arguments(argument) else None
    if value is None:
        return ""
    root = unwind(value)[0]
    container = main.container(argument)
    if root.type == "identifier" and container is not None and \
            text(root) in container.reaching:
        return _constructed(main.stmts[container.reaching[text(root)]].node)
    return _constructed(value)


def _binding(argument: Node) -> str:
    """`db_pool` of `web::Data::new(db_pool.clone())`; "" for anything else."""
    values = arguments(argument) if callee(argument) else []
    root = unwind(values[0] if values else argument)[0]
    return text(root) if root.type == "identifier" else ""


def _bound_data(main: Main, argument: Node) -> str:
    """`.app_data(feed_state.clone())` of a `let feed_state = web::Data::new(T { .. })`
    (Nova's main): the `T` of that binding's `Data`."""
    root = unwind(argument)[0]
    container = main.container(argument)
    if root.type != "identifier" or container is None or \
            text(root) not in container.reaching:
        return ""
    bound = main.stmts[container.reaching[text(root)]].node
    value = bound.child_by_field_name("value") if bound.type == "let_declaration" else None
    if value is None or not re.search(r"(?:^|::)Data::(?:new|from)$", callee(value)):
        return ""
    return _constructed(value)


def _constructed(node: Node) -> str:
    for child in walk(node):
        if child.type == "struct_expression":  # `T { field: .. }`
            name = text(child.child_by_field_name("name")).rpartition("::")[2]
            if name[:1].isupper():
                return name
        head = callee(child).rpartition("::")[0].rpartition("::")[2]
        if head[:1].isupper() and head not in _WRAPPERS:
            return head
    return ""


def needed_data(code: str) -> set[str]:
    """The `T` of every `web::Data<T>` the moved code extracts (its last segment)."""
    return {name.rpartition("::")[2] for name in _DATA.findall(code)}


def _short(source: str) -> str:
    flat = " ".join(source.split())
    return flat if len(flat) <= 60 else f"{flat[:57]}..."

