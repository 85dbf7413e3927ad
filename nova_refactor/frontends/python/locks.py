"""Shared-lock inventory of one module.

Finds lock constructions (threading, asyncio, multiprocessing and managers), every acquisition
of a known lock (`with`, `async with`, `.acquire()`), and module globals rebound through
`global`. Owners are the bindings that hold the lock: `NAME` at module level, `Class.attr` for
attributes set on `self` or in a class body, `function.name` for locals.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from nova_refactor.frontends.python.index import ModuleIndex, ScopedFunction, dotted
from nova_refactor.model import MUTABLE_GLOBAL, LockRole, LockSite

LOCK_TYPES = {
    "threading": ("Lock", "RLock", "Condition", "Semaphore", "BoundedSemaphore"),
    "asyncio": ("Lock", "Semaphore", "BoundedSemaphore", "Condition"),
    "multiprocessing": ("Lock", "RLock", "Condition", "Semaphore", "BoundedSemaphore", "Manager"),
}
PRIMITIVES = {f"{mod}.{name}" for mod, names in LOCK_TYPES.items() for name in names}
MANAGER_LOCKS = ("Lock", "RLock", "Semaphore", "BoundedSemaphore", "Condition")
BLOCKING = ("threading.", "multiprocessing.")
# Sites on names another module binds (`with app_state.STATS_LOCK:`, `from state import LOCK`,
# `app_state.counter += 1`): the frontend cannot tell whether they are locks or globals of
# the project, so it marks them pending (`LockSite.pending`, an acquisition's primitive left
# empty); analysis resolves them through the project's imports and drops what does not resolve
# to a module-level lock or global of a project module.
FOREIGN_REBINDING = "module attribute rebinding"


def import_aliases(index: ModuleIndex) -> dict[str, str]:
    """Local name -> dotted origin for the module's imports (`th` -> `threading`)."""
    aliases: dict[str, str] = {}
    for node in index.imports:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
        elif node.module and not node.level:
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def import_heads(index: ModuleIndex) -> set[str]:
    """Local names the module's imports bind (`a` for `import a.b`)."""
    heads = set()
    for node in index.imports:
        for alias in node.names:
            if isinstance(node, ast.Import):
                heads.add(alias.asname or alias.name.partition(".")[0])
            elif alias.name != "*":
                heads.add(alias.asname or alias.name)
    return heads


def canonical(name: str, aliases: dict[str, str]) -> str:
    head, _, rest = name.partition(".")
    origin = aliases.get(head, head)
    return f"{origin}.{rest}" if rest else origin


def _primitive(expr: ast.AST, aliases: dict[str, str], managers: set[str]) -> str | None:
    """The lock type an expression constructs, if any."""
    if not isinstance(expr, ast.Call):
        return None
    name = canonical(dotted(expr.func), aliases)
    if name.startswith("multiprocessing.context."):
        name = "multiprocessing." + name.rsplit(".", 1)[-1]
    if name in PRIMITIVES:
        return "multiprocessing.Manager" if name.endswith(".Manager") else name
    owner, _, attr = dotted(expr.func).rpartition(".")
    if owner in managers and attr in MANAGER_LOCKS:
        return f"multiprocessing.Manager.{attr}"
    return None


class _Owners:
    """Maps expressions to lock owners within one function scope."""

    def __init__(self, classes_of: dict[str, str], declared_global: set[tuple[str, str]],
                 imported: set[str]) -> None:
        self.classes_of = classes_of  # function qualname -> enclosing class qualname
        self.declared_global = declared_global  # (function, name) pairs under `global name`
        self.imported = imported  # local names bound by imports

    def foreign(self, expr: ast.AST, scope: str, attribute_only: bool = False) -> str | None:
        """`mod.NAME` or an imported `NAME` (as written), when it names another module's
        binding and no local one hides it."""
        name = dotted(expr)
        head, dot, rest = name.partition(".")
        if not name or head not in self.imported or (scope, head) in self.declared_global:
            return None
        if attribute_only and (not dot or "." in rest):
            return None
        return name

    def owner(self, target: ast.AST, scope: str) -> str:
        name = dotted(target)
        if (scope, name) in self.declared_global:
            return name
        if name.startswith("self.") or name.startswith("cls."):
            cls = self.classes_of.get(scope, "")
            return f"{cls}.{name.split('.', 1)[1]}" if cls else name
        if scope and "." not in name:
            return f"{scope}.{name}"
        return name


def may_construct(text: str) -> bool:
    """False when no lock can be built here: every primitive's name ends in one of these words.

    A cheap scan of the source (95% of Django's files fail it) lets the lock pass skip checking
    every assignment. Non-ASCII sources always pass: identifiers are NFKC-normalised by the
    parser, so `Ｌock` is `Lock` in the tree but not in the text.
    """
    return not text.isascii() or any(word in text for word in _PRIMITIVE_WORDS)


