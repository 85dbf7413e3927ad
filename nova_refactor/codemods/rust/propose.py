"""Plan and render a Rust split of `fn main`: index the crate, infer binding types, slice,
extract the App chain's routes, render the modules and main.rs, format with rustfmt."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from tree_sitter import Node

from nova_refactor.codemods.changeset import Changeset, build_changeset
from nova_refactor.codemods.plan import ENTRY, Placement, SplitPlan, TargetModule
from nova_refactor.codemods.registry import Codemod
from nova_refactor.codemods.rust import (
    actix,
    cli_arms,
    helpers,
    items,
    names,
    probes,
    route_scopes,
    router_nests,
    targets,
    toolchain,
    wraps,
)
from nova_refactor.codemods.rust.crate_index import CrateIndex, Scope, build_index
from nova_refactor.codemods.rust.halves import halve_long_start_up
from nova_refactor.codemods.rust.infer import Inference
from nova_refactor.codemods.rust.planner import (
    Extraction,
    Slicing,
    slice_main,
    type_bindings,
)
from nova_refactor.codemods.rust.render import ORDER, TITLES, Renderer, main_text
from nova_refactor.codemods.rust.statements import Stmt, main_function, statements
from nova_refactor.errors import InputError, UsageError
from nova_refactor.frontends.rust.syntax import parse, text
from nova_refactor.model import Segment

MAIN_LINES = 100  # the plan's target for the entrypoint


def propose_rust(codemod: Codemod, root: Path, entry: str, segments: tuple[Segment, ...],
                 probe: bool = False) -> tuple[SplitPlan, Changeset]:
    source = (root / entry).read_bytes()
    main = _main(source, entry)
    index = build_index(root, entry)
    scope = index.scopes[entry]
    stmts = statements(main, _kinds(segments))
    conventions: dict[tuple[int, str], str] = {}
    types = type_bindings(stmts, Inference(index, scope), conventions)
    probe_notes = _probed(root, entry, source, main, stmts, (types, conventions), scope,
                          probe)
    returns = main.child_by_field_name("return_type")
    main_returns = text(returns) if returns is not None else ""
    # every split module's name, so that a call into an earlier split's module is wiring
    chosen = targets.choose(root, entry, ORDER, scope)
    done = chosen.done_of(codemod.modules)  # an earlier split wrote these
    renderer = Renderer(source, scope, main_returns, index.clone, entry, codemod.name, chosen)
    whole = _items_suffice(root, entry, source, renderer, scope)
    wanted = () if whole else tuple(m for m in codemod.modules if m not in done)
    inference = Inference(index, scope)
    for stop in (False, True):  # the shutdown sequence moves only when main is still long
        slicing = _sliced(stmts, (wanted, chosen), types, main_returns, stop, bool(whole))
        halve_long_start_up(slicing, wanted, main_returns, chosen["app_state"])
        route_move, why = _route_move(slicing, scope.imports, wanted, chosen)
        builders = _wrap_builders(route_move, slicing, inference, stop)
        arms = _dispatches(slicing, index, root)
        texts, modules = _render(renderer, slicing, route_move, source, scope, entry, builders,
                                 arms)
        if texts.get(entry, "").count("\n") < MAIN_LINES:
            break
    taken = scope.modules | set(modules) | _files_next_to(root / entry)
    texts, item_modules, item_notes = items.split_long_main(texts, root, entry, source, renderer,
                                                            taken, MAIN_LINES)
    modules += item_modules
    # after the items: a `build_router()` of main.rs may be what makes routes.rs long
    scope_notes = _split_route_scopes(texts, entry, renderer, modules)
    formatted, format_note = format_texts(root, entry, texts, source)
    notes = [n for n in (why, format_note, whole) if n] + scope_notes + item_notes + \
        probe_notes + _untyped_notes(slicing) + _convention_notes(conventions) + \
        _done_notes(done, chosen) + _renamed_notes(chosen, modules)
    plan = _plan(codemod, root, entry, slicing, route_move, notes, chosen)
    new_paths = [_module_path(entry, m) for m in modules]
    return plan, build_changeset(root, formatted, new_paths)


def _sliced(stmts: list[Stmt], targets_of: tuple[tuple[str, ...], targets.ModuleNames],
            types: dict[tuple[int, str], str], main_returns: str, stop: bool,
            whole: bool) -> Slicing:
    wanted, names = targets_of
    slicing = slice_main(stmts, wanted, types, main_returns, stop, names.wiring())
    if whole:
        slicing.reasons = ["`fn main` stays whole (see the notes)"] * len(slicing.stmts)
    return slicing


def _probed(root: Path, entry: str, source: bytes, main: Node, stmts: list[Stmt],
            typed: tuple[dict[tuple[int, str], str], dict[tuple[int, str], str]], scope: Scope,
            probe: bool) -> list[str]:
    """--probe-types: the compiler's types for the `let` bindings our index left untyped or
    typed by a convention, put in `types` (the compiler's word replaces the convention's);
    the plan's notes say which rest on the compiler."""
    types, conventions = typed
    body = main.child_by_field_name("body")
    if not probe or body is None:
        return []
    by_rule = {key for key in types if (stmts[key[0]].line, key[1]) in conventions}
    wanted = _untyped_lets(stmts, {k: v for k, v in types.items() if k not in by_rule},
                           _tail_position(body))
    known = set(scope.imports) | scope.items | scope.modules
    probed = probes.probe_types(root, entry, source, wanted, known)
    for key, kind in probed.types.items():
        types[key] = kind
        conventions.pop((stmts[key[0]].line, key[1]), None)
    return _with_confirmations(probed, by_rule - set(probed.types), types, stmts)


