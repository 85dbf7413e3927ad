"""`apply` never picks a symlinked entrypoint nor replaces a link with a file."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from nova_refactor.cli.app import app
from tests.codemods.harness import CASES

runner = CliRunner()


def _linked_project(tmp_path: Path) -> tuple[Path, Path]:
    """The flask case with its main.py living outside the project, linked in."""
    root = tmp_path / "repo"
    shutil.copytree(CASES / "flask_app" / "before", root)
    outside = tmp_path / "elsewhere" / "main.py"
    outside.parent.mkdir()
    (root / "main.py").rename(outside)
    (root / "main.py").symlink_to(outside)
    return root, outside


def test_a_symlinked_entrypoint_from_outside_is_never_picked(tmp_path):
    root, outside = _linked_project(tmp_path)
    before = outside.read_bytes()
    result = runner.invoke(app, ["apply", "split-entrypoint", str(root), "--write"])
    assert result.exit_code == 2, result.output
    assert "no Python entrypoint found" in result.stderr
    assert (root / "main.py").is_symlink() and outside.read_bytes() == before


def test_a_symlinked_entrypoint_named_is_refused_with_the_reason(tmp_path):
    root, outside = _linked_project(tmp_path)
    result = runner.invoke(app, ["apply", "split-entrypoint", str(root), "--entrypoint",
                                 "main.py", "--write"])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (f"error: main.py: a symlink (to {outside}); apply never "
                                     "replaces a link with a file: name the file it points to")
    assert (root / "main.py").is_symlink()


def test_a_symlink_inside_the_project_is_not_picked_either(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(CASES / "flask_app" / "before", root)
    (root / "main.py").rename(root / "server.py")
    (root / "main.py").symlink_to("server.py")
    result = runner.invoke(app, ["apply", "split-entrypoint", str(root)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Plan: split-entrypoint on server.py" in result.stdout


def test_a_module_to_write_that_is_a_symlink_is_refused(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(CASES / "flask_app" / "before", root)
    target = tmp_path / "routes_elsewhere.py"
    target.write_text("# not ours\n")
    (root / "routes.py").symlink_to(target)
    result = runner.invoke(app, ["apply", "split-entrypoint", str(root), "--write", "--force"])
    assert result.exit_code == 2, result.output
    assert "routes.py is a symlink; apply never replaces a link with a file" in result.stderr
    assert (root / "routes.py").is_symlink() and target.read_text() == "# not ours\n"
