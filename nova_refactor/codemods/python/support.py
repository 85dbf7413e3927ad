"""Support modules: plain functions and classes cut out of an oversized routes.py by size.

An app factory's module (LightRAG's server) is mostly module-level helpers the factory calls
(`create_embedding_function`, `check_frontend_build`, a config cache class), not routes, so
cutting routes by URL leaves routes.py over the limit. Such a helper moves to a support module
placed just below routes.py when moving it cannot change behaviour:

- it is a `def` or `class` with no import-time effect whose order matters, neither a route
  nor a factory registering routes (those are what routes.py is for);
- every module-level name it reads is defined in a lower module or in a helper already moved,
  so support modules import only lower ones and each other in order: no cycle;
- no function rebinds it through `global` (one home, no stale `from` import);
- it fits in a support module (a factory longer than that stays: moving it helps nothing).

Everything that uses it sits at routes.py's level or above and imports it from there. Moving
a definition down only binds its name earlier; nothing runs.

app_state.py is the lowest module, so its helpers go up instead: a plain definition that
nothing left in app_state.py reads (LightRAG's embedding-function builder, its config cache
class) moves to a support module just above it, and reads what it needs from app_state.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import libcst as cst

from nova_refactor.codemods.python.placement import Slot
from nova_refactor.codemods.python.statements import Stmt

# a route decorator at any depth: an app factory or a route, what routes.py is for
ANY_ROUTE = re.compile(r"^[ \t]*@\w+\.(?:route|get|post|put|patch|delete|head|options|"
                       r"api_route|websocket|include_router|mount)\b", re.MULTILINE)
ANY_REGISTRATION = re.compile(r"\.(?:include_router|register_blueprint|add_api_route|"
                              r"add_url_rule|mount)\(")


def _size(s: Stmt) -> int:
    return s.end_line - s.start_line + 3  # two blank lines between top-level statements


def _written_size(s: Stmt) -> int:
    """Lines a statement takes in the written module: blank lines surround definitions, not
    runs of assignments (an app_state.py of 300 constants is not 900 lines)."""
    blank = 2 if isinstance(s.node, (cst.FunctionDef, cst.ClassDef)) else 0
    return s.end_line - s.start_line + 1 + blank


def support_chunks(stmts: Sequence[Stmt], slots: Sequence[Slot], level: float, limit: int,
                   target: int, up: bool = False) -> list[list[int]]:
    """Chunks (statement indexes, dependencies first) of helpers that leave `level` when its
    statements exceed `limit` lines; each chunk holds at most about `target` lines."""
    here = [s for s in stmts if slots[s.index].level == level and not s.is_import]
    if sum(map(_written_size, here)) <= limit:
        return []
    # one statement longer than a support module stays: moving it brings nothing under
    fits = [s for s in here if _size(s) <= target]
    return _first_fit(_movable_in_dependency_order(stmts, slots, fits, level, up), target)


def _first_fit(moved: list[tuple[Stmt, set[int]]], target: int) -> list[list[int]]:
    """Each helper in the first chunk with room that is not before a chunk it reads from
    (a support module imports only earlier ones)."""
    chunks: list[list[int]] = []
    sizes: list[int] = []
    home: dict[int, int] = {}
    for s, deps in moved:
        first = max((home[d] for d in deps if d in home), default=0)
        at = next((i for i in range(first, len(chunks)) if sizes[i] + _size(s) <= target),
                  len(chunks))
        if at == len(chunks):
            chunks.append([])
            sizes.append(0)
        chunks[at].append(s.index)
        sizes[at] += _size(s)
        home[s.index] = at
    return [sorted(c) for c in chunks]


def _movable_in_dependency_order(stmts: Sequence[Stmt], slots: Sequence[Slot],
                                 here: list[Stmt], level: float, up: bool
                                 ) -> list[tuple[Stmt, set[int]]]:
    """Helpers of `here` that may move (down: all they read is lower; up: all that reads
    them is higher), each with what it reads and after every moved helper it reads."""
    definers = _definers(stmts)
    candidates = _candidates(stmts, here, definers)
    deps = _reads(stmts, definers)
    # going up, a helper waits for what reads it; going down, for what it reads
    waits = _readers(candidates, deps) if up else deps

    def ready(s: Stmt, done: set[int]) -> bool:
        return all(w in done or (slots[w].level > level if up else slots[w].level < level)
                   for w in waits[s.index])

    accepted = _until_settled(candidates, ready)  # mutual recursion stays
    found = [(s, deps[s.index]) for s in accepted]
    return found[::-1] if up else found


def _candidates(stmts: Sequence[Stmt], here: list[Stmt],
                definers: dict[str, set[int]]) -> list[Stmt]:
    """Plain definitions of one name bound once, which no function rebinds."""
    rebound = set().union(*(s.rebinds for s in stmts))
    return [s for s in here if _plain_definition(s) and not s.defines & rebound
            and all(len(definers[n]) == 1 for n in s.defines)]


def _reads(stmts: Sequence[Stmt], definers: dict[str, set[int]]) -> dict[int, set[int]]:
    return {s.index: {d for n in s.uses | s.rebinds for d in definers.get(n, ())} - {s.index}
            for s in stmts if not s.is_import}


def _readers(candidates: list[Stmt], deps: dict[int, set[int]]) -> dict[int, set[int]]:
    return {s.index: {u for u, found in deps.items() if s.index in found} for s in candidates}


def _definers(stmts: Sequence[Stmt]) -> dict[str, set[int]]:
    definers: dict[str, set[int]] = {}
    for s in stmts:
        for name in () if s.is_import else s.defines:
            definers.setdefault(name, set()).add(s.index)
    return definers


def _until_settled(candidates: list[Stmt],
                   ready: Callable[[Stmt, set[int]], bool]) -> list[Stmt]:
    """Candidates in the order they become ready, until none does."""
    accepted: list[Stmt] = []
    done: set[int] = set()
    changed = True
    while changed:
        changed = False
        for s in candidates:
            if s.index not in done and ready(s, done):
                accepted.append(s)
                done.add(s.index)
                changed = True
    return accepted


def _plain_definition(s: Stmt) -> bool:
    return (isinstance(s.node, (cst.FunctionDef, cst.ClassDef)) and not s.effectful
            and not ANY_ROUTE.search(s.code) and not ANY_REGISTRATION.search(s.code))