def _with_confirmations(probed: probes.Probed, by_rule: set[tuple[int, str]],
                        types: dict[tuple[int, str], str], stmts: list[Stmt]) -> list[str]:
    """The probes' notes, saying which conventions the compiler agrees with though it
    printed the type too briefly to be written as it stands (`ConnectionManager` for
    `redis::aio::ConnectionManager`); for those, no "cannot be written" note repeats it."""
    agreed = [key for key in sorted(by_rule) if key in probed.said and (
        types[key] == probed.said[key] or types[key].endswith("::" + probed.said[key]))]
    repeated = tuple(f"line {stmts[key[0]].line}: the compiler says `{key[1]}` is"
                     for key in agreed)
    return [n for n in probed.notes if not n.startswith(repeated)] + [
        f"line {stmts[key[0]].line}: `{key[1]}`: the compiler confirms the convention "
        f"(`{probed.said[key]}` is `{types[key]}`)" for key in agreed]


def _tail_position(body: Node) -> int:
    """Where statements can go last in main: before its tail expression, else before `}`."""
    last = [n for n in body.named_children if "comment" not in n.type][-1:]
    statement = not last or last[0].type in ("expression_statement", "let_declaration",
                                             "empty_statement") or last[0].type.endswith("_item")
    return body.end_byte - 1 if statement else last[0].start_byte  # a tail: `result`, `Ok(())`


def _untyped_lets(stmts: list[Stmt], types: dict[tuple[int, str], str], tail: int
                  ) -> list[probes.Wanted]:
    """The `let` bindings with no type yet, each probed where every use of it has been seen:
    before the statement that binds the name again, else before main's tail."""
    wanted = []
    for stmt in stmts:
        for name in stmt.defines if stmt.node.type == "let_declaration" else ():
            rebound = [later.start for later in stmts[stmt.index + 1:] if name in later.defines]
            if (stmt.index, name) not in types:
                wanted.append(probes.Wanted((stmt.index, name), stmt.line,
                                            (rebound + [tail])[0]))
    return wanted


def _done_notes(done: list[str], names: targets.ModuleNames) -> list[str]:
    return [f"{names[m]}.rs is declared already (an earlier split wrote it): not extracted "
            "again" for m in done]


def _renamed_notes(names: targets.ModuleNames, written: list[str]) -> list[str]:
    """Why a module the split writes does not have the table's name."""
    return [why for role, why in names.notes.items() if names[role] in written]


def _items_suffice(root: Path, entry: str, source: bytes, renderer: Renderer,
                   scope: Scope) -> str:
    """When moving main.rs's other items alone brings it under the limit, `fn main` stays
    whole (splitting a short `main` only adds indirection); says so, else ""."""
    if source.count(b"\n") < MAIN_LINES:
        return ""
    taken = scope.modules | _files_next_to(root / entry)
    texts, moved, _ = items.split_long_main({}, root, entry, source, renderer, taken,
                                            MAIN_LINES)
    if not moved or texts[entry].count("\n") >= MAIN_LINES:
        return ""
    return (f"`fn main` stays whole: {entry} is long because of its other items, and moving "
            f"them takes it to {texts[entry].count(chr(10))} lines")


