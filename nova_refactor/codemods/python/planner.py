"""Plan a split of one Python entrypoint: classify, place, and say why for every statement."""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath

import libcst as cst

from nova_refactor.codemods.plan import ENTRY, Placement, Skipped, SplitPlan, TargetModule
from nova_refactor.codemods.python.external import externally_rebound
from nova_refactor.codemods.python.facade import MARKER
from nova_refactor.codemods.python.grouping import group_routes
from nova_refactor.codemods.python.placement import LEVELS, MAIN, Slot, place
from nova_refactor.codemods.python.render import SPLIT_OUT
from nova_refactor.codemods.python.selfref import self_references
from nova_refactor.codemods.python.statements import ModuleFacts, Stmt
from nova_refactor.codemods.python.support import support_chunks
from nova_refactor.codemods.registry import Codemod
from nova_refactor.codemods.split_modules import TITLES
from nova_refactor.frontends.python.packaging import listed_py_modules, test_command
from nova_refactor.model import Segment
from nova_refactor.vocabulary import SkipKind

# Code that reads its module's whole namespace sees a different one after any split: refused.
NAMESPACE_READERS = (
    (re.compile(r"\b(globals|locals|vars)\(\s*\)"), "reads the module namespace"),
    (re.compile(r"sys\.modules\[\s*__name__\s*\]"), "looks itself up in sys.modules"),
    (re.compile(r"(from_object|import_module|import_string|__import__)\(\s*__name__\b"),
     "imports its own module by name"),
)
# Code that depends on its module's own spec stays where it is.
UNSAFE = (
    (re.compile(r"\b__(spec|loader|path|package)__\b"), "depends on the module's own spec"),
)
# `__file__` only matters through its base name: its folder is the same for a sibling module.
FILE_USE = re.compile(r"\b__file__\b")
SAME_FOLDER = re.compile(
    r"dirname\(\s*(?:os\.path\.(?:abspath|realpath)\(\s*)?__file__"
    r"|Path\(\s*__file__\s*\)(?:\.(?:resolve|absolute)\(\))?\.parent"
)
# Module attributes the facade itself must define; its helpers get free names instead.
FACADE_NAMES = {"__getattr__", "__dir__", "__class__"}
ROUTES_LIMIT = 460  # routes.py's statements, leaving room for its imports under 500 lines
SUPPORT_LINES = 400  # a support module's statements, leaving room for its imports


def module_name_of(root: Path, entry: str) -> str:
    """Dotted import name of `entry`: its stem, prefixed by every enclosing package."""
    path = PurePosixPath(entry)
    parts = [] if path.name == "__init__.py" else [path.stem]
    folder = (root / path).parent
    while (folder / "__init__.py").is_file() and folder != root.parent:
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts) or path.stem


def plan_split(codemod: Codemod, root: Path, entry: str, facts: ModuleFacts,
               segments: Sequence[Segment], project_files: Sequence[Path]) -> SplitPlan:
    """Never raises; problems that forbid the split are the plan's blockers."""
    module_name = module_name_of(root, entry)
    empty = SplitPlan(codemod.name, str(root), entry, module_name, modules=(), placements=())
    if MARKER in facts.module.code:
        return replace(empty,
                       notes=(f"{entry} was already split by nova-refactor: nothing to do",))
    kinds = [_factory_kind(_kind(s, segments), bool(s.defines & facts.factories))
             for s in facts.stmts]
    slots = place(facts.stmts, kinds, set(codemod.modules), _unsafe(facts))
    modules = _grouped(root, entry, facts, slots, _target_modules(root, entry, facts))
    modules = _state_support(facts, slots, entry, modules)
    names = {m.level: m.name for m in modules}
    placements = tuple(
        Placement(s.start_line, s.end_line, tuple(sorted(s.defines)), kinds[s.index][0],
                  ENTRY if slot.level == MAIN else names[slot.level], slot.reason)
        for s, slot in zip(facts.stmts, slots, strict=True) if not s.is_import
    )
    external = externally_rebound(
        [p for p in project_files if p.resolve() != (root / entry).resolve()], module_name)
    through = _read_through(facts, slots, names, external)
    refs = self_references(root, entry, module_name, facts, project_files)
    notes = _notes(facts, slots, external, module_name) + tuple(refs.notes)
    plan = replace(empty, modules=modules, placements=placements, read_through=through,
                   notes=notes)
    plan = replace(plan, notes=plan.notes + _project_notes(root, plan))
    return _with_blockers(plan, facts, slots, refs.blockers)


