"""Rewrite one Python module: a lock becomes an actor, each `with LOCK:` block one command.

    with STATS_LOCK:                         def _locked_after_request():
        request_counter += 1          ->         global request_counter
        name = request.endpoint                  request_counter += 1
                                                 ...
                                             STATS_LOCK.call(_locked_after_request)

The block's code moves into a nested function the worker runs (`ThreadActor.call` waits for
it, so the caller sees its result or its exception). Names it assigns keep their meaning:
`global` for the enclosing function's globals, `nonlocal` for its other locals, returned and
rebound for names first bound in the block and used after it. Flask's thread-bound proxies
(`request.endpoint`) are read before, on the caller's thread. `async with` on an
`asyncio.Lock` becomes `await LOCK.call(...)` of an `async def` on a `TaskActor`.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from nova_refactor.codemods.actor.model import Refusal
from nova_refactor.codemods.actor.py_facts import Blockers, PyLock, lock_kind, names_of


class LockToActor(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, path: str, lock: PyLock, context_locals: frozenset[str],
                 reentrant: frozenset[str]) -> None:
        super().__init__()
        self.path, self.lock = path, lock
        self.context_locals, self.reentrant = context_locals, reentrant
        self.classes: list[str] = []
        self.functions: list[cst.FunctionDef] = []
        self.refusals: list[Refusal] = []
        self.converted = 0
        self.sites: list[str] = []  # "path:line: what" of every block made a command
        self.built: set[str] = set()  # "thread" / "asyncio": which actor classes are used
        self.counter: dict[str, int] = {}
        # per function: globals its moved blocks assigned (the command declares them now)
        self.moved_globals: dict[int, set[str]] = {}

    def _site(self, node: cst.CSTNode) -> str:
        return f"{self.path}:{self.get_metadata(PositionProvider, node).start.line}"

    def _refuse(self, node: cst.CSTNode, reason: str) -> None:
        self.refusals.append(Refusal(self._site(node), reason))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.append(node.name.value)

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        self.classes.pop()
        return updated

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.append(node)

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef
                          ) -> cst.FunctionDef:
        self.functions.pop()
        moved = self.moved_globals.pop(id(original), set())
        return _drop_globals(updated, moved) if moved else updated

    @property
    def class_name(self) -> str:
        return self.classes[-1] if self.classes else ""

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        """`LOCK = threading.Lock()` (also a rebinding) -> `LOCK = ThreadActor("LOCK")`."""
        kind = lock_kind(updated.value)
        if not kind or not any(self.lock.is_lock(t.target, self.class_name)
                               for t in updated.targets):
            return updated
        self.built.add(kind)
        actor = "ThreadActor" if kind == "thread" else "TaskActor"
        call = cst.Call(cst.Name(actor), [cst.Arg(cst.SimpleString(f'"{self.lock.owner}"'))])
        return updated.with_changes(value=call)

    def leave_With(self, original: cst.With, updated: cst.With
                   ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        if len(original.items) != 1 or \
                not self.lock.is_lock(original.items[0].item, self.class_name):
            return updated
        if original.items[0].asname is not None or not self.functions:
            self._refuse(original, "a `with` block outside a function, or binding the lock "
                                   "with `as`")
            return updated
        blockers = Blockers(self.context_locals, self.reentrant,
                            allow_await=original.asynchronous is not None)
        original.body.visit(blockers)
        last = self.functions[-1].body.body[-1] is original
        problem = blockers.found[0] if blockers.found else None
        if problem is None and blockers.returns and not last:
            problem = ("an early return under the lock with code after the block",
                       blockers.returns[0])
        if problem is not None:
            self._refuse(problem[1], problem[0])
            return updated
        self._record(original)
        return cst.FlattenSentinel(self._command(original, updated, blockers, last))

    def _record(self, block: cst.With) -> None:
        self.converted += 1
        function = self.functions[-1].name.value
        awaited = " (awaited)" if block.asynchronous is not None else ""
        self.sites.append(f"{self._site(block)}: `with` block in `{function}` -> one "
                          f"command{awaited}")

    def _command(self, original: cst.With, updated: cst.With, blockers: Blockers,
                 last: bool) -> list[cst.BaseStatement]:
        function = self.functions[-1]
        global_names, shared, returned = _scopes(function, original)
        self.moved_globals.setdefault(id(function), set()).update(global_names)
        name = self._name(function.name.value)
        declared: list[cst.BaseStatement] = [
            cst.parse_statement(f"{kw} {', '.join(names)}") for kw, names in
            (("global", global_names), ("nonlocal", shared)) if names]
        body = declared + [s for s in updated.body.body if isinstance(s, cst.BaseStatement)]
        body = _replace_proxies(body, blockers)
        if returned and not blockers.returns:
            body.append(cst.parse_statement(f"return {', '.join(returned)}"))
        asynchronous = original.asynchronous is not None
        nested = cst.FunctionDef(cst.Name(name), cst.Parameters(), cst.IndentedBlock(body),
                                 asynchronous=cst.Asynchronous() if asynchronous else None)
        final = _call(original, name, returned, last and bool(blockers.returns))
        hoists = [cst.parse_statement(f"{local} = {cst.Module([]).code_for_node(attr)}")
                  for local, attr in blockers.hoisted.items()]
        statements: list[cst.BaseStatement] = [*hoists, nested, cst.parse_statement(final)]
        statements[0] = statements[0].with_changes(leading_lines=original.leading_lines)
        return statements

    def _name(self, function: str) -> str:
        count = self.counter.get(function, 0) + 1
        self.counter[function] = count
        suffix = f"_{count}" if count > 1 else ""
        return f"_locked_{function.strip('_')}{suffix}"


def _call(block: cst.With, name: str, returned: list[str], returns: bool) -> str:
    """`LOCK.call(fn)` (awaited for a TaskActor), returned or rebinding what it hands back."""
    receiver = cst.Module([]).code_for_node(block.items[0].item)
    call = f"{'await ' if block.asynchronous is not None else ''}{receiver}.call({name})"
    if returns:
        return f"return {call}"
    return f"{', '.join(returned)} = {call}" if returned else call


def _scopes(function: cst.FunctionDef, block: cst.With
            ) -> tuple[list[str], list[str], list[str]]:
    """For the names the block assigns: (`global` ones, `nonlocal` ones: other locals of the
    function, returned ones: first bound in the block and read elsewhere in the function)."""
    inner, outer = names_of(block.body), names_of(function.body, skip=block)
    params = {p.name.value for p in (*function.params.params, *function.params.kwonly_params)}
    global_names = sorted(inner.bound & outer.globals)
    shared = sorted((inner.bound & (outer.bound | params)) - outer.globals)
    returned = sorted((inner.bound - outer.bound - params - outer.globals) & outer.read)
    return global_names, shared, returned


def _drop_globals(function: cst.FunctionDef, moved: set[str]) -> cst.FunctionDef:
    """`global x` the function itself no longer needs once the command assigns `x`."""
    still = names_of(function.body).bound
    body = []
    for statement in function.body.body:
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
        if isinstance(small, cst.Global):
            kept = [n for n in small.names if n.name.value not in moved or n.name.value in still]
            if not kept:
                continue
            names = [n.with_changes(comma=cst.MaybeSentinel.DEFAULT) for n in kept]
            statement = statement.with_changes(body=[small.with_changes(names=names)])
        body.append(statement)
    return function.with_changes(body=function.body.with_changes(body=body))


class _Proxies(cst.CSTTransformer):
    def __init__(self, hoisted: dict[str, cst.Attribute]) -> None:
        super().__init__()
        self.by_text = {cst.Module([]).code_for_node(a): local for local, a in hoisted.items()}

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute
                        ) -> cst.BaseExpression:
        local = self.by_text.get(cst.Module([]).code_for_node(original))
        return cst.Name(local) if local else updated


def _replace_proxies(body: list[cst.BaseStatement], blockers: Blockers
                     ) -> list[cst.BaseStatement]:
    if not blockers.hoisted:
        return body
    swap = _Proxies(blockers.hoisted)
    return [statement.visit(swap) for statement in body]  # type: ignore[misc]
