"""Routes by domain: a routes module over the size limit is cut into several, in source order.

Only module-level route functions move (`@app.route("/queue")`, `@app.get(..)`): each keeps
its decorator, function name and therefore its endpoint name and `url_for` target, and every
hook stays in `routes.py` with the app. The cuts follow the source, so routes register in
their original order (Starlette matches in that order): group modules are imported right after
`routes.py`, first cut first. Nothing effectful other than route functions may follow a cut
(an `app.include_router(..)` after some routes keeps everything up to it in `routes.py`). A
helper joins a group when only that group uses it; anything the rest of `routes.py` or another
group uses stays in `routes.py`, which every group imports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from nova_refactor.codemods.python.placement import Slot
from nova_refactor.codemods.python.statements import Stmt

ROUTE_DECORATOR = re.compile(
    r"^@(?P<base>\w+)\.(?:route|get|post|put|patch|delete|api_route|websocket)\(\s*[\"']/"
    r"(?P<prefix>[^/\"'<{]*)", re.MULTILINE)  # at the start of a line: the def's own decorators
TARGET_LINES = 380  # a group's statements, leaving room for imports under a 500-line limit


@dataclass(frozen=True, slots=True)
class Group:
    key: str  # first URL segment of its first route: the module is `routes_<key>`
    members: frozenset[int]  # statement indexes


def group_routes(stmts: Sequence[Stmt], slots: list[Slot], level: int,
                 limit: int) -> list[Group]:
    """Groups cut out of the statements at `level` when they would exceed `limit` lines."""
    here = [s for s in stmts if slots[s.index].level == level and not s.is_import]
    if sum(map(_size, here)) <= limit:
        return []
    members = [set(c) for c in _chunks(_movable_routes(here))]
    _attach_helpers(here, members, stmts)
    _settle(here, members, stmts)
    return [group for group in (_group(stmts, found) for found in members) if group]


def _movable_routes(here: list[Stmt]) -> list[Stmt]:
    return [s for s in here[_first_movable(here):] if _route_key(s) is not None]


def _group(stmts: Sequence[Stmt], found: set[int]) -> Group | None:
    keys = [_route_key(stmts[i]) for i in sorted(found)]
    first = next((k for k in keys if k is not None), None)
    return None if first is None else Group(first, frozenset(found))


def _size(s: Stmt) -> int:
    return s.end_line - s.start_line + 3  # two blank lines between top-level statements


def _route_key(s: Stmt) -> str | None:
    if not isinstance(s.node, cst.FunctionDef):
        return None
    head = s.code.lstrip()
    return route_prefix(head[: head.find("def ")])  # decorators only, not nested routes


def route_prefix(head: str) -> str | None:
    """First URL segment of the first route decorator in `head` ("root" for `/`)."""
    match = ROUTE_DECORATOR.search(head)
    return None if match is None else (match.group("prefix") or "root")


def _first_movable(here: list[Stmt]) -> int:
    """Position after the last effectful statement (not a function or class) that uses
    something of this module (`app.include_router(..)`, `app.register_blueprint(..)`): what
    registers on the app keeps its order with the routes. Other effects (installing a signal
    handler) do not touch the routes' registration."""
    local = set().union(*(s.defines for s in here))
    last = -1
    for i, s in enumerate(here):
        if s.effectful and not isinstance(s.node, (cst.FunctionDef, cst.ClassDef)) \
                and (s.uses | s.rebinds) & local:
            last = i
    return last + 1


def _chunks(routes: list[Stmt]) -> list[list[int]]:
    """Consecutive routes, cut where the URL prefix changes once a chunk has a third of its
    size (a domain), or where the next route would take it over the size."""
    chunks: list[list[int]] = []
    size, key = TARGET_LINES + 1, None
    for s in routes:
        new_domain = _route_key(s) != key and size >= TARGET_LINES // 3
        if size + _size(s) > TARGET_LINES or new_domain:
            chunks.append([])
            size = 0
        chunks[-1].append(s.index)
        size, key = size + _size(s), _route_key(s)
    return chunks


def _users(stmts: Sequence[Stmt], s: Stmt) -> set[int]:
    names = s.defines
    return {u.index for u in stmts if u.index != s.index and (u.uses | u.rebinds) & names}


def _attach_helpers(here: list[Stmt], members: list[set[int]], stmts: Sequence[Stmt]) -> None:
    """A plain function or class used only by one group's statements joins that group."""
    changed = True
    while changed:
        changed = False
        placed = set().union(*members)
        for s in here:
            if s.index in placed or s.effectful or not isinstance(
                    s.node, (cst.FunctionDef, cst.ClassDef)):
                continue
            users = _users(stmts, s)
            owners = [i for i, m in enumerate(members) if users and users <= m]
            if owners:
                members[owners[0]].add(s.index)
                changed = True


def _settle(here: list[Stmt], members: list[set[int]], stmts: Sequence[Stmt]) -> None:
    """What `routes.py` itself or another group uses goes back to `routes.py` (every group
    imports it; groups never import each other), until nothing changes."""
    here_ids = {s.index for s in here}
    changed = True
    while changed:
        changed = False
        for i, group in enumerate(members):
            outside = here_ids - group
            for index in sorted(group):
                users = _users(stmts, stmts[index]) & here_ids
                if users & outside:
                    group.discard(index)
                    changed = True
            members[i] = group
