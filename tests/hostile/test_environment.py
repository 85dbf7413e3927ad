"""The machine, not the repository: a cache another run holds, a platform without fork."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from nova_refactor.analysis.run import pipeline
from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.cache import LOCKED_NOTE


def _project(root: Path, files: int = 6) -> Path:
    root.mkdir()
    for i in range(files):
        body = f"def f{i}(x):\n    if x:\n        return {i}\n    return 0\n"
        (root / f"m{i}.py").write_text(body)
    return root


def test_a_locked_cache_is_a_note_not_a_stall(tmp_path):
    root = _project(tmp_path / "repo")
    cache = tmp_path / "cache"
    analyze([root], Options(cache_dir=cache, jobs=1))  # the database exists
    holder = sqlite3.connect(cache / "facts.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # as a run in the middle of writing its rows
    try:
        started = time.perf_counter()
        locked = analyze([root], Options(cache_dir=cache, jobs=1))
        took = time.perf_counter() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert took < 4, took  # sqlite's default wait was 5 s per connection, three of them
    assert [d.message for d in locked.diagnostics] == [LOCKED_NOTE]
    free = analyze([root], Options(use_cache=False, jobs=1))
    assert locked.files == free.files


@pytest.fixture
def no_tracker_left():
    """The pool starts multiprocessing's resource tracker, a child of this process that outlives
    the pool; stopped afterwards, so that tests counting this process's children see none."""
    yield
    from multiprocessing import resource_tracker

    resource_tracker._resource_tracker._stop()


@pytest.mark.usefixtures("no_tracker_left")
def test_without_fork_spawned_processes_parse_the_files(tmp_path, monkeypatch):
    # As on Windows: no os.fork, so a pool of spawned interpreters does the parsing.
    root = _project(tmp_path / "repo", files=8)
    serial = analyze([root], Options(use_cache=False, jobs=1))
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    monkeypatch.delattr(os, "fork")
    here: list[str] = []  # files parsed in this process (a spawned one does not see the patch)
    real = pipeline._run_job

    def recorded(job):
        here.append(job.rel_path)
        return real(job)

    monkeypatch.setattr(pipeline, "_run_job", recorded)
    assert analyze([root], Options(use_cache=False, jobs=2)) == serial
    assert here == []
    cache = tmp_path / "cache"  # the rows the spawned processes sent are cached as usual
    assert analyze([root], Options(cache_dir=cache, jobs=2)) == serial
    assert analyze([root], Options(cache_dir=cache, jobs=2)) == serial
    assert here == []


def test_without_fork_nor_processes_the_analysis_runs_here(tmp_path, monkeypatch):
    import concurrent.futures

    root = _project(tmp_path / "repo", files=8)
    serial = analyze([root], Options(use_cache=False, jobs=1))
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    monkeypatch.delattr(os, "fork")

    def refused(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refused)
    assert analyze([root], Options(use_cache=False, jobs=4)) == serial


def test_when_fork_fails_the_analysis_runs_here(tmp_path, monkeypatch):
    root = _project(tmp_path / "repo", files=8)
    serial = analyze([root], Options(use_cache=False, jobs=1))
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")
    monkeypatch.setattr(os, "fork", refused)
    assert analyze([root], Options(use_cache=False, jobs=4)) == serial