def _split_route_scopes(texts: dict[str, str], entry: str, renderer: Renderer,
                        modules: list[str]) -> list[str]:
    """routes.rs over the file-size limit: one `routes/<domain>.rs` per domain scope."""
    routes = renderer.names["routes"]
    path = _module_path(entry, routes)
    if path not in texts:
        return []
    found = route_scopes.split_scopes(texts[path], renderer)
    kind = "domain scopes"
    try:
        if found is None:
            found, kind = router_nests.split_nests(texts[path]), "domain nests"
    except router_nests.UnknownState as unknown:
        return [f"{routes}.rs would pass {route_scopes.ROUTES_LINES} lines, but its nests stay: "
                f"{unknown}"]
    if found is None:
        return []
    parent, (texts[path], scoped) = texts[path], found
    for module in scoped:
        imports = route_scopes.parent_imports(parent, module.code)
        texts[_module_path(entry, f"{routes}/{module.name}")] = (
            f"//! The `{module.path.strip(chr(34))}` part of the service's routing.\n//!\n"
            "//! Extracted from "
            f"`fn main` in {entry} by `nova-refactor apply {renderer.codemod}`.\n\n" +
            ("\n".join(imports) + "\n\n" if imports else "") + module.code)
        modules.append(f"{routes}/{module.name}")
    return [f"{routes}.rs would pass {route_scopes.ROUTES_LINES} lines: {len(scoped)} {kind} "
            f"get a module each under {routes}/ ("
            + ", ".join(f"{m.name}.rs" for m in scoped) + ")"]


def _files_next_to(entry: Path) -> set[str]:
    """Module names a new file must not take: `x.rs` and `x/` next to the entry file."""
    return {p.stem for p in entry.parent.iterdir() if p.suffix == ".rs" or p.is_dir()}


def _convention_notes(conventions: dict[tuple[int, str], str]) -> list[str]:
    return [f"line {line}: `{name}` typed by convention: {rule}"
            for (line, name), rule in sorted(conventions.items())]


def _plan(codemod: Codemod, root: Path, entry: str, slicing: Slicing,
          route_move: actix.RouteMove | None, notes: list[str],
          names: targets.ModuleNames) -> SplitPlan:
    """Modules and placements under the names chosen for them (`http_routes` when a
    hand-written `routes` module exists)."""
    placements = tuple(replace(p, module=names[p.module]) if p.moves else p
                       for p in _placements(slicing, route_move, names["routes"]))
    return SplitPlan(
        codemod=codemod.name, root=str(root), entrypoint=entry, module_name="crate",
        modules=tuple(TargetModule(names[m], _module_path(entry, names[m]), TITLES[m], level)
                      for level, m in enumerate(ORDER) if m in codemod.modules),
        placements=placements, notes=tuple(notes),
    )


def _kinds(segments: tuple[Segment, ...]) -> dict[int, tuple[str, str]]:
    return {line: (s.kind, (*s.reasons, "")[0])
            for s in segments for line in range(s.start_line, s.end_line + 1)}


def _main(source: bytes, entry: str) -> Node:
    parts = Path(entry).parts
    if parts[-2:-1] == ("bin",) and parts[-1] != "main.rs":
        raise UsageError(f"{entry}: modules next to a src/bin/*.rs file would become binaries "
                         "of their own; move it to src/bin/<name>/main.rs first")
    tree = parse(source)
    if tree.root_node.has_error:
        bad = next(_errors(tree.root_node))
        raise InputError(f"{entry}:{bad.start_point[0] + 1}: cannot parse: syntax error")
    main = main_function(tree.root_node)
    if main is None:
        raise UsageError(f"{entry}: no `fn main`; nothing to split")
    return main


