"""The actix-web `App::new()` chain of `main` (usually inside `HttpServer::new(move || ..)`):
its `app_data`, `route`, `service`, `configure` and `default_service` calls move, in their
order, to `routes::configure(cfg: &mut web::ServiceConfig, ..)` (or the module name chosen
in its place, rust/targets.py); app-level `wrap`s stay on
the `App` (actix applies them to every route wherever they are written). Bindings the moved
calls read become typed reference parameters; the chain calls `.configure(|cfg| ..)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nova_refactor.codemods.rust.planner import Param
from nova_refactor.codemods.rust.statements import Stmt
from nova_refactor.frontends.rust.chains import Call, callee, is_outermost, unwind
from nova_refactor.frontends.rust.syntax import text, walk

MOVABLE = frozenset({"app_data", "route", "service", "configure", "default_service",
                     "external_resource"})


@dataclass
class RouteMove:
    stmt: Stmt
    calls: list[Call]  # the moved calls, in order
    params: list[Param]
    service_config: str  # how `ServiceConfig` is written in main's scope


def find_app_chain(stmt: Stmt) -> list[Call] | None:
    for node in walk(stmt.node):
        if node.type != "call_expression" or not is_outermost(node):
            continue
        root, calls = unwind(node)
        if callee(root).endswith("App::new") and calls:
            return calls
    return None


def plan_routes(stmt: Stmt, types: dict[tuple[int, str], str], imports: dict[str, str],
                wiring: re.Pattern[str]) -> tuple[RouteMove | None, str]:
    """The route move for `stmt`, or None and why not; `wiring`: a path into the split's
    modules (`routes::configure` registered by an earlier split)."""
    calls = find_app_chain(stmt)
    if calls is None:
        return None, ""
    if any(c.method == "configure" and wiring.search(text(a)) for c in calls for a in c.args):
        return None, ""  # already registered through routes.rs
    moved = [c for c in calls if c.method in MOVABLE]
    if not moved:
        return None, "the App chain registers no routes or app_data"
    params, why = _params(stmt, moved, types)
    if why:
        return None, why
    return RouteMove(stmt, moved, params, _service_config(imports)), ""


def _params(stmt: Stmt, moved: list[Call], types: dict[tuple[int, str], str]
            ) -> tuple[list[Param], str]:
    """The bindings of `main` the moved calls read, typed; or why they cannot move."""
    params: dict[str, Param] = {}
    for call in moved:
        for name in sorted(_identifiers(call) & set(stmt.reaching)):
            written = types.get((stmt.reaching[name], name))
            if written is None:
                return [], (f"routes stay in main: `.{call.method}(..)` reads `{name}`, "
                            "whose type cannot be inferred")
            params[name] = Param(name, written, False, False)
    return list(params.values()), ""


def _identifiers(call: Call) -> set[str]:
    return {text(n) for arg in call.args for n in walk(arg) if n.type == "identifier"}


def _service_config(imports: dict[str, str]) -> str:
    if "ServiceConfig" in imports:
        return "ServiceConfig"
    if "web" in imports:
        return "web::ServiceConfig"
    return "actix_web::web::ServiceConfig"


def call_span(call: Call) -> tuple[int, int]:
    """Bytes of `.method(args)` with the whitespace before the dot."""
    function = call.node.child_by_field_name("function")
    receiver = function.child_by_field_name("value") if function is not None else None
    start = receiver.end_byte if receiver is not None else call.node.start_byte
    return start, call.node.end_byte


def moved_lines(move: RouteMove) -> tuple[int, int]:
    """First and last line of the moved calls (wraps between them stay on the App)."""
    return move.calls[0].line, move.calls[-1].node.end_point[0] + 1


def configure_body(source: bytes, move: RouteMove) -> str:
    pieces = [source[slice(*call_span(c))].decode("utf-8") for c in move.calls]
    return "cfg" + "".join(pieces) + ";"


def mount_text(move: RouteMove, module: str = "routes") -> str:
    if not move.params:
        return f".configure({module}::configure)"
    args = ", ".join(f"&{p.name}" for p in move.params)
    return f".configure(|cfg| {module}::configure(cfg, {args}))"


def edits(source: bytes, move: RouteMove, module: str = "routes") -> list[tuple[int, int, str]]:
    """(start, end, replacement) edits of main.rs for `move`, mounting `module::configure`."""
    found = []
    for position, call in enumerate(move.calls):
        start, end = call_span(call)
        if position == 0:
            chunk = source[start:end].decode("utf-8")
            gap = chunk[: len(chunk) - len(chunk.lstrip())]
            found.append((start, end, gap + mount_text(move, module)))
        else:
            found.append((start, end, ""))
    return found

