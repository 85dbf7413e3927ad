"""Plan lock-to-actor on Python code: a pure function of the project and one lock owner.

    plan_python(root, analysis, "STATS_LOCK") -> ActorProposal(lines, changeset, refusals)

The owner is named as the lock inventory names it: a module global (`STATS_LOCK`, or
`main.STATS_LOCK`) or an instance attribute (`FakeRedis._lock`). The module that builds it is
rewritten (libcst), `actors.py` is written next to it; any refusal empties the changeset.
"""

from __future__ import annotations

import re
from pathlib import Path

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from nova_refactor.codemods.actor import py_patterns
from nova_refactor.codemods.actor.model import ActorProposal, Refusal
from nova_refactor.codemods.actor.py_facts import CONTEXT_LOCALS, PyLock, lock_kind
from nova_refactor.codemods.actor.py_transform import LockToActor
from nova_refactor.codemods.changeset import Changeset, build_changeset
from nova_refactor.codemods.python.cst_names import dotted
from nova_refactor.model import Analysis, LockSite
from nova_refactor.vocabulary import SkipKind


def plan_python(root: Path, analysis: Analysis, owner: str) -> ActorProposal:
    sites = [s for s in analysis.locks if s.owner == owner]
    built = [s for s in sites if s.role == "construction" and s.path.endswith(".py")]
    if not built:
        return _refused(root, owner, owner, "not a Python lock in the inventory (`analyze` "
                        "lists the owners)", SkipKind.MISSING)
    path = built[0].path
    if "Condition" in built[0].primitive or "Semaphore" in built[0].primitive:
        return _refused(root, owner, f"{path}:{built[0].line}", f"a {built[0].primitive} "
                        "coordinates threads, it does not guard state: not an actor")
    class_name, _, attr = owner.rpartition(".")
    lock = PyLock(owner, attr, class_name if _is_class(root / path, class_name) else "")
    return _convert(root, path, lock, sites)


def _convert(root: Path, path: str, lock: PyLock, sites: list[LockSite]) -> ActorProposal:
    owner = lock.owner
    source = (root / path).read_text(encoding="utf-8")
    module = MetadataWrapper(cst.parse_module(source))
    transformer = LockToActor(path, lock, _context_locals(module.module),
                              _reentrant(module.module, lock))
    rewritten = module.visit(transformer)
    refusals = transformer.refusals or (_other_uses(module, path, lock, sites) +
                                        imported_uses(root, path, lock))
    if refusals or not transformer.converted:
        reason = [] if refusals else [Refusal(path, "no `with` block takes it", SkipKind.MISSING)]
        return _result(root, owner, path, refusals + reason, {}, [])
    texts = {path: _with_import(rewritten, transformer.built, _package(root / path))}
    texts[str(Path(path).parent / f"{py_patterns.MODULE}.py").removeprefix("./")] = \
        py_patterns.SOURCE
    return _result(root, owner, path, [], texts, transformer.sites)


def _refused(root: Path, owner: str, where: str, reason: str,
             kind: SkipKind = SkipKind.UNSUPPORTED) -> ActorProposal:
    return _result(root, owner, where, [Refusal(where, reason, kind)], {}, [])


def _result(root: Path, owner: str, path: str, refusals: list[Refusal], texts: dict[str, str],
            sites: list[str]) -> ActorProposal:
    if refusals:
        lines = (f"lock-to-actor {owner}: refused", *(f"- {r.render()}" for r in refusals))
        return ActorProposal(lines, Changeset(str(root), ()), tuple(refusals))
    created = [p for p in texts if p.endswith(f"{py_patterns.MODULE}.py")]
    lines = (f"lock-to-actor {owner} ({path})",
             f"- {path}: the lock becomes an actor; {len(sites)} `with` block(s) -> one "
             "command each, run by its worker in arrival order",
             *(f"- {site}" for site in sites),
             f"- new {created[0]}: ThreadActor (queue.Queue + concurrent.futures.Future), "
             "TaskActor (asyncio.Queue)")
    return ActorProposal(lines, build_changeset(root, texts, created), ())


def _is_class(path: Path, name: str) -> bool:
    return bool(name) and f"class {name}" in path.read_text(encoding="utf-8")


def _context_locals(module: cst.Module) -> frozenset[str]:
    """The thread-bound proxies the module imports from flask (`from flask import request`)."""
    found = {a.evaluated_alias or a.evaluated_name for _, imported in _imports_from(module)
             if dotted(imported.module or cst.Name("")) == "flask"
             for a in imported.names}  # type: ignore[union-attr]
    return frozenset(found & CONTEXT_LOCALS)


def _imports_from(module: cst.Module) -> list[tuple[int, cst.ImportFrom]]:
    """The module's top-level `from X import a, b` (not `*`), with their statement index."""
    found = []
    for index, statement in enumerate(module.body):
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
        if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
            found.append((index, small))
    return found


