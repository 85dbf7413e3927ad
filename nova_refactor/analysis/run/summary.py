"""The refactor plan's "before table" and the top offenders, from per-file facts."""

from __future__ import annotations

import heapq
import statistics
from collections.abc import Sequence

from nova_refactor.analysis.naming import is_test
from nova_refactor.analysis.python.foreign_locks import foreign_globals
from nova_refactor.analysis.python.modules import module_name
from nova_refactor.model import (
    MUTABLE_GLOBAL,
    Entrypoint,
    FileFacts,
    FunctionFacts,
    LineCounts,
    LockRole,
    LockSite,
    Offender,
    Offenders,
    Route,
    Summary,
)

LOCK_ROLES = ("construction",)


def total_lines(files: Sequence[FileFacts]) -> LineCounts:
    return LineCounts(
        physical=sum(f.lines.physical for f in files),
        code=sum(f.lines.code for f in files),
        comment=sum(f.lines.comment for f in files),
        blank=sum(f.lines.blank for f in files),
        logical=sum(f.lines.logical for f in files),
    )


def summarize(
    files: Sequence[FileFacts],
    entrypoints: Sequence[Entrypoint],
    locks: Sequence[LockSite],
    routes: Sequence[Route],
    diagnostics: int,
    threshold: int,
) -> Summary:
    functions = _functions(files)
    shared_locks, mutable_globals, hot_path_acquisitions = _lock_counts(locks)
    mis = [f.maintainability for f in files if f.maintainability is not None]
    return Summary(
        files=len(files),
        lines=total_lines(files),
        functions=len(functions),
        entrypoints=tuple((e.path, e.lines) for e in entrypoints),
        largest_file=_largest_file(files),
        max_complexity=_most_complex(functions),
        mean_complexity=_mean_complexity(functions),
        complexity_threshold=threshold,
        functions_over_threshold=sum(1 for _, fn in functions if fn.complexity > threshold),
        shared_locks=shared_locks,
        mutable_globals=mutable_globals,
        hot_path_acquisitions=hot_path_acquisitions,
        mi_min=min(mis, default=None),
        mi_max=max(mis, default=None),
        routes=counted_routes(routes),
        diagnostics=diagnostics,
    )


def counted_routes(routes: Sequence[Route]) -> int:
    """The one route figure every document shows (analyze, report, plan, ADRs, compare):
    routes that are mounted on an app and fully resolved. Unmounted or unresolved routes are
    listed in the inventory, never counted."""
    return sum(1 for route in routes if route.counted)


def _functions(files: Sequence[FileFacts]) -> list[tuple[str, FunctionFacts]]:
    return [(f.path, fn) for f in files for fn in f.functions]


def _largest_file(files: Sequence[FileFacts]) -> Offender | None:
    largest = max(files, key=lambda f: (f.lines.physical, f.path), default=None)
    if largest is None:
        return None
    return Offender(largest.path, 1, largest.path, largest.lines.physical)


def _most_complex(functions: list[tuple[str, FunctionFacts]]) -> Offender | None:
    most = max(functions, key=lambda item: (item[1].complexity, item[0]), default=None)
    if most is None:
        return None
    path, fn = most
    return Offender(path, fn.line, fn.name, fn.complexity)


def _mean_complexity(functions: list[tuple[str, FunctionFacts]]) -> float:
    if not functions:
        return 0.0
    return round(statistics.fmean(fn.complexity for _, fn in functions), 2)


def _lock_counts(locks: Sequence[LockSite]) -> tuple[int, int, int]:
    """(shared locks, mutable globals, acquisitions on request paths). A global rebound
    from other modules (`app_state.counter += 1`) counts once, with its module's own. Locks
    and globals of test code are left out, as the plan's lock phase leaves them out: the
    before table and Phase 2 count the same things."""
    locks = _product_code(locks)
    constructions = [s for s in locks if s.role == LockRole.CONSTRUCTION]
    shared = sum(1 for s in constructions if s.primitive != MUTABLE_GLOBAL)
    globals_ = {f"{module_name(s.path)}.{s.owner}" for s in constructions
                if s.primitive == MUTABLE_GLOBAL}
    hot = sum(1 for s in locks if s.role == LockRole.ACQUISITION and s.hot_path)  # not rebindings
    return shared, len(globals_ | foreign_globals(locks)), hot


def _product_code(locks: Sequence[LockSite]) -> list[LockSite]:
    return [s for s in locks if not is_test(s.path)]


def offenders(files: Sequence[FileFacts], top: int) -> Offenders:
    # `nsmallest(n, ..)` is `sorted(..)[:n]` without sorting all of Django's 9,000 functions
    largest = heapq.nsmallest(top, files, key=lambda f: (-f.lines.physical, f.path))
    complex_ = heapq.nsmallest(top, _functions(files),
                               key=lambda item: (-item[1].complexity, item[0], item[1].line))
    parsed = [f for f in files if f.maintainability is not None and f.lines.code]
    lowest = heapq.nsmallest(top, parsed, key=lambda f: (f.maintainability, f.path))
    return Offenders(
        largest_files=tuple(Offender(f.path, 1, f.path, f.lines.physical) for f in largest),
        most_complex=tuple(
            Offender(path, fn.line, fn.name, fn.complexity) for path, fn in complex_
        ),
        lowest_mi=tuple(Offender(f.path, 1, f.path, f.maintainability or 0.0) for f in lowest),
    )
