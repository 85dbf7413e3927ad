"""Analyse a codebase: discover, read, parse in parallel (or take from cache), assemble.

`analyze(paths, options)` gives the Analysis; `analyze_rendered(...)` gives it rendered, reusing
the last identical run's output. Neither raises for a bad file, only for a bad request (a path
that does not exist). Per file, facts are cached by content hash; unchanged, settled files are
recognised by their stamp without being read (`stamps.py`).
"""

from __future__ import annotations

import dataclasses
import gc
import marshal
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from nova_refactor import __version__
from nova_refactor.analysis.entrypoints import script_targets
from nova_refactor.cache import LOCKED_NOTE, ResultCache, RunCache, default_cache_dir
from nova_refactor.codec import from_rows, to_rows
from nova_refactor.config import project_excludes
from nova_refactor.errors import UsageError
from nova_refactor.fingerprint import facts_format, package_digest
from nova_refactor.model import SCHEMA_ID, Analysis, Diagnostic, FileFacts, Language, Severity
from nova_refactor.stamps import Stamps
from nova_refactor.workspace import (
    DEFAULT_MAX_FILE_BYTES,
    SourceFile,
    common_root,
    content_hash,
    discover,
    open_regular,
    read_source,
)

Progress = Callable[[int, int], None]
PARALLEL_MIN_FILES = 40  # files per worker below which starting it costs more than it saves


@dataclass(frozen=True, slots=True)
class Options:
    excludes: tuple[str, ...] = ()
    jobs: int = 0  # 0: one per core
    use_cache: bool = True
    cache_dir: Path | None = None
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    complexity_threshold: int = 10
    top: int = 10
    include_tests: bool = False  # test code's locks and hot paths too
    # `excludes` hold the project's configured ones already (app.Session read the whole
    # configuration): the configuration file is not read a second time
    configured: bool = False
    progress: Progress | None = field(default=None, compare=False)
    # called with each file's facts as they come in (from the cache, parsed here or by a
    # child): work on them is then done while the children parse (`FileTexts`)
    on_facts: Callable[[FileFacts], None] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class _Job:
    rel_path: str
    language: Language
    data: bytes | None  # None: read where it is parsed (unchanged since stamped, or a worker)
    digest: str
    script: bool
    abs_path: Path | None = None
    size: int = 0
    # No cache: read only where it is parsed, and left out with a run diagnostic if it cannot
    # be read then, as when it is read up front (`_left_out`).
    deferred: bool = False


def _run_job(job: _Job) -> FileFacts:
    # Imported on first use: a run answered from the cache never loads the parsers.
    from nova_refactor.frontends import analyze_file

    assert job.data is not None, "a job is parsed once its bytes are read (_loaded)"
    return analyze_file(job.rel_path, job.language, job.data, job.digest, job.script)


def _run_loaded(job: _Job) -> FileFacts:
    loaded = _loaded(job)
    return loaded if isinstance(loaded, FileFacts) else _run_job(loaded)


def encode_facts(facts: FileFacts) -> bytes:
    return marshal.dumps(to_rows(facts))


def decode_facts(blob: bytes) -> FileFacts:
    return from_rows(FileFacts, marshal.loads(blob))


@dataclass(slots=True)
class _Prepared:
    """The inputs of a run: what was found, read and hashed."""

    root: Path | None  # None: the files are not on disk (a git revision)
    jobs: list[_Job]
    diagnostics: list[Diagnostic]
    root_name: str = ""  # shown as the analysis root; the folder's name when empty


def analyze(paths: Sequence[Path], options: Options = Options()) -> Analysis:
    with _gc_paused():
        return _analyze(_prepare(paths, options), options)


def with_sources(analysis: Analysis, path: Path, strict: bool = True) -> Analysis:
    """`analysis`, or a usage error when it holds no source file: a gate or a plan of nothing
    would pass, or read as met, in a CI job pointed at the wrong folder. Not `strict` (a
    measurement): files found but unreadable pass, each shown as its diagnostic."""
    unreadable = any(d.severity != "note" for d in analysis.diagnostics)
    if not analysis.files and (strict or not unreadable):
        raise UsageError(f"{path}: no Python (.py) or Rust (.rs) source files found "
                         "(skipped: .gitignore, excludes, venvs, build output)")
    return analysis


