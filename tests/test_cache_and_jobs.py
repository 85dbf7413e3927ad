"""Result cache by content hash, and parallel runs giving the same answer."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from nova_refactor.analysis.run import pipeline
from nova_refactor.analysis.run.pipeline import Options, analyze

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "python_monolith"


def test_warm_run_parses_nothing_and_changed_file_is_reparsed(tmp_path: Path, monkeypatch) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "a.py").write_text("def a():\n    return 1\n")
    (project / "b.py").write_text("def b():\n    return 2\n")
    options = Options(cache_dir=tmp_path / "cache")
    cold = analyze([project], options)

    parsed: list[str] = []
    real = pipeline._run_job
    monkeypatch.setattr(pipeline, "_run_job", lambda job: parsed.append(job.rel_path) or real(job))
    warm = analyze([project], options)
    assert parsed == []
    assert warm == cold

    (project / "b.py").write_text("def b(x):\n    return 2 if x else 3\n")
    changed = analyze([project], options)
    assert parsed == ["b.py"]
    assert changed.summary.max_complexity.value == 2

    analyze([project], Options(cache_dir=tmp_path / "cache", use_cache=False))
    assert parsed == ["b.py", "a.py", "b.py"]


def test_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "facts.sqlite3").write_bytes(b"this is not sqlite" * 100)
    (tmp_path / "a.py").write_text("x = 1\n")
    result = analyze([tmp_path / "a.py"], Options(cache_dir=tmp_path / "cache"))
    assert result.summary.files == 1


@pytest.mark.skipif(not EXAMPLE.is_dir(), reason="example not present")
def test_parallel_equals_serial(monkeypatch, tmp_path: Path) -> None:
    import shutil

    project = shutil.copytree(EXAMPLE, tmp_path / "example")
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    serial = analyze([project], Options(use_cache=False, jobs=1))
    parallel = analyze([project], Options(use_cache=False, jobs=2))
    assert serial == parallel


@pytest.mark.skipif(not EXAMPLE.is_dir(), reason="example not present")
def test_this_process_and_a_worker_share_the_files(monkeypatch, tmp_path: Path) -> None:
    import shutil

    project = shutil.copytree(EXAMPLE, tmp_path / "example")
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    serial = analyze([project], Options(use_cache=False, jobs=1))
    here: list[str] = []  # what the child parses is recorded in its own (forked) memory
    real = pipeline._run_job

    def slowly(job):  # every file takes long enough that the child has started by then
        here.append(job.rel_path)
        time.sleep(0.02)
        return real(job)

    monkeypatch.setattr(pipeline, "_run_job", slowly)
    parallel = analyze([project], Options(cache_dir=tmp_path / "cache", jobs=2))
    assert parallel == serial
    assert 0 < len(here) < serial.summary.files
    assert analyze([project], Options(cache_dir=tmp_path / "cache", jobs=2)) == serial
