"""Rows shared by every tabular renderer, so the terminal and Markdown views never disagree."""

from __future__ import annotations

from collections.abc import Sequence

from nova_refactor.analysis.run.summary import counted_routes
from nova_refactor.model import LockSite, Offenders, Route, Summary


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g}"


def before_table(summary: Summary, rows: int | None = None) -> list[tuple[str, str]]:
    """`rows` caps the entrypoints listed (a standard library has hundreds)."""
    found = summary.entrypoints if rows is None else sorted(summary.entrypoints,
                                                            key=lambda e: -e[1])
    entries = [f"{path}: {lines} lines" for path, lines in found]
    entry = ", ".join(entries[:rows]) or "none found"
    if rows is not None and len(entries) > rows:
        entry += f", … {len(entries) - rows} more"
    largest = summary.largest_file
    worst = summary.max_complexity
    mi = (
        f"{summary.mi_min:g} .. {summary.mi_max:g}"
        if summary.mi_min is not None and summary.mi_max is not None
        else "n/a"
    )
    return [
        ("Entrypoints", entry),
        ("Largest file", f"{largest.path}: {largest.value:g} lines" if largest else "n/a"),
        ("Files", str(summary.files)),
        ("Lines (physical / code / comment / blank)",
         f"{summary.lines.physical} / {summary.lines.code} / {summary.lines.comment} / "
         f"{summary.lines.blank}"),
        ("Functions", str(summary.functions)),
        ("Max complexity",
         f"{worst.value:g} ({worst.name}, {worst.path}:{worst.line})" if worst else "n/a"),
        ("Mean complexity", _num(summary.mean_complexity)),
        (f"Functions over complexity {summary.complexity_threshold}",
         str(summary.functions_over_threshold)),
        ("Shared locks", str(summary.shared_locks)),
        ("Mutable globals (rebound via `global` or `mod.NAME =`; `static mut`)",
         str(summary.mutable_globals)),
        ("Lock acquisitions on request paths", str(summary.hot_path_acquisitions)),
        ("Maintainability index (min .. max)", mi),
        ("Routes", str(summary.routes)),
        ("Diagnostics (errors and warnings)", str(summary.diagnostics)),
    ]


def offender_sections(
    offenders: Offenders,
) -> list[tuple[str, tuple[str, ...], list[tuple[object, ...]]]]:
    return [
        ("Largest files", ("file", "lines"),
         [(f"{o.path}:{o.line}", f"{o.value:g}") for o in offenders.largest_files]),
        ("Most complex functions", ("function", "where", "complexity"),
         [(o.name, f"{o.path}:{o.line}", f"{o.value:g}") for o in offenders.most_complex]),
        ("Lowest maintainability", ("file", "MI"),
         [(f"{o.path}:{o.line}", f"{o.value:g}") for o in offenders.lowest_mi]),
    ]


def lock_rows(locks: Sequence[LockSite]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for site in locks:
        hot = "yes" if site.hot_path else ""
        if site.hot_path and len(site.via) > 1:  # reached through calls: name the handler
            hot = f"{'by method name' if site.by_name else 'yes'}, from {site.via[0]}"
        if site.held_across_await:
            hot = (hot + " (held across await)").strip()
        rows.append(
            (site.owner, site.primitive, f"{site.role} ({site.how})" if site.how else site.role,
             f"{site.path}:{site.line}", site.function or "<module>", hot)
        )
    return rows


def route_columns(routes: Sequence[Route]) -> tuple[str, ...]:
    """A middleware column only when some route has middleware in force (Rust frameworks)."""
    base = ("method", "path", "handler", "endpoint", "where")
    middleware = ("middleware",) if any(r.middleware for r in routes) else ()
    return (*base, *middleware, *(("condition",) if any(r.condition for r in routes) else ()))


def route_rows(routes: Sequence[Route]) -> list[tuple[object, ...]]:
    with_middleware = any(r.middleware for r in routes)
    with_condition = any(r.condition for r in routes)
    return [
        (r.method, _route_path(r), r.handler, r.endpoint, f"{r.file}:{r.line}",
         *((", ".join(r.middleware),) if with_middleware else ()),
         *((r.condition,) if with_condition else ()))
        for r in routes
    ]


def _route_path(route: Route) -> str:
    if route.unresolved:
        return f"{route.path} (unresolved: {route.unresolved})"
    return route.path if route.mounted else f"{route.path} (not mounted)"


def routes_title(routes: Sequence[Route], title: str = "Routes", always: bool = True) -> str:
    """`Routes (110)`, or `Routes (110 counted of 126 listed)` when some are not mounted or
    not resolved: the count is `Summary.routes`'s, from the same function. `always=False`
    leaves a plain title plain when every route counts."""
    counted = counted_routes(routes)
    if counted != len(routes):
        return f"{title} ({counted} counted of {len(routes)} listed)"
    return f"{title} ({counted})" if always else title