def _project_notes(root: Path, plan: SplitPlan) -> tuple[str, ...]:
    """What the project around the entrypoint needs to know: modules listed by hand in its
    packaging must list the new ones too; its own tests are the best `--verify`."""
    if not plan.moved:
        return ()
    notes = []
    created = [m.name for m in plan.used_modules()]
    if not plan.package:
        for where, listed in sorted(listed_py_modules(root).items()):
            if plan.module_name in listed:
                notes.append(f"{where} lists its modules by hand ({', '.join(listed)}): add "
                             f"{', '.join(created)} there, or a built wheel will not contain "
                             "them")
    command = test_command(root)
    if command:
        notes.append(f"the project's own tests can check the split: add --verify "
                     f'"{command}" to --write')
    return tuple(notes)


def _unsafe(facts: ModuleFacts) -> dict[int, str]:
    """Statements that depend on their module's identity, with the reason they stay."""
    found = {}
    for s in facts.stmts:
        reason = next((why for rx, why in UNSAFE if rx.search(s.code)), None)
        if len(FILE_USE.findall(s.code)) > len(SAME_FOLDER.findall(s.code)):
            reason = reason or "uses `__file__` beyond its folder (the file name changes)"
        if reason and not s.is_import:
            found[s.index] = f"stays: {reason}"
    return found


def _target_modules(root: Path, entry: str, facts: ModuleFacts) -> tuple[TargetModule, ...]:
    folder = PurePosixPath(entry).parent
    taken = set(facts.import_names).union(*(s.defines for s in facts.stmts))
    taken |= {p.name for p in (root / folder).iterdir() if p.is_dir()}
    modules = []
    for base in sorted(LEVELS, key=LEVELS.__getitem__):
        name = _free_name(base, taken)
        modules.append(TargetModule(name, str(folder / f"{name}.py"), TITLES[base], LEVELS[base]))
    return tuple(modules)


def _grouped(root: Path, entry: str, facts: ModuleFacts, slots: list[Slot],
             modules: tuple[TargetModule, ...]) -> tuple[TargetModule, ...]:
    """Routes over the size limit go to `routes_<prefix>` modules, just above `routes`;
    registration functions lifted out of a factory go to the module its call imports."""
    if LEVELS["routes"] not in {slot.level for slot in slots}:
        return modules
    folder = PurePosixPath(entry).parent
    registers = _register_modules(facts, slots, folder)
    groups = group_routes(facts.stmts, slots, LEVELS["routes"], ROUTES_LIMIT)
    taken = set(facts.import_names).union(*(s.defines for s in facts.stmts))
    taken |= {m.name for m in modules} | user_stems(root / folder)
    taken |= set(facts.register_modules.values())
    added = list(registers)
    for number, group in enumerate(groups, start=1):
        slug = re.sub(r"\W+", "_", group.key).strip("_") or "root"
        name = _free_group_name(f"routes_{slug}", taken)
        level = LEVELS["routes"] + number / 100  # above routes.py, below cli, in source order
        added.append(TargetModule(name, str(folder / f"{name}.py"),
                                  f"Routes mostly under /{group.key}, cut out of routes.py by URL "
                                  "in source order", level))
        for index in group.members:
            slots[index] = Slot(level, f"routes by domain: in {name} with the routes around "
                                "it (routes.py would exceed the file-size limit)")
    added += _support_modules(facts, slots, folder, taken)
    return tuple(sorted((*modules, *added), key=lambda m: m.level))


