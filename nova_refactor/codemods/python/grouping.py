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
    r"^@(?P<base>\w+)\.(?:route|get|post|put|patch|delete|api_route|websocket)\(\s*[\"']/"
    r"(?P<path>[^\"']*)", re.MULTILINE)  # at the start of a line: the def's own decorators
# path segments that name no domain: `/api/v1/users` is about users
GENERIC_SEGMENT = re.compile(r"^(?:api|v\d+(?:\.\d+)*|[<{].*)$")
# import-time code that reads what is registered: routes must be registered before it runs
ROUTE_TABLE_READ = re.compile(r"\.(url_map|view_functions|iter_rules|routes)\b")
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
    members = [set(c) for c in _chunks(_movable_routes(here, stmts))]
    _attach_helpers(here, members, stmts)
    _settle(here, members, stmts)
    return [group for group in (_group(stmts, found) for found in members) if group]


def _movable_routes(here: list[Stmt], stmts: Sequence[Stmt]) -> list[Stmt]:
    """Routes after the last effect they must follow; a route on a Flask app itself may
    also move past effects that do not read the route table, since Werkzeug matches
    rules by their shape, not by when they were added (a blueprint's routes must still
    precede its `register_blueprint`, and Starlette matches in registration order)."""
    strict = _first_movable(here, lambda s: False)
    codes = {name: s.code for s in stmts if not s.is_import for name in s.defines}

    def commutes(effect: Stmt) -> bool:  # neither it nor a function it calls reads them
        read = [effect.code, *(codes.get(name, "") for name in effect.uses)]
        return not any(ROUTE_TABLE_READ.search(code) for code in read)

    relaxed = _first_movable(here, commutes)
    apps = _flask_apps(stmts)
    return [s for i, s in enumerate(here) if _route_key(s) is not None and (
        i >= strict or (i >= relaxed and _route_base(s) in apps))]


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
    return (named or segments or ["root"])[0]


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
