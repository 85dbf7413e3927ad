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
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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


def support_chunks(stmts: Sequence[Stmt], slots: Sequence[Slot], level: float, limit: int,
                   target: int) -> list[list[int]]:
    """Chunks (statement indexes, dependencies first) of helpers that leave `level` when its
    statements exceed `limit` lines; each chunk holds at most about `target` lines."""
    here = [s for s in stmts if slots[s.index].level == level and not s.is_import]
    if sum(map(_size, here)) <= limit:
        return []
    # one statement longer than a support module stays: moving it brings nothing under
    moved = [(s, deps) for s, deps in _movable_in_dependency_order(stmts, slots, here, level)
             if _size(s) <= target]
    return _first_fit(moved, target)


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
                                 here: list[Stmt], level: float
                                 ) -> list[tuple[Stmt, set[int]]]:
    """Helpers of `here` that may move down, each after every helper it reads."""
    definers: dict[str, set[int]] = {}
    for s in stmts:
        if not s.is_import:
            for name in s.defines:
                definers.setdefault(name, set()).add(s.index)
    rebound = set().union(*(s.rebinds for s in stmts))
    candidates = [s for s in here if _plain_definition(s) and not s.defines & rebound
                  and all(len(definers[n]) == 1 for n in s.defines)]
    accepted: list[tuple[Stmt, set[int]]] = []
    done: set[int] = set()
    changed = True
    while changed:  # a helper waits for the helpers it reads; mutual recursion stays
        changed = False
        for s in candidates:
            if s.index in done:
                continue
            deps = {d for n in s.uses | s.rebinds for d in definers.get(n, ())} - {s.index}
            if all(d in done or slots[d].level < level for d in deps):
                accepted.append((s, deps))
                done.add(s.index)
                changed = True
    return accepted


def _plain_definition(s: Stmt) -> bool:
    return (isinstance(s.node, (cst.FunctionDef, cst.ClassDef)) and not s.effectful
            and not ANY_ROUTE.search(s.code) and not ANY_REGISTRATION.search(s.code))