def _state_support(facts: ModuleFacts, slots: list[Slot], entry: str,
                   modules: tuple[TargetModule, ...]) -> tuple[TargetModule, ...]:
    """Helpers of an oversized app_state.py that nothing left there reads go to support
    modules just above it (app_state.py is the lowest module: nothing goes below it)."""
    state = LEVELS["app_state"]
    chunks = support_chunks(facts.stmts, slots, state, ROUTES_LIMIT, SUPPORT_LINES, up=True)
    taken = set(facts.import_names).union(*(s.defines for s in facts.stmts))
    taken |= {m.name for m in modules} | set(facts.register_modules.values())
    folder = PurePosixPath(entry).parent
    added = []
    for number, chunk in enumerate(chunks, start=1):
        name = _free_group_name("state_support", taken)
        level = state + 0.5 + number / 100  # above app_state, below app_services, in order
        added.append(TargetModule(name, str(folder / f"{name}.py"), "Functions and classes "
                                  "built on the configuration, cut out of app_state.py by "
                                  "size", level))
        for index in chunk:
            slots[index] = Slot(level, f"support: in {name}, above app_state.py, which "
                                "would exceed the file-size limit; nothing there reads it")
    return tuple(sorted((*modules, *added), key=lambda m: m.level))


def _support_modules(facts: ModuleFacts, slots: list[Slot], folder: PurePosixPath,
                     taken: set[str]) -> list[TargetModule]:
    """Helpers still in an oversized routes.py go to support modules just below it."""
    routes = LEVELS["routes"]
    added = []
    chunks = support_chunks(facts.stmts, slots, routes, ROUTES_LIMIT, SUPPORT_LINES)
    for number, chunk in enumerate(chunks, start=1):
        name = _free_group_name("routes_support", taken)
        level = routes - 0.5 + number / 100  # above app_services, below routes, in order
        added.append(TargetModule(name, str(folder / f"{name}.py"),
                                  "Functions and classes the routes and the app factory "
                                  "call, cut out of routes.py by size", level))
        for index in chunk:
            slots[index] = Slot(level, f"support: in {name}, below routes.py, which would "
                                "exceed the file-size limit; it reads nothing of routes.py")
    return added


def _register_modules(facts: ModuleFacts, slots: list[Slot],
                      folder: PurePosixPath) -> list[TargetModule]:
    """One module per lifted registration function (builders and phases share theirs),
    above every other route module: it imports routes.py, which imports it only when the
    factory runs. Nothing at module level reads a lifted function (the factory imports it
    when called), so raising one placed lower is safe; one left in the entrypoint keeps its
    place: the plan then refuses."""
    added: dict[str, TargetModule] = {}
    for s in facts.stmts:
        name = next((n for n in s.defines if n in facts.register_modules), None)
        if name is None or slots[s.index].level == MAIN:
            continue
        module = facts.register_modules[name]
        if module not in added:
            title = facts.module_titles.get(
                module, f"Routes registered by {name}(), lifted out of an app factory")
            level = LEVELS["routes"] + 0.5 + len(added) / 1000
            added[module] = TargetModule(module, str(folder / f"{module}.py"), title, level)
        why = (f"routes by domain: {name}() registers these routes of the factory, called "
               "where they were") if module not in facts.module_titles else \
            f"lifted out of an app factory: {name}() is called where its statements were"
        slots[s.index] = Slot(added[module].level, why)
    return list(added.values())


def user_stems(folder: Path) -> set[str]:
    """Names of the files and folders next to the entrypoint, except modules an earlier
    split wrote (planned again, a split gives them the same names)."""
    return {p.stem for p in folder.iterdir()
            if not (p.suffix == ".py" and SPLIT_OUT in _head_of(p))} if folder.is_dir() else set()


def _head_of(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.read(400)
    except OSError:
        return ""


def _free_group_name(name: str, taken: set[str]) -> str:
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name}_{number}"
    taken.add(candidate)
    return candidate


ALTERNATIVES = {"app_state": "state", "app_services": "service_factory",
                "background": "workers", "routes": "web_routes", "cli": "commands"}


