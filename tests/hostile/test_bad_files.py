"""Files a repository (or a race) can put in our way: each becomes a diagnostic or one line on
stderr, never a hang or a traceback, and files outside the analysed tree are never read."""

from __future__ import annotations

import os
import signal

import pytest
from typer.testing import CliRunner

from nova_refactor.analysis.run import pipeline
from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.cli.app import app

runner = CliRunner()


@pytest.fixture
def no_hang():
    """Turn a hang into a failure (SIGALRM interrupts a blocked open or read)."""
    def fail(*_):
        raise TimeoutError("hung")
    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _messages(analysis, path: str) -> list[str]:
    return [d.message for d in analysis.diagnostics if d.path == path]


def test_a_file_symlink_out_of_the_tree_is_not_read(tmp_path):
    secret = tmp_path / "secret.py"
    secret.write_text("PASSWORD = 'hunter2'\n")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text("x = 1\n")
    (root / "leak.py").symlink_to(secret)
    (root / "alias.py").symlink_to(root / "app.py")  # inside the tree: still analysed
    analysis = analyze([root], Options(use_cache=False, jobs=1))
    assert [f.path for f in analysis.files] == ["alias.py", "app.py"]
    assert _messages(analysis, "leak.py") == [
        "skipped: a symlink to a file outside the analysed tree"]


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_a_file_name_that_is_not_utf8_is_a_diagnostic(tmp_path, fmt):
    (tmp_path / "ok.py").write_text("x = 1\n")
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.py"), "wb") as handle:
        handle.write(b"y = 2\n")
    result = runner.invoke(app, ["analyze", str(tmp_path), "--no-cache", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "skipped: the file name is not valid UTF-8" in result.stdout


def test_a_gitignore_line_that_is_a_lone_bang_is_a_note(tmp_path):
    (tmp_path / ".gitignore").write_text("!\n*.log\n")
    (tmp_path / "m.py").write_text("z = 1\n")
    analysis = analyze([tmp_path], Options(use_cache=False, jobs=1))
    assert [f.path for f in analysis.files] == ["m.py"]
    assert _messages(analysis, ".gitignore") == ["invalid pattern '!' ignored"]


def test_an_invalid_exclude_is_one_line(tmp_path):
    (tmp_path / "m.py").write_text("z = 1\n")
    result = runner.invoke(app, ["analyze", str(tmp_path), "--no-cache", "--exclude", "!"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: exclude '!': not a valid gitignore pattern"


def test_a_symlink_loop_named_on_the_command_line_is_a_diagnostic(tmp_path):
    (tmp_path / "loop.py").symlink_to(tmp_path / "other")
    (tmp_path / "other").symlink_to(tmp_path / "loop.py")
    result = runner.invoke(app, ["analyze", str(tmp_path / "loop.py"), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "loop.py:0: cannot read file: Too many levels of symbolic links" in result.stdout


def test_a_bare_memory_error_from_the_parser_is_named(tmp_path, monkeypatch):
    import ast

    def out_of_memory(*args, **kwargs):
        raise MemoryError
    monkeypatch.setattr(ast, "parse", out_of_memory)
    (tmp_path / "huge.py").write_text("x = 1\n")
    analysis = analyze([tmp_path], Options(use_cache=False, jobs=1))
    assert _messages(analysis, "huge.py") == ["cannot analyse file: out of memory"]


@pytest.mark.parametrize("cached", [False, True])
def test_a_file_replaced_by_a_fifo_after_discovery_does_not_hang(tmp_path, monkeypatch,
                                                                 no_hang, cached):
    root = tmp_path / "repo"
    root.mkdir()
    (root / "a.py").write_text("a = 1\n")
    (root / "swapped.py").write_text("b = 2\n")
    real = pipeline.discover

    def discover_then_swap(*args, **kwargs):
        found = real(*args, **kwargs)
        (root / "swapped.py").unlink()
        os.mkfifo(root / "swapped.py")
        return found
    monkeypatch.setattr(pipeline, "discover", discover_then_swap)
    options = Options(cache_dir=tmp_path / "cache", jobs=1) if cached else \
        Options(use_cache=False, jobs=1)
    analysis = analyze([root], options)
    assert [f.path for f in analysis.files] == ["a.py"]
    (message,) = _messages(analysis, "swapped.py")
    assert "not a regular file" in message


def test_a_fifo_named_on_the_command_line_says_what_it_is(tmp_path, no_hang):
    os.mkfifo(tmp_path / "fifo.py")
    result = runner.invoke(app, ["analyze", str(tmp_path / "fifo.py"), "--no-cache"])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("fifo.py: a FIFO (named pipe), not a regular file")


def test_a_folder_named_venv_without_pyvenv_cfg_is_analysed(tmp_path):
    (tmp_path / "venv").mkdir()
    (tmp_path / "venv" / "__init__.py").write_text("def create():\n    pass\n")
    (tmp_path / "real_env").mkdir()
    (tmp_path / "real_env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (tmp_path / "real_env" / "site.py").write_text("x = 1\n")
    analysis = analyze([tmp_path], Options(use_cache=False, jobs=1))
    assert [f.path for f in analysis.files] == ["venv/__init__.py"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_utf16_or_utf32_file_with_bom_is_decoded(tmp_path, encoding):
    text = "def f(x):\n    if x:\n        return 'é'\n    return 1\n"
    bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-32": b""}[encoding]
    (tmp_path / "wide.py").write_bytes(bom + text.encode(encoding))
    analysis = analyze([tmp_path], Options(use_cache=False, jobs=1))
    (facts,) = analysis.files
    assert not facts.diagnostics
    assert [(f.name, f.complexity) for f in facts.functions] == [("f", 2)]


def test_nested_gitignore_negation_takes_a_file_back(tmp_path):
    (tmp_path / ".gitignore").write_text("gen_*.py\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitignore").write_text("!gen_keep.py\n")
    for name in ("gen_a.py", "sub/gen_b.py", "sub/gen_keep.py", "sub/real.py"):
        (tmp_path / name).write_text("x = 1\n")
    analysis = analyze([tmp_path], Options(use_cache=False, jobs=1))
    assert [f.path for f in analysis.files] == ["sub/gen_keep.py", "sub/real.py"]
