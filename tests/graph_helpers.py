"""Synthetic analyses for graph and boundary tests (any language, no parsing)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from nova_refactor.model import (
    Analysis,
    Entrypoint,
    FileFacts,
    ImportEdge,
    LineCounts,
    LockSite,
    Offenders,
    Route,
    Signal,
    SignalKind,
    Summary,
)

TEST_SIGNAL = Signal(SignalKind.FILE_NAME, "test")

Edge = tuple[str, str] | tuple[str, str, Sequence[str]]


def synthetic(
    files: Iterable[str] | dict[str, int],
    edges: Iterable[Edge] = (),
    entrypoints: Iterable[str] = (),
    routes: Iterable[Route] = (),
    locks: Iterable[LockSite] = (),
    language: str = "rust",
    kind: str = "use",
) -> Analysis:
    sizes = files if isinstance(files, dict) else {f: 100 for f in files}
    facts = tuple(
        FileFacts(path=p, language=language, content_hash="0" * 64, size_bytes=n * 30,
                  lines=LineCounts(physical=n, code=n), maintainability=80.0)
        for p, n in sorted(sizes.items())
    )
    imports = []
    for i, edge in enumerate(edges):
        names = tuple(edge[2]) if len(edge) > 2 else ()
        imports.append(ImportEdge(edge[0], edge[1], names, kind, i + 1, max(1, len(names))))
    summary = Summary(
        files=len(facts), lines=LineCounts(), functions=0, entrypoints=(), largest_file=None,
        max_complexity=None, mean_complexity=0.0, complexity_threshold=10,
        functions_over_threshold=0, shared_locks=0, mutable_globals=0, hot_path_acquisitions=0,
        mi_min=None, mi_max=None, routes=0, diagnostics=0,
    )
    return Analysis(
        roots=("synthetic",), tool_version="test", summary=summary,
        offenders=Offenders((), (), ()),
        entrypoints=tuple(Entrypoint(p, sizes[p], (TEST_SIGNAL,), ()) for p in entrypoints),
        routes=tuple(routes), locks=tuple(locks), imports=tuple(imports), files=facts,
        diagnostics=(),
    )