def _free_name(base: str, taken: set[str]) -> str:
    """`base`, or an alternative when the entrypoint already uses that name (a click group
    called `cli`) or a package of that name sits next to it."""
    for candidate in (base, ALTERNATIVES[base], f"{base}_module"):
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    return f"{base}_{len(taken)}"


def _factory_kind(kind: tuple[str, str], factory: bool) -> tuple[str, str]:
    """An app factory with its app, routers and set-up lifted out reads like configuration
    to the anatomy; it still owns the app and stays with the routes."""
    if factory and kind[0] != "routes":
        return "routes", "an app factory whose routes were lifted: it stays with them"
    return kind


def _kind(stmt: Stmt, segments: Sequence[Segment]) -> tuple[str, str]:
    for seg in segments:
        if seg.start_line <= stmt.end_line and seg.end_line >= stmt.start_line:
            why = "; ".join(seg.reasons[:2]) + ("; ..." if len(seg.reasons) > 2 else "")
            return seg.kind, f"segment {seg.start_line}-{seg.end_line} ({why})"
    return "other", "not in the anatomy"


def _read_through(facts: ModuleFacts, slots: list[Slot], names: dict[float, str],
                  external: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Rebound names used outside their home: read and written as `home.NAME`."""
    rebound = _rebound(facts) | set(external)
    home = {n: slots[s.index].level for s in facts.stmts if not s.is_import for n in s.defines}
    home |= _import_homes(facts, slots, set(external) - set(home))
    home |= _global_only_homes(facts, slots, rebound - set(home) - facts.import_names)
    result = set()
    for s in facts.stmts:
        for name in (s.uses | s.rebinds) & rebound:
            level = home.get(name, MAIN)
            if level not in (MAIN, slots[s.index].level):
                result.add((name, names[level]))
    return tuple(sorted(result))


def _import_homes(facts: ModuleFacts, slots: list[Slot], names: set[str]) -> dict[str, float]:
    """An imported name patched from outside (`mock.patch("main.time")`) gets one home, its
    lowest user, so every module sees the patch; dotted `import a.b` is left alone."""
    homes = {}
    for name in names & facts.import_names - _dotted_imports(facts):
        levels = [slots[s.index].level for s in facts.stmts if not s.is_import and name in s.uses]
        if levels:
            homes[name] = min(levels)
    return homes


def _global_only_homes(facts: ModuleFacts, slots: list[Slot], names: set[str]) -> dict[str, int]:
    """A name bound only through `global x` inside a function (`main()` doing `global k;
    k = Player()`) has no statement of its own: when moved code uses it, it lives in
    app_state, the lowest module, which every user imports and reads it through
    (`app_state.k`), so there is still one `k`."""
    return {name: LEVELS["app_state"] for name in names
            if any(slots[s.index].level != MAIN for s in facts.stmts
                   if not s.is_import and name in s.uses | s.rebinds)}


def _dotted_imports(facts: ModuleFacts) -> set[str]:
    """Names bound by `import a.b` (their accesses are attributes, not plain names)."""
    found = set()
    for s in facts.stmts:
        smalls = s.node.body if s.is_import and isinstance(
            s.node, cst.SimpleStatementLine) else ()
        for small in smalls:
            if isinstance(small, cst.Import):
                found |= {a.evaluated_name.split(".")[0] for a in small.names
                          if "." in a.evaluated_name and a.asname is None}
    return found


def _rebound(facts: ModuleFacts) -> set[str]:
    """Names rebound through `global`, bound by more than one top-level statement, or bound
    only on some paths (`try: from x import Y` / `if FLAG: def f()`): a `from` import of
    those could fail or capture a stale value, reading through the home module cannot."""
    counts: dict[str, int] = {}
    rebound: set[str] = set()
    for s in facts.stmts:
        if not s.is_import:
            rebound |= s.rebinds
            if not isinstance(s.node, (cst.SimpleStatementLine, cst.FunctionDef, cst.ClassDef)):
                rebound |= s.defines
            for name in s.defines:
                counts[name] = counts.get(name, 0) + 1
    return rebound | {n for n, c in counts.items() if c > 1}


def _notes(facts: ModuleFacts, slots: list[Slot], external: dict[str, str],
           module_name: str) -> tuple[str, ...]:
    notes = []
    if external:
        where = ", ".join(f"{n} ({w})" for n, w in sorted(external.items())[:12])
        notes.append(f"rebound from outside, read through their home module: {where}")
    notes += _lift_notes(facts)
    if any("__name__" in s.code and slots[s.index].level != MAIN for s in facts.stmts):
        notes.append(f'`__name__` in moved code is written as "{module_name}" so app, '
                     f'blueprint and logger names are kept (it is "__main__" when the file '
                     "runs as a script)")
    return tuple(notes)


def _lift_notes(facts: ModuleFacts) -> list[str]:
    """What was lifted out of app factories, and what stays in them and why."""
    notes = []
    routes = {n: m for n, m in facts.register_modules.items() if m not in facts.module_titles}
    if routes:
        lifted = ", ".join(f"{n}() -> {m}" for n, m in sorted(routes.items()))
        notes.append(f"closure routes of an app factory become registration functions the "
                     f"factory calls, one per group ({lifted}); line numbers refer to the "
                     "entrypoint with them lifted")
    rest = sorted(set(facts.register_modules.values()) & set(facts.module_titles))
    if rest:
        count = sum(m in facts.module_titles for m in facts.register_modules.values())
        notes.append(f"an app factory's other closures and set-up become {count} builder and "
                     f"phase functions it calls where they were ({', '.join(rest)}); lines "
                     "in the notes on what stays refer to the entrypoint as it is")
    return notes + list(facts.lift_notes)


def _with_blockers(plan: SplitPlan, facts: ModuleFacts, slots: list[Slot],
                   found: list[Skipped]) -> SplitPlan:
    entry = plan.entrypoint
    bound = set(facts.import_names).union(*(s.defines for s in facts.stmts))
    blockers = [Skipped(SkipKind.NAME_CLASH, f"defines `{n}`, which the split's facade needs",
                        entry) for n in sorted(FACADE_NAMES & bound)] + found
    blockers += [Skipped(SkipKind.OWN_MODULE, f"{why}; after a split it would see a different "
                         "namespace", entry, s.start_line)
                 for s in facts.stmts for rx, why in NAMESPACE_READERS if rx.search(s.code)]
    placed = {m.name for m in plan.modules}
    blockers += [Skipped(SkipKind.DEPENDENCY, f"{name}() (closure routes lifted out of a "
                         f"factory) could not move to {module}, which the factory imports")
                 for name, module in sorted(facts.register_modules.items())
                 if module not in placed]
    if plan.moved:
        blockers += _hidden_modules(plan, facts, slots)
    return replace(plan, blockers=tuple(blockers))


def _hidden_modules(plan: SplitPlan, facts: ModuleFacts, slots: list[Slot]) -> list[Skipped]:
    """Moved code reading `home.NAME` inside a function with a local called `home`."""
    through = dict(plan.read_through)
    names = {m.level: m.name for m in plan.modules}
    found = []
    for s in facts.stmts:
        here = names.get(slots[s.index].level, ENTRY)
        owners = {through[n] for n in s.uses | s.rebinds if n in through} - {here}
        found += [Skipped(SkipKind.NAME_CLASH, f"a local `{owner}` would hide module "
                          f"`{owner}` that the moved code reads through", plan.entrypoint,
                          s.start_line)
                  for owner in sorted(owners) if binds_locally(s.code, owner)]
    return found


def binds_locally(code: str, name: str) -> bool:
    """Whether a top-level statement binds `name` anywhere inside it (a local, parameter,
    nested def or import), which would hide a module of that name."""
    for node in ast.walk(ast.parse(code)):
        bound = (
            node.id if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
            else node.arg if isinstance(node, ast.arg)
            else node.name if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                ast.ClassDef))
            else (node.asname or node.name) if isinstance(node, ast.alias) else None
        )
        if bound == name:
            return True
    return False



