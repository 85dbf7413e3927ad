"""The same option means the same thing on every command (#20): --jobs and --exclude wherever
files are analysed, one exit code for an empty folder, the co-change switch named for what it
is, `undo PATH [JOURNAL_ID]` like `apply CODEMOD PATH` (the former `-C PATH` still works, with a
warning)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import COMMANDS, app
from nova_refactor.errors import EXIT_USAGE
from tests.codemods.harness import CASES

runner = CliRunner()
ANALYSING = ("analyze", "routes", "graph", "boundaries", "check", "report", "plan", "history",
             "compare")


def _options(command: str) -> set[str]:
    from typer.main import get_command

    click_command = get_command(app).commands[command]  # type: ignore[attr-defined]
    return {opt for p in click_command.params for opt in getattr(p, "opts", ())}


@pytest.mark.parametrize("command", ANALYSING)
def test_every_analysing_command_takes_jobs_exclude_and_no_cache(command: str) -> None:
    assert {"--jobs", "--exclude", "--no-cache"} <= _options(command)


def test_every_command_is_known_to_the_consistency_checks() -> None:
    assert set(ANALYSING) | {"codemods", "apply", "undo"} == set(COMMANDS)


EMPTY_RUNS = {
    "analyze": ["analyze", "{d}"],
    "analyze-json": ["analyze", "{d}", "--format", "json"],
    "routes": ["routes", "{d}"],
    "graph": ["graph", "{d}"],
    "boundaries": ["boundaries", "{d}", "--no-cochange"],
    "check": ["check", "{d}"],
    "report": ["report", "{d}", "--history", "0", "-o", "{d}/r.html"],
    "plan": ["plan", "{d}", "-o", "{d}/plan", "--no-cochange"],
    "compare": ["compare", "worktree", "worktree", "{d}"],
    "apply": ["apply", "split-entrypoint", "{d}"],
}


@pytest.mark.parametrize("name", sorted(EMPTY_RUNS))
def test_an_empty_folder_is_a_usage_error_for_every_command(tmp_path: Path, name: str) -> None:
    """DESIGN.md: 2 is a usage or input error; a run on nothing must not pass in CI."""
    folder = tmp_path / "empty"
    folder.mkdir()
    argv = [a.replace("{d}", str(folder)) for a in EMPTY_RUNS[name]]
    result = runner.invoke(app, [*argv, "--no-cache"] if name != "apply" else argv)
    assert result.exit_code == EXIT_USAGE, result.output
    assert "no Python" in result.stderr and result.stderr.count("\n") == 1


def test_the_former_no_history_still_works_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("import b\n")
    (tmp_path / "b.py").write_text("X = 1\n")
    old = runner.invoke(app, ["boundaries", str(tmp_path), "--no-history", "-f", "json"])
    new = runner.invoke(app, ["boundaries", str(tmp_path), "--no-cochange", "-f", "json"])
    assert old.exit_code == new.exit_code == 0
    assert old.stdout == new.stdout
    assert "--no-history is deprecated" in old.stderr and new.stderr == ""


def test_undo_takes_path_like_apply_and_the_former_form_still_works(tmp_path: Path) -> None:
    root = tmp_path / "flask_app"
    shutil.copytree(CASES / "flask_app" / "before", root)
    before = (root / "main.py").read_bytes()
    entries = []
    for undo in (["undo", str(root)], ["undo", "-C", str(root)], None, ["undo", "{id}", str(root)]):
        applied = runner.invoke(app, ["apply", "extract-routes", str(root), "--write"],
                                env={"COLUMNS": "400"})
        assert applied.exit_code == 0, applied.output
        entry = applied.stdout.split(f"undo {root} ")[1].split(")")[0].strip()
        argv = [a.replace("{id}", entry) for a in undo or ["undo", entry, "-C", str(root)]]
        entries.append(entry)
        undone = runner.invoke(app, argv)
        assert undone.exit_code == 0, undone.output
        assert f"undone {entry}" in undone.stdout
        assert ("deprecated" in undone.stderr) == ("-C" in argv)
        assert (root / "main.py").read_bytes() == before
    assert len(set(entries)) == 4
    both = runner.invoke(app, ["undo", str(root), str(root)])
    assert both.exit_code == EXIT_USAGE and "one PATH and one JOURNAL_ID" in both.stderr