def _errors(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "ERROR" or current.is_missing:
            yield current
        stack.extend(current.children)


def _module_path(entry: str, module: str) -> str:
    return str(Path(entry).parent / f"{module}.rs")


def _route_move(slicing: Slicing, imports: dict[str, str], wanted: tuple[str, ...],
                names: targets.ModuleNames) -> tuple[actix.RouteMove | None, str]:
    if "routes" not in wanted:
        return None, ""
    for stmt in slicing.stmts:
        if slicing.target[stmt.index] == ENTRY and actix.find_app_chain(stmt) is not None:
            return actix.plan_routes(stmt, slicing.types, imports, names.wiring())
    return None, ""


def _wrap_builders(route_move: actix.RouteMove | None, slicing: Slicing,
                   inference: Inference, long: bool) -> list[wraps.WrapBuilder]:
    """Only when main is still long: middleware built in the server closure."""
    chain = actix.find_app_chain(route_move.stmt) if route_move is not None else None
    if route_move is None or chain is None or not long:
        return []
    return wraps.plan_wrap_builders(route_move.stmt, chain, slicing.types, inference,
                                    {"configure", "router"})


def _dispatches(slicing: Slicing, index: CrateIndex, root: Path
                ) -> dict[int, list[cli_arms.ArmHandler]]:
    """Extractions that are a subcommand `match`: one handler per arm instead of one
    function holding the whole match."""
    found = {}
    for position, ex in enumerate(slicing.extractions):
        match = cli_arms.dispatch_match(ex)
        handlers = cli_arms.arm_handlers(match, ex, index, root) if match is not None else []
        if handlers:
            found[position] = handlers
    return found


def _render(renderer: Renderer, slicing: Slicing, route_move: actix.RouteMove | None,
            source: bytes, scope: Scope, entry: str,
            builders: list[wraps.WrapBuilder],
            arms: dict[int, list[cli_arms.ArmHandler]] | None = None
            ) -> tuple[dict[str, str], list[str]]:
    items: dict[str, list[str]] = {}
    # no second `parse_args`, no second `AppState`
    names.free_names(slicing.extractions, lambda role: renderer.names[role])
    arms = arms or {}
    calls = [_dispatched(renderer, source, ex, arms[position], items)
             if position in arms else _extracted(renderer, ex, items)
             for position, ex in enumerate(slicing.extractions)]
    extra = _configure(renderer, source, route_move, items)
    extra += _builder_items(renderer, source, builders, items)
    moving = _move_helpers(source, slicing, route_move, builders, items, extra)
    texts, modules = _module_texts(renderer, entry, items, moving)
    if modules:
        texts[entry] = main_text(source, calls, modules, scope, extra)
    return texts, modules


def _module_texts(renderer: Renderer, entry: str, items: dict[str, list[str]],
                  moving: list[helpers.Helper]) -> tuple[dict[str, str], list[str]]:
    """Each module's text by the path of the name chosen for it, and those names in layer
    order (`http_routes` for `routes` when a hand-written `routes` module exists)."""
    roles = [m for m in ORDER if m in items]
    texts = {_module_path(entry, renderer.names[m]): helpers.without_self_import(
        renderer.module(m, items[m]), [h for h in moving if h.module == m]) for m in roles}
    return texts, [renderer.names[m] for m in roles]


def _move_helpers(source: bytes, slicing: Slicing, route_move: actix.RouteMove | None,
                  builders: list[wraps.WrapBuilder], items: dict[str, list[str]],
                  extra: list[tuple[int, int, str]]) -> list[helpers.Helper]:
    """Helpers of main.rs only the moved code calls go with it (added to `items`, cut from
    main.rs by `extra`)."""
    moving = helpers.movable_helpers(source, _moved_spans(slicing, route_move, builders))
    for helper in moving:
        items[helper.module].append(helper.code + "\n")
        extra.append((helper.start, helper.end, ""))
    return moving


def _configure(renderer: Renderer, source: bytes, route_move: actix.RouteMove | None,
               items: dict[str, list[str]]) -> list[tuple[int, int, str]]:
    """`routes::configure` (added to `items`) and the edits that mount it on the App."""
    if route_move is None:
        return []
    params = "".join(f", {renderer._param(p)}" for p in route_move.params)
    body = actix.configure_body(source, route_move)
    items.setdefault("routes", []).insert(0, (
        "/// Every app_data registration, route and scope of the App, in their order.\n"
        f"pub(crate) fn configure(cfg: &mut {route_move.service_config}{params}) {{\n"
        f"    {body}\n}}\n"))
    return actix.edits(source, route_move, renderer.names["routes"])


def _dispatched(renderer: Renderer, source: bytes, ex: Extraction,
                handlers: list[cli_arms.ArmHandler], items: dict[str, list[str]]
                ) -> tuple[int, int, str]:
    stmt = ex.stmts[0]
    kept, functions = cli_arms.render_dispatch(source, stmt.start, stmt.end, handlers, renderer)
    items.setdefault("cli", []).extend(functions)
    return stmt.start, stmt.end, kept


def _extracted(renderer: Renderer, ex: Extraction, items: dict[str, list[str]]
               ) -> tuple[int, int, str]:
    """The function `ex` becomes (added to `items`) and the edit that calls it from main."""
    items.setdefault(ex.module, []).append(_doc(ex) + renderer.function(ex))
    call = renderer.call(replace(ex, returns=[])) if ex.whole else renderer.call(ex)
    return ex.stmts[0].start, ex.stmts[-1].end, f"let {ex.whole} = {call}" if ex.whole else call


def _moved_spans(slicing: Slicing, route_move: actix.RouteMove | None,
                 builders: list[wraps.WrapBuilder]) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for ex in slicing.extractions:
        spans.setdefault(ex.module, []).append((ex.stmts[0].start, ex.stmts[-1].end))
    if route_move is not None:
        spans.setdefault("routes", []).extend(actix.call_span(c) for c in route_move.calls)
    spans.setdefault("routes", []).extend((b.start, b.end) for b in builders)
    return spans


def _builder_items(renderer: Renderer, source: bytes, builders: list[wraps.WrapBuilder],
                   items: dict[str, list[str]]) -> list[tuple[int, int, str]]:
    """routes.rs functions for the middleware builders; the edits that call them."""
    edits = []
    for builder in builders:
        params = ", ".join(renderer._param(p) for p in builder.params)
        items["routes"].append(wraps.function_text(source, builder, params,
                                                   renderer.short(builder.returns)))
        edits.append((builder.start, builder.end,
                      wraps.call_text(builder, renderer.names["routes"])))
    return edits


def _doc(ex: Extraction) -> str:
    lines = f"{ex.stmts[0].line}-{ex.stmts[-1].end_line}"
    what = {"app_state": "Builds the shared state", "app_services": "Builds the services",
            "background": "Starts the background work", "cli": "Handles the command line",
            "routes": "Builds the router"}[ex.module]
    if ex.function.startswith("stop"):
        what = "Stops the background work: the shutdown sequence"
    exit_note = "; `Some(..)` is main's early return" if ex.early_exit else ""
    return f"/// {what} (lines {lines} of the original `fn main`{exit_note}).\n"


def _placements(slicing: Slicing, route_move: actix.RouteMove | None, routes: str
                ) -> tuple[Placement, ...]:
    found = []
    for stmt in slicing.stmts:
        if route_move is not None and stmt is route_move.stmt:
            found += _route_placements(route_move, routes)
            continue
        found.append(Placement(stmt.line, stmt.end_line, stmt.defines, stmt.kind,
                               slicing.target[stmt.index], slicing.reasons[stmt.index]))
    return tuple(found)


def _route_placements(move: actix.RouteMove, routes: str) -> list[Placement]:
    """The server statement stays, but the App chain's registrations inside it move: three
    placements (before, moved, after), so the plan lists routes.rs with what it takes."""
    stmt, (first, last) = move.stmt, actix.moved_lines(move)
    moved = Placement(first, last, ("configure",), "routes", "routes",
                      f"{len(move.calls)} app_data/route/service calls of the App chain, "
                      f"in their order, become {routes}::configure")
    stays = "the server and the App stay in main; app-level wraps stay on the App"
    before = Placement(stmt.line, first - 1, stmt.defines, stmt.kind, ENTRY, stays)
    after = Placement(last + 1, stmt.end_line, (), stmt.kind, ENTRY, stays)
    return [p for p in (before, moved, after) if p.start_line <= p.end_line]


def _untyped_notes(slicing: Slicing) -> list[str]:
    return [f"line {s.line}: not moved: {slicing.reasons[s.index]}" for s in slicing.stmts
            if "cannot be inferred" in slicing.reasons[s.index]]


def format_texts(root: Path, entry: str, texts: dict[str, str], original: bytes
                 ) -> tuple[dict[str, str], str]:
    """rustfmt the new modules, and main.rs when it was rustfmt-clean before (so a hand-kept
    layout is not reformatted); without rustfmt everything is written as rendered."""
    if not texts:
        return texts, ""
    if rustfmt_binary() is None:
        return texts, "rustfmt not found: the files are written as rendered, unformatted"
    edition = _edition(root, entry)
    folder = (root / entry).parent  # rustfmt finds the crate's rustfmt.toml from here
    clean = _rustfmt(original.decode("utf-8", "replace"), edition, folder) == \
        original.decode("utf-8", "replace")
    out, rejected = {}, []
    for path, code in texts.items():
        formatted = code if path == entry and not clean else _rustfmt(code, edition, folder)
        rejected += [path] if formatted is None else []
        out[path] = code if formatted is None else formatted
    notes = [f"rustfmt (edition {edition}) rejected {', '.join(rejected)}: written as "
             "rendered"] if rejected else []
    if not clean:
        notes.append(f"{entry} was not rustfmt-clean: only the new modules are formatted")
    return out, "; ".join(notes)


def rustfmt_binary() -> str | None:
    return toolchain.rustfmt_binary()


def _rustfmt(code: str, edition: str, folder: Path | None = None) -> str | None:
    return toolchain.rustfmt(code, edition, folder) if rustfmt_binary() is not None else None


def _edition(root: Path, entry: str) -> str:
    return toolchain.crate_edition(root, entry)
