"""`nova-refactor plan PATH -o DIR`: exit codes, refusal to overwrite, atomic directory writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import app
from nova_refactor.errors import UsageError
from nova_refactor.planning.markdown import MARKER
from nova_refactor.planning.output import write_plan
from tests.gate_helpers import write_tree

runner = CliRunner()
SMALL = {
    "main.py": "import threading\nfrom flask import Flask\n\napp = Flask(__name__)\n"
               "LOCK = threading.Lock()\n\n\n@app.get('/')\ndef index():\n    with LOCK:\n"
               "        return 'ok'\n\n\nif __name__ == '__main__':\n    app.run()\n",
}


def _plan(*args: str):
    return runner.invoke(app, ["plan", *args, "--no-cochange"])


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    result = _plan(str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"error: {tmp_path / 'nope'}: no such file or "
                                                  "directory"]
    assert not (tmp_path / "out").exists()


def test_a_missing_coverage_report_is_a_usage_error(tmp_path: Path) -> None:
    write_tree(tmp_path / "p", SMALL)
    result = _plan(str(tmp_path / "p"), "-o", str(tmp_path / "out"), "--coverage",
                   str(tmp_path / "cov.xml"))
    assert result.exit_code == 2 and "coverage report not found" in result.stderr


def test_writes_plan_and_adrs_then_regenerates_its_own_directory(tmp_path: Path) -> None:
    write_tree(tmp_path / "p", SMALL)
    out = tmp_path / "out"
    result = _plan(str(tmp_path / "p"), "-o", str(out))
    assert result.exit_code == 0, result.output
    plan = (out / "PLAN.md").read_text()
    assert plan.startswith(MARKER)
    assert "`main.py` has 15 lines, within the limit of 99 (`entrypoint-size`)" in plan
    assert "`LOCK`" in plan and "main.py:10 (index)" in plan  # the hot lock, cited
    adrs = sorted(p.name for p in (out / "adr").iterdir())
    assert adrs == ["0001-replace-shared-locks-on-request-paths.md"]  # no split when small
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]  # no staging left
    again = _plan(str(tmp_path / "p"), "-o", str(out))  # its own directory: no --force needed
    assert again.exit_code == 0, again.output
    assert (out / "PLAN.md").read_text() == plan


def test_refuses_a_non_empty_directory_it_did_not_write(tmp_path: Path) -> None:
    write_tree(tmp_path / "p", SMALL)
    out = tmp_path / "docs"
    write_tree(out, {"notes.md": "mine\n"})
    result = _plan(str(tmp_path / "p"), "-o", str(out))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not empty and not written by `nova-refactor plan` (e.g. notes.md)" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.md"]
    forced = _plan(str(tmp_path / "p"), "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert (out / "notes.md").read_text() == "mine\n" and (out / "PLAN.md").is_file()


def test_an_empty_directory_is_used(tmp_path: Path) -> None:
    write_tree(tmp_path / "p", SMALL)
    (tmp_path / "out").mkdir()
    assert _plan(str(tmp_path / "p"), "-o", str(tmp_path / "out")).exit_code == 0
    assert (tmp_path / "out" / "PLAN.md").is_file()


def test_stale_generated_files_go_and_foreign_ones_stay(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan(out, {"PLAN.md": f"{MARKER}\nA\n", "adr/0002-old.md": f"{MARKER}\nB\n"})
    written = write_plan(out, {"PLAN.md": f"{MARKER}\nC\n"})
    assert written.removed == ("adr/0002-old.md",) and not (out / "adr" / "0002-old.md").exists()
    (out / "adr" / "0009-by-hand.md").write_text("# kept\n")
    with pytest.raises(UsageError, match="adr/0009-by-hand.md"):
        write_plan(out, {"PLAN.md": f"{MARKER}\nD\n"})
    write_plan(out, {"PLAN.md": f"{MARKER}\nD\n"}, force=True)
    assert (out / "adr" / "0009-by-hand.md").read_text() == "# kept\n"


def test_a_file_in_the_way_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x")
    with pytest.raises(UsageError, match="not a directory"):
        write_plan(tmp_path / "out", {"PLAN.md": MARKER})


def test_a_refused_split_is_said_and_no_size_is_claimed(tmp_path: Path) -> None:
    routes = "".join(f"@app.get('/r{i}')\ndef r{i}():\n    return 'r{i}'\n\n\n" for i in range(30))
    write_tree(tmp_path / "p", {"main.py": "from flask import Flask\n\napp = Flask(__name__)\n\n\n"
                                + routes + "def dump():\n    return sorted(globals())\n\n\n"
                                "if __name__ == '__main__':\n    app.run()\n"})
    out = tmp_path / "out"
    assert _plan(str(tmp_path / "p"), "-o", str(out)).exit_code == 0
    plan = (out / "PLAN.md").read_text()
    assert "**`split-entrypoint` refuses it today**: main.py:156: reads the module namespace" \
        in plan
    assert "after the split (counted" not in plan
    adr = next((out / "adr").glob("0001-split-main-py*")).read_text()
    assert "- First remove what makes the codemod refuse: main.py:156" in adr
    assert "goes from" not in adr


def test_coverage_from_the_projects_configuration(tmp_path: Path) -> None:
    write_tree(tmp_path / "p", {**SMALL, "nova-refactor.toml": 'coverage = "cov.xml"\n',
                                "cov.xml": '<coverage><packages><package><classes>'
                                '<class filename="main.py"><lines><line number="10" hits="0"/>'
                                '<line number="11" hits="1"/></lines></class></classes>'
                                '</package></packages></coverage>'})
    out = tmp_path / "out"
    result = _plan(str(tmp_path / "p"), "-o", str(out))
    assert result.exit_code == 0, result.output
    plan = (out / "PLAN.md").read_text()
    assert "| Line coverage | 50.0 % | >= 80 % | coverage | cov.xml | **not met** |" in plan
    assert "| main.py:9 | index | 1 | 1/2 (50 %) | 0.5 |" in plan
