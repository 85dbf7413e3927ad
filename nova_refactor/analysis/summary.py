"""The refactor plan's "before table" and the top offenders, from per-file facts."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean

from nova_refactor.model import (
    Entrypoint,
    FileFacts,
    LineCounts,
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
    functions = [(f.path, fn) for f in files for fn in f.functions]
    largest = max(files, key=lambda f: (f.lines.physical, f.path), default=None)
    most = max(functions, key=lambda item: (item[1].complexity, item[0]), default=None)
    mis = [f.maintainability for f in files if f.maintainability is not None]
    constructions = [s for s in locks if s.role == "construction"]
    return Summary(
        files=len(files),
        lines=total_lines(files),
        functions=len(functions),
        entrypoints=tuple((e.path, e.lines) for e in entrypoints),
        largest_file=Offender(largest.path, 1, largest.path, largest.lines.physical)
        if largest
        else None,
        max_complexity=Offender(most[0], most[1].line, most[1].name, most[1].complexity)
        if most
        else None,
        mean_complexity=round(fmean(fn.complexity for _, fn in functions), 2) if functions else 0.0,
        complexity_threshold=threshold,
        functions_over_threshold=sum(1 for _, fn in functions if fn.complexity > threshold),
        shared_locks=sum(1 for s in constructions if s.primitive != "mutable global"),
        mutable_globals=sum(1 for s in constructions if s.primitive == "mutable global"),
        hot_path_acquisitions=sum(1 for s in locks if s.role != "construction" and s.hot_path),
        mi_min=min(mis) if mis else None,
        mi_max=max(mis) if mis else None,
        routes=len(routes),
        diagnostics=diagnostics,
    )


def offenders(files: Sequence[FileFacts], top: int) -> Offenders:
    largest = sorted(files, key=lambda f: (-f.lines.physical, f.path))[:top]
    functions = [(f.path, fn) for f in files for fn in f.functions]
    complex_ = sorted(functions, key=lambda item: (-item[1].complexity, item[0], item[1].line))
    parsed = [f for f in files if f.maintainability is not None and f.lines.code]
    lowest = sorted(parsed, key=lambda f: (f.maintainability, f.path))[:top]
    return Offenders(
        largest_files=tuple(Offender(f.path, 1, f.path, f.lines.physical) for f in largest),
        most_complex=tuple(
            Offender(path, fn.line, fn.name, fn.complexity) for path, fn in complex_[:top]
        ),
        lowest_mi=tuple(Offender(f.path, 1, f.path, f.maintainability or 0.0) for f in lowest),
    )
