"""What lock-to-actor reads from Python code with libcst: which names a critical section binds
and reads, and what in it cannot move to a worker (with the reason)."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from nova_refactor.codemods.python.cst_names import dotted

# Flask/werkzeug proxies bound to the calling thread: a worker thread must not read them
CONTEXT_LOCALS = frozenset({"request", "g", "session", "current_app"})
THREAD_LOCKS = frozenset({"threading.Lock", "threading.RLock", "Lock", "RLock"})
ASYNC_LOCKS = frozenset({"asyncio.Lock"})


@dataclass(frozen=True, slots=True)
class PyLock:
    owner: str  # as the lock inventory names it
    name: str  # the global's name, or the attribute of `self`
    class_name: str  # "" for a module-level lock

    def is_lock(self, expr: cst.BaseExpression, class_name: str) -> bool:
        if not self.class_name:
            return isinstance(expr, cst.Name) and expr.value == self.name
        return class_name == self.class_name and isinstance(expr, cst.Attribute) and \
            isinstance(expr.value, cst.Name) and expr.value.value == "self" and \
            expr.attr.value == self.name


def lock_kind(call: cst.BaseExpression) -> str:
    """"thread" for `threading.Lock()` / `RLock()`, "asyncio" for `asyncio.Lock()`, else ""."""
    if not isinstance(call, cst.Call):
        return ""
    name = dotted(call.func)
    if name in THREAD_LOCKS:
        return "thread"
    return "asyncio" if name in ASYNC_LOCKS else ""


def target_names(target: cst.CSTNode) -> set[str]:
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        return {n for e in target.elements for n in target_names(e.value)}
    if isinstance(target, cst.StarredElement):
        return target_names(target.value)
    return set()


class Names(cst.CSTVisitor):
    """Names bound and names read in a piece of code (nested functions and classes apart)."""

    def __init__(self, skip: cst.CSTNode | None = None) -> None:
        self.bound: set[str] = set()
        self.read: set[str] = set()
        self.globals: set[str] = set()
        self.skip = skip

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node is self.skip:
            return False
        return super().on_visit(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False  # its own scope

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_Global(self, node: cst.Global) -> None:
        self.globals |= {n.name.value for n in node.names}

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self.bound |= target_names(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.bound |= target_names(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self.bound |= target_names(node.target)

    def visit_For(self, node: cst.For) -> None:
        self.bound |= target_names(node.target)

    def visit_AsName(self, node: cst.AsName) -> None:
        self.bound |= target_names(node.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self.bound |= target_names(node.target)

    def visit_Name(self, node: cst.Name) -> None:
        self.read.add(node.value)


def names_of(node: cst.CSTNode, skip: cst.CSTNode | None = None) -> Names:
    found = Names(skip)
    node.visit(found)
    return found


class Blockers(cst.CSTVisitor):
    """What in a critical section cannot run as a command on a worker: (kind, node)."""

    def __init__(self, context_locals: frozenset[str], reentrant: frozenset[str],
                 allow_await: bool = False) -> None:
        # `async with` on an asyncio.Lock: awaiting under it is what it is for, and the task
        # actor awaits the command as the lock was held
        self.allow_await = allow_await
        self.found: list[tuple[str, cst.CSTNode]] = []
        self.returns: list[cst.Return] = []
        self.loops = 0
        self.context_locals = context_locals
        self.reentrant = reentrant
        self.hoisted: dict[str, cst.Attribute] = {}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_Yield(self, node: cst.Yield) -> None:
        self.found.append(("a yield under the lock: the generator would pause on the worker",
                           node))

    def visit_Await(self, node: cst.Await) -> None:
        if not self.allow_await:
                self.found.append(("held across an await: the worker would wait for "
                                   "unrelated work", node))

    def visit_Return(self, node: cst.Return) -> None:
        self.returns.append(node)

    def visit_For(self, node: cst.For) -> None:
        self.loops += 1

    def leave_For(self, node: cst.For) -> None:
        self.loops -= 1

    def visit_While(self, node: cst.While) -> None:
        self.loops += 1

    def leave_While(self, node: cst.While) -> None:
        self.loops -= 1

    def visit_Break(self, node: cst.Break) -> None:
        if not self.loops:
            self.found.append(("a `break` out of the critical section", node))

    def visit_Continue(self, node: cst.Continue) -> None:
        if not self.loops:
            self.found.append(("a `continue` out of the critical section", node))

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if isinstance(node.value, cst.Name) and node.value.value in self.context_locals:
            self.hoisted[f"_{node.value.value}_{node.attr.value}"] = node
            return False  # read on the caller's thread before the command
        return True

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.context_locals:
            self.found.append((f"uses `{node.value}`, bound to the calling thread, as a whole",
                               node))

    def visit_Call(self, node: cst.Call) -> None:
        name = dotted(node.func).removeprefix("self.")
        if name in self.reentrant:
            self.found.append((f"re-entrant: calls `{name}`, which takes the lock itself",
                               node))
