"""Jobs shared between this process and forked children (analysis/run/sharing.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from nova_refactor.analysis.run.sharing import shared


def _run(count: int, children: int, work) -> dict[int, bytes | None]:
    got: dict[int, bytes | None] = {}
    for index, result in shared(count, children, work):
        assert index not in got  # every job comes exactly once
        got[index] = result
        if result is None:
            time.sleep(0.002)  # this process's own job: slow enough that the children take some
    assert sorted(got) == list(range(count))
    return got


def test_every_job_once_and_the_children_results_intact() -> None:
    # Results larger than a pipe holds arrive whole, in pieces read between this process's jobs.
    got = _run(60, 2, lambda i: bytes([i]) * (300_000 if i % 7 == 0 else i))
    for index, result in got.items():
        assert result is None or result == bytes([index]) * (300_000 if index % 7 == 0 else index)
    assert any(result is not None for result in got.values())


def test_a_failing_child_leaves_its_jobs_to_this_process() -> None:
    def work(index: int) -> bytes:
        if index == 3:
            raise ValueError("boom")
        return b"done"

    got = _run(40, 1, work)
    assert got[3] is None
    assert got[0] == b"done"  # the child's first job, taken before this process's first
    assert set(got.values()) <= {b"done", None}


def _children() -> set[int]:
    """Pids whose parent is this process, running or unreaped (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_stopping_early_reaps_the_children() -> None:
    # only the children this call forks count: another test's subprocess may still be ending
    before = _children()
    jobs = shared(1000, 2, lambda i: b"x")
    next(jobs)
    forked = _children() - before
    jobs.close()
    assert forked, "the call forked no child to reap"
    assert not forked & _children(), "a child was left behind, running or unreaped"
