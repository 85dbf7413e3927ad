"""The whole-run output cache and the salts that keep both caches honest."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from nova_refactor.analysis.run import pipeline
from nova_refactor.analysis.run.pipeline import Options, analyze, analyze_rendered
from nova_refactor.fingerprint import facts_format, package_digest


def _render_counting(calls: list[int]):
    def render(analysis) -> str:
        calls.append(1)
        worst = analysis.summary.max_complexity
        return f"{analysis.summary.files} files, max {worst.value if worst else 0:g}\n"

    return render


def test_unchanged_run_reuses_output_and_any_change_renders_again(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "a.py").write_text("def a(x):\n    return 1 if x else 2\n")
    options = Options(cache_dir=tmp_path / "cache")
    calls: list[int] = []
    render = _render_counting(calls)

    first = analyze_rendered([project], options, "text", render)
    assert analyze_rendered([project], options, "text", render) == first
    assert len(calls) == 1

    (project / "a.py").write_text("def a(x):\n    return 1 if x and x > 1 else 2\n")
    assert analyze_rendered([project], options, "text", render) == "1 files, max 3\n"
    assert len(calls) == 2

    analyze_rendered([project], Options(cache_dir=tmp_path / "cache", top=3), "text", render)
    analyze_rendered([project], options, "other-format", render)
    (project / "b.py").write_text("x = 1\n")  # a new file
    assert analyze_rendered([project], options, "text", render).startswith("2 files")
    assert len(calls) == 5


def test_no_cache_always_renders(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    calls: list[int] = []
    options = Options(cache_dir=tmp_path / "cache", use_cache=False)
    for _ in range(2):
        analyze_rendered([tmp_path / "a.py"], options, "text", _render_counting(calls))
    assert len(calls) == 2
    assert not (tmp_path / "cache").exists()


def test_one_row_per_scope(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    options = Options(cache_dir=tmp_path / "cache")
    for n in range(3):
        (project / "a.py").write_text(f"x = {n}\n")
        analyze_rendered([project], options, "text", _render_counting([]))
    db = sqlite3.connect(tmp_path / "cache" / "facts.sqlite3")
    assert db.execute("SELECT count(*) FROM runs").fetchone() == (1,)


def test_changed_frontend_code_never_serves_stale_facts(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.py").write_text("def a():\n    return 1\n")
    options = Options(cache_dir=tmp_path / "cache")
    analyze([tmp_path / "a.py"], options)
    parsed: list[str] = []
    real = pipeline._run_job
    monkeypatch.setattr(pipeline, "_run_job", lambda job: parsed.append(job.rel_path) or real(job))
    analyze([tmp_path / "a.py"], options)
    assert parsed == []
    monkeypatch.setattr(pipeline, "facts_format", lambda: "a-changed-frontend")
    analyze([tmp_path / "a.py"], options)
    assert parsed == ["a.py"]


def test_fingerprints_cover_the_frontends_and_the_whole_package() -> None:
    assert len(facts_format()) == 16 and len(package_digest()) == 16
    assert facts_format() != package_digest()


def test_damaged_cache_rows_are_parsed_again(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("def a():\n    return 1\n")
    options = Options(cache_dir=tmp_path / "cache")
    good = analyze([tmp_path / "a.py"], options)
    db = sqlite3.connect(tmp_path / "cache" / "facts.sqlite3")
    with db:
        db.execute("UPDATE facts SET data = ?", (b"\x00garbage",))
    assert analyze([tmp_path / "a.py"], options) == good


def test_unchanged_old_files_are_not_read_again(tmp_path: Path, monkeypatch) -> None:
    import os

    project = tmp_path / "p"
    project.mkdir()
    source = project / "a.py"
    source.write_text("def a(x):\n    return 1 if x else 2\n")
    old = 1_600_000_000
    os.utime(source, (old, old))  # settled long ago: its stamp will be trusted
    options = Options(cache_dir=tmp_path / "cache")
    first = analyze([project], options)

    reads: list[str] = []
    real = pipeline.read_source
    monkeypatch.setattr(
        pipeline, "read_source", lambda src, limit: reads.append(src.rel_path) or real(src, limit)
    )
    assert analyze([project], options) == first
    assert reads == []

    source.write_text("def a(x):\n    return x and 1 or 22\n")  # same size, new content
    os.utime(source, (old, old))  # even with the old mtime restored, ctime has moved
    changed = analyze([project], options)
    assert reads == ["a.py"]
    assert changed.summary.max_complexity.value == 3