def analyze_rendered(
    paths: Sequence[Path], options: Options, kind: str, render: Callable[[Analysis], str]
) -> str:
    """`render(analyze(paths, options))`, reused from the last run of this `kind` on these
    paths when no input file, option or line of nova-refactor's own code changed since."""
    with _gc_paused():
        prepared, runs, scope, fingerprint = _run_key(paths, options, kind)
        try:
            cached = runs.get(scope, fingerprint)
            if cached is not None:
                return cached.decode("utf-8")
            text = render(_analyze(prepared, options))
            runs.put(scope, fingerprint, text.encode("utf-8"))
            return text
        finally:
            runs.close()


def _run_key(
    paths: Sequence[Path], options: Options, kind: str
) -> tuple[_Prepared, RunCache, str, str]:
    """The run's inputs, the run cache, and the cache row's scope and fingerprint."""
    prepared = _prepare(paths, options)
    directory = _cache_dir(options)
    if directory is None:  # nothing is looked up or stored: no key (the salt reads our code)
        return prepared, RunCache(None, salt=""), "", ""
    runs = RunCache(directory, salt=f"{__version__}\0{package_digest()}")
    scope = runs.key(str(prepared.root), kind, repr(_result_options(options)))
    return prepared, runs, scope, runs.key(*_run_inputs(prepared))


def _result_options(options: Options) -> tuple[object, ...]:
    """The options that change a result (not jobs, cache or progress)."""
    return (options.excludes, options.max_file_bytes, options.complexity_threshold, options.top,
            options.include_tests)


def _run_inputs(prepared: _Prepared) -> Iterator[str]:
    for job in prepared.jobs:
        yield f"{job.rel_path}\0{job.language}\0{job.digest}\0{job.script}"
    for diagnostic in prepared.diagnostics:
        yield f"{diagnostic.render()}\0{diagnostic.severity}"


def _configured_excludes(paths: Sequence[Path], options: Options) -> tuple[str, ...]:
    """The project's configured excludes, unless the caller has them in `options` already."""
    return () if options.configured else project_excludes(common_root(paths or [Path(".")]))


def _prepare(paths: Sequence[Path], options: Options) -> _Prepared:
    found = discover(list(paths), options.excludes + _configured_excludes(paths, options))
    scripts = script_targets(found.root, [Path(p) for p in paths])
    diagnostics = list(found.diagnostics)
    stamps = _stamps(options, diagnostics)
    stamps.load([str(source.abs_path) for source in found.files])
    jobs: list[_Job] = []
    # Without a cache nothing is looked up by content hash, so nothing is read or hashed here:
    # each file is read where it is parsed, in parallel, and only once.
    defer = _cache_dir(options) is None
    for source in found.files:
        script = source.rel_path in scripts
        stat = _stat(source)  # taken before reading: a later change is never stamped as seen
        if defer:
            job = _deferred_job(source, stat, options.max_file_bytes, script)
        else:
            job = _stamped_job(source, stamps, stat, options.max_file_bytes, script)
        if job is None:
            data, problem = read_source(source, options.max_file_bytes)
            if problem is not None:
                diagnostics.append(problem)
            if data is None:
                continue
            job = _job(source, data, script)
            if stat is not None:
                stamps.record(str(source.abs_path), stat, job.digest)
        jobs.append(job)
    stamps.close()
    return _Prepared(found.root, jobs, diagnostics)


def _stamps(options: Options, diagnostics: list[Diagnostic]) -> Stamps:
    stamps = Stamps(_cache_dir(options))
    if stamps.locked:
        diagnostics.append(Diagnostic(".", 0, LOCKED_NOTE, Severity.NOTE))
    return stamps


def _stat(source: SourceFile) -> os.stat_result | None:
    try:
        return source.abs_path.stat()
    except OSError:
        return None  # read_source says why


def _stamped_job(
    source: SourceFile, stamps: Stamps, stat: os.stat_result | None, max_bytes: int, script: bool
) -> _Job | None:
    if stat is None or stat.st_size > max_bytes:
        return None
    digest = stamps.digest(str(source.abs_path), stat)
    if digest is None:
        return None
    return _Job(
        source.rel_path, source.language, None, digest, script, source.abs_path, stat.st_size
    )