class _Takers(cst.CSTVisitor):
    """Functions (and methods) whose own body has a `with` on the lock."""

    def __init__(self, lock: PyLock) -> None:
        self.lock = lock
        self.stack: list[str] = []
        self.classes: list[str] = []
        self.found: set[str] = set()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.append(node.name.value)

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.append(node.name.value)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.pop()

    def visit_With(self, node: cst.With) -> None:
        where = self.classes[-1] if self.classes else ""
        if self.stack and any(self.lock.is_lock(i.item, where) for i in node.items):
            self.found.add(self.stack[-1])


def _reentrant(module: cst.Module, lock: PyLock) -> frozenset[str]:
    takers = _Takers(lock)
    module.visit(takers)
    return frozenset(takers.found)


class _Uses(cst.CSTVisitor):
    """References to the lock other than `with LOCK:`, building it, or `global LOCK`."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, lock: PyLock) -> None:
        self.lock = lock
        self.classes: list[str] = []
        self.bad: list[int] = []  # lines

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.append(node.name.value)

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.pop()

    def visit_Global(self, node: cst.Global) -> bool:
        return False

    def visit_WithItem(self, node: cst.WithItem) -> bool:
        return not self.lock.is_lock(node.item, self._where())

    def visit_AssignTarget(self, node: cst.AssignTarget) -> bool:
        return not self.lock.is_lock(node.target, self._where())

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, (cst.Name, cst.Attribute)) and \
                self.lock.is_lock(node, self._where()):
            self.bad.append(self.get_metadata(PositionProvider, node).start.line)
            return False
        return super().on_visit(node)

    def _where(self) -> str:
        return self.classes[-1] if self.classes else ""


def _other_uses(module: MetadataWrapper, path: str, lock: PyLock, sites: list[LockSite]
                ) -> list[Refusal]:
    uses = _Uses(lock)
    module.visit(uses)
    found = [Refusal(f"{path}:{line}", f"`{lock.name}` used other than in a `with` block "
                                       "(passed on, acquired by hand, or read)")
             for line in uses.bad]
    elsewhere = sorted({s.path for s in sites if s.path != path and s.role != "declaration"})
    found += [Refusal(p, f"takes `{lock.owner}` from another module: convert that use by "
                         "hand or keep the lock") for p in elsewhere]
    return found


SKIP = frozenset({".git", ".venv", "venv", "node_modules", "__pycache__", ".nova-refactor"})


def imported_uses(root: Path, path: str, lock: PyLock) -> list[Refusal]:
    """`main.STATS_LOCK` or `from main import STATS_LOCK` in another file (tests included: the
    inventory leaves test code out, the rewrite must not)."""
    if lock.class_name:
        return []
    module = path.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
    short = module.rpartition(".")[2]
    pattern = re.compile(rf"\b(?:{re.escape(module)}|{re.escape(short)})\.{lock.name}\b|"
                         rf"^\s*from\s+\S*{re.escape(short)}\s+import\s[^#\n]*\b"
                         rf"{lock.name}\b", re.M)
    found = []
    for file in sorted(root.rglob("*.py")):
        relative = file.relative_to(root).as_posix()
        if relative == path or SKIP & set(file.relative_to(root).parts):
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(Refusal(f"{relative}:{line}", f"uses `{lock.name}` itself (`"
                                 f"{match.group(0).strip()}`): it would get an actor, not a lock"))
    return found


def _package(path: Path) -> bool:
    return (path.parent / "__init__.py").is_file()


def _with_import(module: cst.Module, built: set[str], package: bool) -> str:
    names = sorted({"thread": "ThreadActor", "asyncio": "TaskActor"}[k] for k in built)
    where = f".{py_patterns.MODULE}" if package else py_patterns.MODULE
    body = list(module.body)
    earlier = _earlier_import(module, where)
    if earlier is not None:  # an earlier conversion's import: add to it
        names = sorted(set(names) | {a.evaluated_name
                                     for a in earlier[1].names})  # type: ignore[union-attr]
        body[earlier[0]] = cst.parse_statement(f"from {where} import {', '.join(names)}")
        return _drop_unused(module.with_changes(body=body).code, built)
    line = cst.parse_statement(f"from {where} import {', '.join(names)}")
    imports = [i for i, s in enumerate(body) if isinstance(s, cst.SimpleStatementLine)
               and isinstance(s.body[0], (cst.Import, cst.ImportFrom))]
    at = imports[-1] + 1 if imports else 0
    body.insert(at, line)
    code = module.with_changes(body=body).code
    return _drop_unused(code, built)


def _earlier_import(module: cst.Module, where: str) -> tuple[int, cst.ImportFrom] | None:
    return next(((i, small) for i, small in _imports_from(module)
                 if len(small.relative) == where.startswith(".")
                 and dotted(small.module or cst.Name("")) == py_patterns.MODULE), None)


def _drop_unused(code: str, built: set[str]) -> str:
    """`import threading` (or asyncio) when the lock was its only use."""
    for kind, module in (("thread", "threading"), ("asyncio", "asyncio")):
        if kind in built and f"{module}." not in code.replace(f"import {module}\n", ""):
            code = code.replace(f"import {module}\n", "", 1)
    return code


def is_python_lock(call: cst.BaseExpression) -> bool:
    return bool(lock_kind(call))
