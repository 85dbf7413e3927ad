"""Analyse a codebase: discover, read, parse in parallel (or take from cache), assemble.

`analyze(paths, options)` is the one entry point; it never raises for a bad file, only for a
bad request (a path that does not exist).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from nova_refactor import __version__
from nova_refactor.analysis.entrypoints import entrypoints_of, script_targets
from nova_refactor.analysis.modules import ModuleTable, import_edges
from nova_refactor.analysis.reexports import follow_reexports
from nova_refactor.analysis.routes import route_inventory
from nova_refactor.analysis.summary import offenders, summarize
from nova_refactor.codec import from_jsonable, to_jsonable
from nova_refactor.frontends import analyze_file
from nova_refactor.model import SCHEMA_ID, Analysis, Diagnostic, FileFacts
from nova_refactor.workspace import (
    DEFAULT_MAX_FILE_BYTES,
    ResultCache,
    SourceFile,
    content_hash,
    default_cache_dir,
    discover,
    read_source,
)

Progress = Callable[[int, int], None]
FACTS_REVISION = "uses-2"  # bump when FileFacts gain facts, so stale cache entries are not reused
PARALLEL_MIN_FILES = 40  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True, slots=True)
class Options:
    excludes: tuple[str, ...] = ()
    jobs: int = 0  # 0: one per core
    use_cache: bool = True
    cache_dir: Path | None = None
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    complexity_threshold: int = 10
    top: int = 10
    progress: Progress | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class _Job:
    rel_path: str
    language: str
    data: bytes
    digest: str
    script: bool


def _run_job(job: _Job) -> FileFacts:
    return analyze_file(job.rel_path, job.language, job.data, job.digest, job.script)


def analyze(paths: Sequence[Path], options: Options = Options()) -> Analysis:
    found = discover(list(paths), options.excludes)
    scripts = script_targets(found.root, [Path(p) for p in paths])
    diagnostics = list(found.diagnostics)
    jobs: list[_Job] = []
    for source in found.files:
        data, problem = read_source(source, options.max_file_bytes)
        if problem is not None:
            diagnostics.append(problem)
        if data is not None:
            jobs.append(_job(source, data, source.rel_path in scripts))
    files = _facts_for(jobs, options)
    return _assemble(found.root, files, diagnostics, options)


def _job(source: SourceFile, data: bytes, script: bool) -> _Job:
    return _Job(source.rel_path, source.language, data, content_hash(data), script)


def _facts_for(jobs: list[_Job], options: Options) -> list[FileFacts]:
    cache = _open_cache(options)
    keys = [cache.key(j.rel_path, j.digest, "script" if j.script else "") for j in jobs]
    cached = cache.get_many(keys)
    results = _from_cache(jobs, keys, cached)
    todo = [(job, key) for job, key in zip(jobs, keys, strict=True) if key not in cached]
    fresh: dict[str, object] = {}
    for done, (job, key, facts) in enumerate(_parse_all(todo, options), start=1):
        results[job.rel_path] = facts
        fresh[key] = to_jsonable(facts)
        if options.progress:
            options.progress(len(cached) + done, len(jobs))
    cache.put_many(fresh)
    cache.close()
    return [results[job.rel_path] for job in jobs]


def _open_cache(options: Options) -> ResultCache:
    directory = (options.cache_dir or default_cache_dir()) if options.use_cache else None
    # Results of another version or schema are never reused.
    return ResultCache(directory, salt=f"{__version__}\0{SCHEMA_ID}\0{FACTS_REVISION}")


def _from_cache(
    jobs: list[_Job], keys: list[str], cached: dict[str, object]
) -> dict[str, FileFacts]:
    return {
        job.rel_path: from_jsonable(FileFacts, cached[key])
        for job, key in zip(jobs, keys, strict=True)
        if key in cached
    }


def _parse_all(todo: list[tuple[_Job, str]], options: Options):
    workers = options.jobs or os.cpu_count() or 1
    if workers == 1 or len(todo) < PARALLEL_MIN_FILES:
        for job, key in todo:
            yield job, key, _run_job(job)
        return
    # fork: workers inherit the imported parsers instead of importing them again.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        chunk = max(1, min(64, len(todo) // (workers * 8)))
        results = pool.map(_run_job, [job for job, _ in todo], chunksize=chunk)
        for (job, key), facts in zip(todo, results, strict=True):
            yield job, key, facts


def _assemble(
    root: Path, files: list[FileFacts], diagnostics: list[Diagnostic], options: Options
) -> Analysis:
    table = ModuleTable(files, root.name if (root / "__init__.py").is_file() else "")
    routes = route_inventory(files, table)
    entrypoints = entrypoints_of(files)
    locks = tuple(site for f in files for site in f.locks)
    all_diagnostics = tuple(
        sorted(
            [*diagnostics, *(d for f in files for d in f.diagnostics)],
            key=lambda d: (d.path, d.line, d.message),
        )
    )
    return Analysis(
        roots=(root.name or str(root),),
        tool_version=__version__,
        summary=summarize(
            files, entrypoints, locks, routes, _problems(all_diagnostics),
            options.complexity_threshold,
        ),
        offenders=offenders(files, options.top),
        entrypoints=entrypoints,
        routes=routes,
        locks=locks,
        imports=follow_reexports(import_edges(files, table), files, table),
        files=tuple(files),
        diagnostics=all_diagnostics,
    )


def _problems(diagnostics: tuple[Diagnostic, ...]) -> int:
    """Errors and warnings; notes (e.g. an empty `__init__.py`) are listed but not counted."""
    return sum(1 for d in diagnostics if d.severity != "note")
