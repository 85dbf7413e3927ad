"""Parallel parsing where processes cannot be forked (Windows, or a Python without `os.fork`).

The forked children of `sharing.py` inherit the loaded parsers and the job list; a spawned
process starts a fresh interpreter, so it gets picklable jobs (a path to read, or the bytes of a
file that is not on disk) and imports the frontends itself. Its results come back in the form a
forked child sends, so the pipeline decodes both the same way. A pool that breaks (a worker was
killed, or processes cannot be started) leaves the jobs it did not return to this process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

# pipeline imports this module only inside a run (no os.fork), so importing it here is no cycle
from nova_refactor.analysis.run.pipeline import (
    ParseResult,
    _Job,
    _parsed_here,
    _run_loaded,
    _without_bytes,
    encode_facts,
    received,
)


def in_worker(job: _Job) -> bytes:
    """In a spawned process: one file's marshalled rows."""
    return encode_facts(_run_loaded(job))


def parse_spawned(
    todo: list[tuple[_Job, str]], workers: int, encode: bool
) -> Iterator[ParseResult]:
    """Every job of `todo`, parsed by `workers` spawned processes, largest files first."""
    ordered = sorted(todo, key=lambda item: -item[0].size)
    bare = [_without_bytes(job) for job, _ in ordered]
    done = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            # chunks of a few files: fewer round trips, and the big files still spread out
            sent = pool.map(in_worker, bare, chunksize=4)
            for (job, key), blob in zip(ordered, sent, strict=True):
                yield received(job, key, blob)
                done += 1
    except (BrokenProcessPool, OSError):
        pass  # the rest is parsed here: slower, never wrong
    for job, key in ordered[done:]:
        yield _parsed_here(job, key, encode)