_PRIMITIVE_WORDS = ("Lock", "Semaphore", "Condition", "Manager")


def collect_locks(
    index: ModuleIndex, path: str, hot: set[str], may_build: bool = True
) -> tuple[LockSite, ...]:
    """Every lock site; `hot` names the functions on request paths (handlers and callees).

    `may_build` False (see `may_construct`) skips looking for constructions.
    """
    aliases = import_aliases(index)
    classes_of = {f.qualname: f.qualname.rsplit(".", 1)[0] for f in index.functions if f.is_method}
    declared = {(scope, name) for node, scope in index.globals for name in node.names}
    owners = _Owners(classes_of, declared, import_heads(index))
    known = _constructions(index, path, aliases, owners, hot) if may_build else {}
    sites = list(known.values())
    module_locks = {site.owner: site.primitive for site in sites}
    sites.extend(_acquisitions(index, path, module_locks, owners, hot))
    sites.extend(_rebound_globals(index, path, hot))
    sites.extend(_foreign_rebindings(index, path, aliases if may_build else None, owners, hot))
    return tuple(sorted(sites, key=lambda s: (s.line, s.role, s.owner)))


def _constructions(
    index: ModuleIndex,
    path: str,
    aliases: dict[str, str],
    owners: _Owners,
    hot: set[str],
) -> dict[str, LockSite]:
    # Filled as we go: a `Manager()` bound earlier makes `mgr.Lock()` later a lock.
    managers: set[str] = set()
    found: dict[str, LockSite] = {}
    for assign, scope in index.assigns:
        primitive = _constructed(assign.value, aliases, managers)
        if primitive is None:
            continue
        for target in _targets(assign):
            if owners.foreign(target, scope, attribute_only=True):
                continue  # rebinding another module's lock: _foreign_rebindings
            owner = _construction_owner(index, assign, target, scope, owners)
            if primitive == "multiprocessing.Manager":
                managers.add(dotted(target))
            found[owner] = LockSite(
                owner=owner, primitive=primitive, role=LockRole.CONSTRUCTION, path=path,
                line=assign.lineno, function=scope, hot_path=scope in hot,
                how=ast.unparse(assign.value)[:80] if assign.value else "",
            )
    return found


def _targets(assign: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    return assign.targets if isinstance(assign, ast.Assign) else [assign.target]


def _constructed(
    value: ast.expr | None, aliases: dict[str, str], managers: set[str]
) -> str | None:
    """The lock type a right-hand side builds, directly or as a dataclass default factory."""
    if not isinstance(value, ast.Call):
        return None
    return _primitive(value, aliases, managers) or _default_factory(value, aliases)


def _construction_owner(
    index: ModuleIndex,
    assign: ast.Assign | ast.AnnAssign,
    target: ast.expr,
    scope: str,
    owners: _Owners,
) -> str:
    owner = owners.owner(target, scope)
    if scope:
        return owner
    return _class_attr(index, assign) or owner


def _default_factory(call: ast.Call, aliases: dict[str, str]) -> str | None:
    """`field(default_factory=threading.Lock)` in a dataclass body."""
    for keyword in call.keywords:
        if keyword.arg == "default_factory":
            name = canonical(dotted(keyword.value), aliases)
            if name in PRIMITIVES:
                return name
    return None


def _class_attr(index: ModuleIndex, assign: ast.Assign | ast.AnnAssign) -> str | None:
    """Owner `Class.attr` for an assignment directly in a class body."""
    for node, qualname in index.classes:
        if assign in node.body:
            return f"{qualname}.{dotted(_targets(assign)[0])}"
    return None


def _acquisitions(
    index: ModuleIndex,
    path: str,
    locks: dict[str, str],
    owners: _Owners,
    hot: set[str],
) -> list[LockSite]:
    return [
        *_with_acquisitions(index, path, locks, owners, hot),
        *_acquire_calls(index, path, locks, owners, hot),
    ]


def _with_acquisitions(
    index: ModuleIndex,
    path: str,
    locks: dict[str, str],
    owners: _Owners,
    hot: set[str],
) -> Iterator[LockSite]:
    """`with lock:` and `async with lock:` on a known lock."""
    for node, scope in index.withs:
        how = "async with" if isinstance(node, ast.AsyncWith) else "with"
        for item in node.items:
            found = _known_or_pending(item.context_expr, scope, locks, owners)
            if found is None:
                continue
            owner, primitive, pending = found
            blocking = primitive.startswith(BLOCKING) or pending
            held = how == "with" and blocking and _awaits(node)
            yield LockSite(
                owner=owner, primitive=primitive, role=LockRole.ACQUISITION, path=path,
                line=node.lineno, function=scope, hot_path=scope in hot, how=how,
                held_across_await=held, pending=pending,
            )


def _acquire_calls(
    index: ModuleIndex,
    path: str,
    locks: dict[str, str],
    owners: _Owners,
    hot: set[str],
) -> Iterator[LockSite]:
    """`lock.acquire()` on a known lock."""
    for call, scope in index.calls:
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr == "acquire"):
            continue
        found = _known_or_pending(func.value, scope, locks, owners)
        if found is not None:
            owner, primitive, pending = found
            yield LockSite(
                owner=owner, primitive=primitive, role=LockRole.ACQUISITION, path=path,
                line=call.lineno, function=scope, hot_path=scope in hot,
                how="acquire()", pending=pending,
            )


