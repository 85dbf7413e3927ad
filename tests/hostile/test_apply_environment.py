"""`apply --write` in an environment that cannot take the change: one exit-2 line, before any
diff, nothing changed."""

from __future__ import annotations

import errno
import os
import shutil
from collections import namedtuple
from pathlib import Path
from types import SimpleNamespace

from typer.testing import CliRunner

from nova_refactor.cli.app import app
from nova_refactor.codemods import journal, preflight
from tests.codemods.harness import CASES

runner = CliRunner()
Usage = namedtuple("Usage", "total used free")


def _project(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path / "flask_app"
    shutil.copytree(CASES / "flask_app" / "before", root)
    return root, {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()}


def _unchanged(root: Path, before: dict[str, bytes]) -> bool:
    now = {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()}
    return now == before and not (root / ".nova-refactor").exists()


def _apply(root: Path):
    return runner.invoke(app, ["apply", "split-entrypoint", str(root), "--write"],
                         env={"COLUMNS": "200"})


def test_a_read_only_target_is_one_line_before_the_diff(tmp_path, monkeypatch):
    root, before = _project(tmp_path)
    def access(path, mode):  # as on a read-only mount (root ignores permission bits)
        return False if Path(path) == root else os.access(path, mode)
    monkeypatch.setattr(preflight, "os", SimpleNamespace(access=access, W_OK=os.W_OK,
                                                         X_OK=os.X_OK))
    result = _apply(root)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (f"error: cannot write under {root}: read-only file system "
                                     "or no permission; nothing was changed")
    assert "+++ b/" not in result.stdout  # no diff printed
    assert _unchanged(root, before)


def test_a_full_disk_is_one_line_before_the_diff(tmp_path, monkeypatch):
    root, before = _project(tmp_path)
    monkeypatch.setattr(preflight.shutil, "disk_usage", lambda path: Usage(10**9, 10**9, 4096))
    result = _apply(root)
    assert result.exit_code == 2, result.output
    assert "not enough free space under" in result.stderr and "4 KiB free" in result.stderr
    assert "+++ b/" not in result.stdout
    assert _unchanged(root, before)


def test_an_error_while_writing_is_exit_2_and_rolled_back(tmp_path, monkeypatch):
    root, before = _project(tmp_path)
    real = journal.atomic_write
    written = []

    def filling_up(path: Path, data: bytes, **how) -> None:
        if ".nova-refactor" not in str(path):
            written.append(path)
            if len(written) == 2:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data, **how)
    monkeypatch.setattr(journal, "atomic_write", filling_up)
    result = _apply(root)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and "cannot write" in line
    assert "No space left on device" in line and "rolled back" in line
    now = {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()}
    assert now == before  # rolled back from the journal
