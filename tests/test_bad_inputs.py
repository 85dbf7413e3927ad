"""A corpus of bad inputs: each becomes a diagnostic in every format, never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.cli.app import app

runner = CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "bad"
    root.mkdir()
    (root / "good.py").write_text("def ok():\n    return 1\n")
    (root / "syntax.py").write_text("def broken(:\n    pass\n\nx = 1\n")
    (root / "latin.py").write_bytes(b"x = 1\ny = '\xff\xfe'\n")
    (root / "binary.py").write_bytes(b"\x7fELF\x00\x00\x01\x02" * 64)
    (root / "empty.py").write_text("")
    (root / "generated.py").write_text("x = 1\n" * (10 * 1024 * 1024 // 6 + 1))
    (root / "loop.py").symlink_to(root / "loop.py")
    (root / "deep.py").write_text("x = " + "(" * 200 + "1" + ")" * 200 + "\n")
    return root


EXPECTED = {
    "syntax.py": (1, "syntax error"),
    "latin.py": (2, "invalid utf-8 byte 0xff"),
    "binary.py": (0, "binary file"),
    "empty.py": (1, "empty file"),
    "generated.py": (0, "over the 2048 KiB limit"),
    "loop.py": (0, "cannot read file"),
}


def test_every_bad_file_is_a_diagnostic_with_its_line(corpus: Path) -> None:
    result = analyze([corpus], Options(use_cache=False))
    by_path = {d.path: d for d in result.diagnostics}
    for path, (line, text) in EXPECTED.items():
        assert by_path[path].line == line, path
        assert text in by_path[path].message, path
    assert "good.py" in {f.path for f in result.files}
    assert result.summary.functions == 1


def test_unreadable_file(corpus: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads everything; covered by the symlink loop's read error")
    locked = corpus / "locked.py"
    locked.write_text("x = 1\n")
    locked.chmod(0)
    result = analyze([corpus], Options(use_cache=False))
    assert any(d.path == "locked.py" and "cannot read" in d.message for d in result.diagnostics)


@pytest.mark.parametrize("fmt", ["json", "markdown", "table"])
def test_diagnostics_in_every_format_and_exit_zero(corpus: Path, fmt: str) -> None:
    result = runner.invoke(app, ["analyze", str(corpus), "--no-cache", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    for path, (line, _text) in EXPECTED.items():
        if fmt == "json":
            continue
        assert f"{path}:{line}:" in result.output
    if fmt == "json":
        rendered = {d["path"] for d in json.loads(result.stdout)["diagnostics"]}
        assert set(EXPECTED) <= rendered


def test_missing_path_and_bad_option_exit_2_with_one_line(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["analyze", str(tmp_path / "nope")])
    assert missing.exit_code == 2
    assert missing.output.strip().count("\n") == 0
    assert "no such file or directory" in missing.output
    bad = runner.invoke(app, ["analyze", str(tmp_path), "--jobs", "-3"])
    assert bad.exit_code == 2


def test_a_non_utf8_first_line_without_a_declaration_names_the_byte() -> None:
    from nova_refactor.frontends.python.frontend import decode

    _, problem = decode("x.py", b'x = "\xff"\n')
    assert problem is not None
    assert problem.render() == "x.py:1: invalid utf-8 byte 0xff; file skipped"
    _, problem = decode("y.py", b"# -*- coding: nope -*-\nx = 1\n")
    assert problem is not None and "bad encoding declaration" in problem.message


def test_a_file_that_cannot_be_read_is_a_diagnostic_with_or_without_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without a cache, files are read only where they are parsed; one that fails then is left
    # out with the same diagnostic as when it is read up front.
    (tmp_path / "good.py").write_text("def f():\n    return 1\n")
    (tmp_path / "locked.py").write_text("x = 1\n")
    real = os.open

    def refusing_open(path, flags, *args, **kwargs):  # as a file without read permission
        if str(path).endswith("locked.py"):
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    uncached = analyze([tmp_path], Options(use_cache=False, jobs=1))
    cached = analyze([tmp_path], Options(cache_dir=tmp_path / "cache", jobs=1))
    assert uncached == cached
    assert [f.path for f in uncached.files] == ["good.py"]
    (problem,) = [d for d in uncached.diagnostics if d.path == "locked.py"]
    assert (problem.line, problem.message) == (0, "cannot read file: Permission denied")