def _known_or_pending(expr: ast.AST, scope: str, locks: dict[str, str],
                      owners: _Owners) -> tuple[str, str, bool] | None:
    """(owner, type, False) of a lock of this module, or (as written, "", True) for another's:
    pending, its type is known once analysis finds the module that binds it."""
    owner = _resolve(expr, scope, locks, owners)
    if owner is not None:
        return owner, locks[owner], False
    foreign = owners.foreign(expr, scope)
    return (foreign, "", True) if foreign else None


def _resolve(expr: ast.AST, scope: str, locks: dict[str, str], owners: _Owners) -> str | None:
    if isinstance(expr, ast.Call):  # `with lock.acquire_timeout(..)` style helpers are not locks
        return None
    candidates = [owners.owner(expr, scope), dotted(expr)]
    # A local of an enclosing function (closures see their parent's locals).
    parts = scope.split(".")
    candidates += [".".join([*parts[:i], dotted(expr)]) for i in range(len(parts) - 1, 0, -1)]
    return next((c for c in candidates if c in locks), None)


def _foreign_rebindings(
    index: ModuleIndex, path: str, aliases: dict[str, str] | None, owners: _Owners, hot: set[str]
) -> Iterator[LockSite]:
    """`mod.NAME = ..` and `mod.NAME += ..`: rebinding a global of module `mod` from here.

    `aliases` None: nothing here can build a lock, so the right-hand sides are not checked.
    """
    assigns: list[tuple[ast.Assign | ast.AnnAssign | ast.AugAssign, str, list[ast.expr]]]
    assigns = [(a, scope, _targets(a)) for a, scope in index.assigns]
    assigns += [(a, scope, [a.target]) for a, scope in index.augassigns]
    for assign, scope, targets in assigns:
        for target in targets:
            if not isinstance(target, ast.Attribute):
                continue  # `mod.NAME` is an attribute; most targets are plain names
            owner = owners.foreign(target, scope, attribute_only=True)
            if owner is not None:
                yield LockSite(
                    owner=owner, primitive=_rebound_kind(assign, aliases),
                    role=LockRole.REBINDING, path=path, line=assign.lineno, function=scope,
                    hot_path=scope in hot, how=FOREIGN_REBINDING, pending=True,
                )


def _rebound_kind(
    assign: ast.Assign | ast.AnnAssign | ast.AugAssign, aliases: dict[str, str] | None
) -> str:
    """Checked only for foreign targets: most assignments rebind nothing foreign."""
    if aliases is None or isinstance(assign, ast.AugAssign):
        return MUTABLE_GLOBAL
    return _constructed(assign.value, aliases, set()) or MUTABLE_GLOBAL


def _awaits(node: ast.With | ast.AsyncWith) -> bool:
    return any(isinstance(inner, ast.Await) for stmt in node.body for inner in ast.walk(stmt))


def _rebound_globals(index: ModuleIndex, path: str, hot: set[str]) -> list[LockSite]:
    if not index.globals:
        return []  # no `global` statement: nothing rebinds a module binding from a function
    module_bindings = _module_bindings(index.tree)
    by_name = {f.qualname: f for f in index.functions}
    sites = []
    for node, scope in index.globals:
        function = by_name.get(scope)
        if function is None:
            continue
        stored = _stored_names(function)
        for name in node.names:
            if name not in stored:
                continue  # `global x` only to read it: no rebinding
            sites.append(
                LockSite(
                    owner=name, primitive=MUTABLE_GLOBAL, role=LockRole.REBINDING, path=path,
                    line=node.lineno, function=scope, hot_path=scope in hot,
                    how="global rebinding",
                )
            )
    first_lines = {s.owner for s in sites}
    declarations = [
        LockSite(
            owner=name, primitive=MUTABLE_GLOBAL, role=LockRole.CONSTRUCTION, path=path,
            line=module_bindings[name], how="module-level binding",
        )
        for name in sorted(first_lines)
        if name in module_bindings
    ]
    return declarations + sites


def _module_bindings(tree: ast.Module) -> dict[str, int]:
    lines: dict[str, int] = {}
    for stmt in tree.body:
        targets: list[ast.expr] = []
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
            targets = [stmt.target]
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Name):
                    lines.setdefault(node.id, stmt.lineno)
    return lines


def _stored_names(function: ScopedFunction) -> set[str]:
    return {
        node.id
        for node in ast.walk(function.node)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
    }
