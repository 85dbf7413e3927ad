"""Routes by domain: a routes module over the size limit is cut into several, in source order.

Only module-level route functions move (`@app.route("/queue")`, `@app.get(..)`): each keeps
its decorator, function name and therefore its endpoint name and `url_for` target, and every
hook stays in `routes.py` with the app. The cuts follow the source, so routes register in
their original order (Starlette matches in that order): group modules are imported right after
`routes.py`, first cut first. Nothing effectful other than route functions may follow a cut
(an `app.include_router(..)` after some routes keeps everything up to it in `routes.py`),
except for routes on a Flask app, which Werkzeug matches by shape: they move past effects
that read no route table (`app.register_blueprint(..)`, `init()`), not blueprint routes. A
helper joins a group when only that group uses it; anything the rest of `routes.py` or another
group uses stays in `routes.py`, which every group imports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import libcst as cst

from nova_refactor.codemods.python.placement import Slot
from nova_refactor.codemods.python.statements import Stmt

ROUTE_DECORATOR = re.compile(
    r"^@(?P<base>\w+)\.(?:route|get|post|put|patch|delete|head|options|api_route|websocket)\(\s*[\"']/"
    r"(?P<path>[^\"']*)", re.MULTILINE)  # at the start of a line: the def's own decorators
# path segments that name no domain: `/api/v1/users` is about users
GENERIC_SEGMENT = re.compile(r"^(?:api|v\d+(?:\.\d+)*|[<{].*)$")
# import-time code that reads what is registered: routes must be registered before it runs
ROUTE_TABLE_READ = re.compile(r"\.(url_map|view_functions|iter_rules|routes)\b")
INCLUDE = re.compile(r"^\w+\.(?:include_router|register_blueprint)\(", re.MULTILINE)
FLASK_APP = re.compile(r"^\w+(?:\s*:[^=]+)?\s*=\s*(?:flask\.)?Flask\(", re.MULTILINE)
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
    tail = _tail_includes(here)
    members = _cut(here, stmts, tail)
    _attach_helpers(here, members, stmts)
    _settle_in_order(here, members, stmts, _Ordered(here, _flask_apps(stmts),
                                                    {s.index for s in tail}))
    found = (_group(stmts, group) for group in members)
    return [group for group in found if group]


def _cut(here: list[Stmt], stmts: Sequence[Stmt], tail: list[Stmt]) -> list[set[int]]:
    members = [set(c) for c in _chunks(_movable_routes(here, stmts, tail))]
    if members and tail:
        members[-1] |= {s.index for s in tail}  # included once the last group registered
    return members


def _settle_in_order(here: list[Stmt], members: list[set[int]], stmts: Sequence[Stmt],
                     ordered: _Ordered) -> None:
    _settle(here, members, stmts)
    while ordered.put_back(members):
        _settle(here, members, stmts)


def _tail_includes(here: list[Stmt]) -> list[Stmt]:
    """`app.include_router(router)` / `app.register_blueprint(bp)` after the last route,
    with only definitions after them: they copy the routes registered so far, so they go
    with the last group, after every route."""
    routes = [i for i, s in enumerate(here) if _route_key(s) is not None]
    after = here[routes[-1] + 1:] if routes else []
    tail = [s for s in after if INCLUDE.search(s.code)]
    return tail if all(s in tail or not s.effectful for s in after) else []


@dataclass(slots=True)
class _Ordered:
    """Routes not on a Flask app (Starlette matches in registration order) and the tail
    includes register in source order: one left in routes.py after a moved one would now
    run before it, so every moved one before it goes back to routes.py."""

    here: list[Stmt]
    flask_apps: set[str]
    tail: set[int]

    def _in_order(self) -> list[tuple[int, int]]:
        """(position, index) of what must keep its registration order."""
        return [(i, s.index) for i, s in enumerate(self.here) if s.index in self.tail
                or (_route_key(s) is not None and _route_base(s) not in self.flask_apps)]

    def put_back(self, members: list[set[int]]) -> bool:
        placed = set().union(*members)
        ordered = self._in_order()
        moved = [at for at, index in ordered if index in placed]
        late = max((at for at, index in ordered if index not in placed), default=-1)
        if not moved or late < min(moved):
            return False
        early = {index for at, index in ordered if at < late}
        for group in members:
            group -= early
        return True


def _movable_routes(here: list[Stmt], stmts: Sequence[Stmt],
                    tail: list[Stmt]) -> list[Stmt]:
    """Routes after the last effect they must follow (one that touches what routes register
    on: `app.mount(..)`, `app.include_router(..)`); a route on a Flask app itself may
    also move past effects that do not read the route table, since Werkzeug matches
    rules by their shape, not by when they were added (a blueprint's routes must still
    precede its `register_blueprint`, and Starlette matches in registration order)."""
    effects = _Effects(here, stmts)
    strict = _first_movable(here, lambda s: s in tail or not effects.registers(s))
    relaxed = _first_movable(here, lambda s: s in tail or effects.commutes(s))
    apps = _flask_apps(stmts)
    return [s for i, s in enumerate(here) if _route_key(s) is not None and (
        i >= strict or (i >= relaxed and _route_base(s) in apps))]


class _Effects:
    """What an import-time effect does to the routes, looking one call deep."""

    def __init__(self, here: list[Stmt], stmts: Sequence[Stmt]) -> None:
        self.codes = {name: s.code for s in stmts if not s.is_import for name in s.defines}
        self.bases = {_route_base(s) for s in here if _route_key(s) is not None}
        self.called = {name: s.uses for s in here if isinstance(s.node, cst.FunctionDef)
                       for name in s.defines}

    def registers(self, effect: Stmt) -> bool:
        """It or a function it calls touches an object routes register on."""
        names = effect.uses | effect.rebinds
        return bool(self.bases & names.union(*(self.called.get(n, set()) for n in names)))

    def commutes(self, effect: Stmt) -> bool:
        """Neither it nor a function it calls reads the route table."""
        read = [effect.code, *(self.codes.get(name, "") for name in effect.uses)]
        return not any(ROUTE_TABLE_READ.search(code) for code in read)


def _flask_apps(stmts: Sequence[Stmt]) -> set[str]:
    """Names bound to a Flask application (`app = Flask(__name__)`)."""
    return {name for s in stmts if FLASK_APP.search(s.code) for name in s.defines}


def _route_base(s: Stmt) -> str | None:
    match = ROUTE_DECORATOR.search(s.code.lstrip())
    return None if match is None else match.group("base")


def _group(stmts: Sequence[Stmt], found: set[int]) -> Group | None:
    keys = [k for k in (_route_key(stmts[i]) for i in sorted(found)) if k is not None]
    # named after its main domain (the first of equals)
    return Group(max(keys, key=keys.count), frozenset(found)) if keys else None


def _size(s: Stmt) -> int:
    return s.end_line - s.start_line + 3  # two blank lines between top-level statements


def _route_key(s: Stmt) -> str | None:
    if not isinstance(s.node, cst.FunctionDef):
        return None
    head = s.code.lstrip()
    return route_prefix(head[: head.find("def ")])  # decorators only, not nested routes


def route_prefix(head: str) -> str | None:
    """The domain of the first route decorator in `head`: its first path segment that is
    not `api`, a version or a parameter ("root" for `/`)."""
    match = ROUTE_DECORATOR.search(head)
    if match is None:
        return None
    segments = [p for p in match.group("path").split("/") if p]
    named = [p for p in segments if not GENERIC_SEGMENT.match(p)]
    literal = [p for p in segments if not p.startswith(("<", "{"))]
    return (named or literal or ["root"])[0]


def _first_movable(here: list[Stmt], commutes: Callable[[Stmt], bool]) -> int:
    """Position after the last effectful statement (not a function or class) that uses
    something of this module (`app.include_router(..)`, `app.register_blueprint(..)`): what
    registers on the app keeps its order with the routes. Other effects (installing a signal
    handler) do not touch the routes' registration."""
    local = set().union(*(s.defines for s in here))
    last = -1
    for i, s in enumerate(here):
        if s.effectful and not isinstance(s.node, (cst.FunctionDef, cst.ClassDef)) \
                and (s.uses | s.rebinds) & local and not commutes(s):
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
    """What `routes.py` itself or an earlier group uses goes back to `routes.py` (every group
    imports it; a group imports only earlier groups, which are imported before it), until
    nothing changes."""
    here_ids = {s.index for s in here}
    changed = True
    while changed:
        changed = False
        for i, group in enumerate(members):
            outside = here_ids - group - set().union(*members[i + 1:])
            for index in sorted(group):
                users = _users(stmts, stmts[index]) & here_ids
                if users & outside:
                    group.discard(index)
                    changed = True
            members[i] = group
