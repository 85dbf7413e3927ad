"""A repository can ship its own `.nova-refactor/journal/<id>/manifest.json`: `undo` must never
write or delete outside the project because such a manifest says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import app

runner = CliRunner()
ENTRY = "20260101T000000.000000-beef"


def _ship_manifest(root: Path, created=(), modified=(), originals=None) -> Path:
    folder = root / ".nova-refactor" / "journal" / ENTRY
    folder.mkdir(parents=True)
    written = {p: "0" * 64 for p in (*created, *modified)}
    manifest = {"id": ENTRY, "codemod": "split-entrypoint", "created": list(created),
                "modified": list(modified), "written": written, "undone": False}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    for path, data in (originals or {}).items():
        target = folder / "originals" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file outside the project that a hostile manifest aims at."""
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "precious.txt"
    target.write_text("keep me\n")
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "main.py").write_text("print('hi')\n")
    return root


def _undo(root: Path, *extra: str):
    return runner.invoke(app, ["undo", str(root), "--force", *extra])


def _assert_refused(result, victim: Path) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "refusing to undo" in lines[0] and "outside" in lines[0]
    assert victim.read_text() == "keep me\n"


def test_created_with_dotdot_is_not_deleted(project, victim):
    _ship_manifest(project, created=["../outside/precious.txt"])
    _assert_refused(_undo(project), victim)


def test_modified_absolute_is_not_overwritten(project, victim):
    _ship_manifest(project, modified=[str(victim)], originals={"x": b"pwned\n"})
    _assert_refused(_undo(project), victim)


def test_created_under_a_symlinked_parent_is_not_deleted(project, victim):
    (project / "link").symlink_to(victim.parent, target_is_directory=True)
    _ship_manifest(project, created=["link/precious.txt"])
    _assert_refused(_undo(project), victim)


def test_modified_through_symlinked_parent_is_not_overwritten(project, victim):
    (project / "link").symlink_to(victim.parent, target_is_directory=True)
    _ship_manifest(project, modified=["link/precious.txt"],
                   originals={"link/precious.txt": b"pwned\n"})
    _assert_refused(_undo(project, ENTRY), victim)


def test_original_that_is_a_symlink_out_is_not_copied_in(project, victim):
    folder = _ship_manifest(project, modified=["main.py"])
    (folder / "originals").mkdir()
    (folder / "originals" / "main.py").symlink_to(victim)
    result = _undo(project)
    assert result.exit_code == 2, result.output
    assert (project / "main.py").read_text() == "print('hi')\n"


def test_a_manifest_inside_the_project_still_undoes(project):
    (project / "new.py").write_text("x = 1\n")
    _ship_manifest(project, created=["new.py"], modified=["main.py"],
                   originals={"main.py": b"print('before')\n"})
    result = _undo(project)
    assert result.exit_code == 0, result.output
    assert not (project / "new.py").exists()
    assert (project / "main.py").read_text() == "print('before')\n"


def test_a_shipped_pending_manifest_is_not_rolled_back_outside(project, victim):
    folder = _ship_manifest(project, modified=[f"../outside/{victim.name}"],
                            originals={f"../outside/{victim.name}": b"owned\n"})
    manifest = folder / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"undone": false', '"state": "pending"'))
    result = runner.invoke(app, ["apply", "split-entrypoint", str(project), "--write"])
    assert result.exit_code == 2, result.output
    assert "refusing to undo" in result.stderr and "outside" in result.stderr
    assert victim.read_text() == "keep me\n"