def _deferred_job(
    source: SourceFile, stat: os.stat_result | None, max_bytes: int, script: bool
) -> _Job | None:
    if stat is None or stat.st_size > max_bytes:
        return None  # read_source says why
    return _Job(source.rel_path, source.language, None, "", script, source.abs_path,
                stat.st_size, deferred=True)


def _left_out(
    jobs: list[_Job], files: list[FileFacts]
) -> tuple[list[FileFacts], list[Diagnostic]]:
    """Deferred files that could not be read (no content hash): not analysed files but run
    diagnostics, as `read_source` makes them when files are read up front."""
    if not any(job.deferred for job in jobs):
        return files, []
    kept: list[FileFacts] = []
    unread: list[Diagnostic] = []
    for job, facts in zip(jobs, files, strict=True):
        if job.deferred and not facts.content_hash:
            unread.extend(facts.diagnostics)
        else:
            kept.append(facts)
    return kept, unread


def _analyze(prepared: _Prepared, options: Options) -> Analysis:
    files, unread = _left_out(prepared.jobs, _facts_for(prepared.jobs, options))
    root = prepared.root
    name = prepared.root_name or (root.name or str(root) if root else "")
    # Imported here: a run answered from the run cache never needs the analyses (start-up).
    from nova_refactor.analysis.run.assemble import assemble

    return assemble(root, name, files, [*prepared.diagnostics, *unread],
                    options.complexity_threshold, options.top, options.include_tests)


def analyze_sources(
    root_name: str,
    sources: Sequence[tuple[str, Language, bytes]],
    diagnostics: Sequence[Diagnostic],
    options: Options = Options(),
    scripts: frozenset[str] = frozenset(),
) -> Analysis:
    """Analyse `(rel_path, language, bytes)` that came from elsewhere than the disk (git or a
    journal); `scripts` are the paths known to be `[project.scripts]` targets."""
    jobs = [
        _Job(rel, language, data, content_hash(data), rel in scripts, None, len(data))
        for rel, language, data in sources
    ]
    with _gc_paused():
        return _analyze(_Prepared(None, jobs, list(diagnostics), root_name), options)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic GC while building many small acyclic objects (ASTs, facts, decoded JSON).

    The collector's passes over the growing heap cost a third of a run; what we build is
    freed by reference counting. Forked workers inherit the pause.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _job(source: SourceFile, data: bytes, script: bool) -> _Job:
    digest = content_hash(data)
    return _Job(source.rel_path, source.language, data, digest, script, source.abs_path, len(data))


def _facts_for(jobs: list[_Job], options: Options) -> list[FileFacts]:
    cache = _open_cache(options)
    keys = _cache_keys(cache, jobs)
    cached = cache.get_blobs(keys)
    results = _from_cache(jobs, keys, cached)
    on_facts = options.on_facts or _unheard
    for facts in results.values():
        on_facts(facts)
    todo = [(j, k) for j, k in zip(jobs, keys, strict=True) if j.rel_path not in results]
    fresh: dict[str, bytes] = {}
    for done, (job, key, facts, text) in enumerate(_parse_all(todo, options, cache), start=1):
        results[job.rel_path] = facts
        on_facts(facts)
        # Facts of other bytes than the key's (the file changed since it was hashed, or could
        # not be read again) are used for this run but never cached.
        if text is not None and facts.content_hash == job.digest:
            fresh[key] = text
        if options.progress:
            options.progress(len(cached) + done, len(jobs))
    cache.put_blobs(fresh)
    cache.close()
    return [results[job.rel_path] for job in jobs]


def _cache_keys(cache: ResultCache, jobs: list[_Job]) -> list[str]:
    if not cache.enabled:
        return [job.rel_path for job in jobs]
    return [cache.key(job.rel_path, job.digest, _extra(job)) for job in jobs]


def _unheard(_facts: FileFacts) -> None:
    """No one asked for each file's facts as they come in (`Options.on_facts`)."""


def _extra(job: _Job) -> str:
    return "script" if job.script else ""


