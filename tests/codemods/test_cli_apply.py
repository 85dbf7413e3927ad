"""`codemods`, `apply` and `undo` through typer's runner: output and exit codes."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from typer.testing import CliRunner

from nova_refactor.cli.app import app
from tests.codemods.harness import CASES

runner = CliRunner()


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "flask_app"
    shutil.copytree(CASES / "flask_app" / "before", root)
    return root


def test_codemods_lists_every_codemod_with_a_description():
    result = runner.invoke(app, ["codemods"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name in ("extract-state", "extract-services", "extract-routes", "extract-cli",
                 "extract-background", "split-entrypoint"):
        assert name in result.stdout
    assert "< 100 lines" in result.stdout


def test_apply_without_write_shows_plan_and_diff_and_changes_nothing(tmp_path):
    root = _project(tmp_path)
    before = (root / "main.py").read_bytes()
    result = runner.invoke(app, ["apply", "extract-routes", str(root)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stdout
    assert "Plan: extract-routes on main.py" in result.stdout
    assert "What moves where, and why" in result.stdout
    assert "+++ b/routes.py" in result.stdout
    assert (root / "main.py").read_bytes() == before
    assert not (root / "routes.py").exists()


def test_apply_write_then_undo(tmp_path):
    root = _project(tmp_path)
    before = (root / "main.py").read_bytes()
    result = runner.invoke(app, ["apply", "split-entrypoint", str(root), "--write"])
    assert result.exit_code == 0, result.stdout
    assert "route inventory identical" in result.stdout
    assert (root / "routes.py").exists()
    result = runner.invoke(app, ["undo", str(root)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stdout
    assert "removed 3 file(s)" in result.stdout
    assert (root / "main.py").read_bytes() == before
    result = runner.invoke(app, ["undo", str(root / "main.py")])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {root / 'main.py'}: not a folder; undo takes the "
                                      "folder the codemod was applied to")


def test_conflict_is_exit_2_and_failed_verify_is_exit_1(tmp_path):
    root = _project(tmp_path)
    (root / "cli.py").write_text("print('mine')\n")
    shown = runner.invoke(app, ["apply", "split-entrypoint", str(root), "--stat"])
    assert "warning: cli.py already exists with other content: --write refuses" in shown.stdout
    result = runner.invoke(app, ["apply", "split-entrypoint", str(root), "--write"])
    assert result.exit_code == 2
    assert "cli.py already exists with other content" in result.stderr
    fail = f"{sys.executable} -c \"raise SystemExit(1)\""
    result = runner.invoke(app, ["apply", "split-entrypoint", str(root), "--write", "--force",
                                 "--verify", fail])
    assert result.exit_code == 1
    assert "rolled back" in result.stderr
    assert (root / "cli.py").read_text() == "print('mine')\n"


def test_unknown_codemod_is_exit_2(tmp_path):
    result = runner.invoke(app, ["apply", "explode", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown codemod 'explode'" in result.stderr


def test_an_entrypoint_that_does_not_parse_is_named_with_its_line(tmp_path):
    root = _project(tmp_path)
    with (root / "main.py").open("a") as handle:
        handle.write("\ndef broken(:\n")
    lines = (root / "main.py").read_text().count("\n")
    for extra in ([], ["--entrypoint", "main.py"]):
        result = runner.invoke(app, ["apply", "split-entrypoint", str(root), *extra])
        assert result.exit_code == 2
        assert f"main.py:{lines}: syntax error" in result.stderr, result.stderr


def test_stat_is_short_and_a_conflict_is_said_once(tmp_path):
    root = _project(tmp_path)
    (root / "routes.py").write_text("# the user's own routes module\n")
    stat = runner.invoke(app, ["apply", "extract-routes", str(root), "--stat"],
                         env={"COLUMNS": "200"})
    assert stat.exit_code == 0, stat.stdout
    assert "What moves where" not in stat.stdout and "+++ b/" not in stat.stdout
    assert "routes.py" in stat.stdout
    assert stat.stdout.count("already exists") == 1
    refused = runner.invoke(app, ["apply", "extract-routes", str(root), "--write", "--stat"],
                            env={"COLUMNS": "200"})
    assert refused.exit_code == 2
    assert refused.output.count("already exists") == 1