def _loaded(job: _Job) -> _Job | FileFacts:
    """A stamped job with its bytes, or facts saying it can no longer be read."""
    if job.data is not None or job.abs_path is None:
        return job
    try:
        with open_regular(job.abs_path) as handle:
            data = handle.read()
    except OSError as err:
        problem = Diagnostic(job.rel_path, 0, f"cannot read file: {err.strerror or err}")
        return FileFacts(path=job.rel_path, language=job.language, content_hash="",
                         size_bytes=0, diagnostics=(problem,))
    return _Job(job.rel_path, job.language, data, content_hash(data), job.script)


def _cache_dir(options: Options) -> Path | None:
    return (options.cache_dir or default_cache_dir()) if options.use_cache else None


def _open_cache(options: Options) -> ResultCache:
    directory = _cache_dir(options)
    if directory is None:
        return ResultCache(None, salt="")  # no salt needed: computing it reads our code
    # Results of another version, schema, frontend or Python (marshal) are never reused.
    salt = f"{__version__}\0{SCHEMA_ID}\0{facts_format()}\0{marshal.version}\0{sys.version}"
    return ResultCache(directory, salt=salt)


def _from_cache(
    jobs: list[_Job], keys: list[str], cached: dict[str, bytes]
) -> dict[str, FileFacts]:
    found = {}
    for job, key in zip(jobs, keys, strict=True):
        if key in cached:
            try:
                found[job.rel_path] = decode_facts(cached[key])
            except (ValueError, EOFError, TypeError):
                continue  # a damaged row is parsed again
    return found


ParseResult = tuple[_Job, str, FileFacts, "bytes | None"]


def _parse_all(
    todo: list[tuple[_Job, str]], options: Options, cache: ResultCache
) -> Iterator[ParseResult]:
    """(job, key, facts, row for the cache or None) for every job, in parallel if worth it."""
    workers = min(options.jobs or os.cpu_count() or 1, max(1, len(todo) // PARALLEL_MIN_FILES))
    if workers > 1:
        yield from _parse_parallel(todo, workers, cache.enabled)
        return
    yield from _parse_here(todo, cache.enabled)


def _parse_here(todo: list[tuple[_Job, str]], encode: bool) -> Iterator[ParseResult]:
    for job, key in todo:
        yield _parsed_here(job, key, encode)


def _parsed_here(job: _Job, key: str, encode: bool) -> ParseResult:
    facts = _run_loaded(job)
    return job, key, facts, encode_facts(facts) if encode else None


def _parse_parallel(
    todo: list[tuple[_Job, str]], workers: int, encode: bool
) -> Iterator[ParseResult]:
    """`workers - 1` forked children and this process: the children take files from the
    largest down, this process from the smallest up (`sharing.py`). Its own results need no
    encoding and decoding, and one process fewer is started."""
    # the parallel parse only: a run answered from the cache forks nothing (start-up time)
    from nova_refactor.analysis.run.sharing import can_fork, shared

    if not can_fork():
        from nova_refactor.analysis.run.spawned import parse_spawned  # no os.fork only

        yield from parse_spawned(todo, workers, encode)
        return
    ordered = sorted(todo, key=lambda item: -item[0].size)
    bare = [_without_bytes(job) for job, _ in ordered]  # a child reads the file itself
    from nova_refactor.frontends import import_frontends

    # before the fork: loaded on first use, each child would import them again
    import_frontends(job.language for job in bare)

    def in_child(index: int) -> bytes:
        # Marshalled rows: both the cache row and the cheapest thing to send back (a pickle
        # of the dataclasses costs twice as much to load).
        return encode_facts(_run_loaded(bare[index]))

    for index, sent in shared(len(ordered), workers - 1, in_child, _import_next):
        job, key = ordered[index]
        yield _parsed_here(job, key, encode) if sent is None else received(job, key, sent)


def received(job: _Job, key: str, sent: bytes) -> ParseResult:
    """The result a child (forked or spawned) sent for `job`: its rows, also the cache row."""
    return job, key, decode_facts(sent), sent


def _import_next() -> None:
    """What comes after the parse is imported while the children parse (this process then
    takes fewer files), not after them."""
    import nova_refactor.analysis.run.assemble  # noqa: F401


def _without_bytes(job: _Job) -> _Job:
    if job.abs_path is None or job.data is None:
        return job  # not on disk, or not read yet (`--no-cache` reads where it parses)
    return dataclasses.replace(job, data=None)
