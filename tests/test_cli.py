"""The CLI contract, through typer's runner and through the installed script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "python_monolith"
SCRIPT = Path(sys.executable).with_name("nova-refactor")


@pytest.fixture
def small(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(
        "from flask import Flask\nimport threading\napp = Flask(__name__)\nL = threading.Lock()\n\n"
        "@app.get('/x')\ndef x():\n    with L:\n        return 'x'\n\n"
        "if __name__ == '__main__':\n    app.run()\n"
    )
    return tmp_path


def test_json_to_file_is_written_and_nothing_printed(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "analysis.json"
    result = runner.invoke(app, ["analyze", str(small), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    data = json.loads(out.read_text())
    assert data["schema"] == "nova-refactor/analysis/1"
    assert data["summary"]["hot_path_acquisitions"] == 1


def test_markdown_has_the_before_table_and_inventories(small: Path) -> None:
    result = runner.invoke(app, ["analyze", str(small), "--format", "markdown"])
    assert result.exit_code == 0
    for heading in ("## Before table", "## Shared-lock inventory", "## Entrypoint anatomy: app.py",
                    "## Routes"):
        assert heading in result.stdout
    assert "| GET | /x | app.x | x | app.py:7 |" in result.stdout


def test_table_to_file_is_plain_text(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    assert runner.invoke(app, ["analyze", str(small), "-o", str(out)]).exit_code == 0
    text = out.read_text()
    assert "Before table" in text and "\x1b[" not in text


def test_routes_json(small: Path) -> None:
    result = runner.invoke(app, ["routes", str(small), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema"] == "nova-refactor/routes/1"
    assert [(r["method"], r["path"], r["file"], r["line"]) for r in data["routes"]] == [
        ("GET", "/x", "app.py", 7)
    ]


def test_output_into_missing_directory_is_exit_2(small: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(small), "-o", str(tmp_path / "no" / "x.json")])
    assert result.exit_code == 2
    assert "directory does not exist" in result.output


@pytest.mark.parametrize("command", [["analyze"], ["graph", "-f", "dot"], ["check"],
                                     ["boundaries", "--emit-contracts"]])
def test_output_onto_a_folder_is_exit_2(small: Path, tmp_path: Path, command: list[str]) -> None:
    args = [*command, str(tmp_path)] if command[-1] == "--emit-contracts" else \
        [*command, "-o", str(tmp_path)]
    result = runner.invoke(app, [command[0], str(small), *args[1:]])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == f"error: {tmp_path}: is a folder; give a file name"


def test_internal_error_is_one_line_exit_3(small: Path, monkeypatch) -> None:
    from nova_refactor.cli import analyze_cmd

    def explode(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(analyze_cmd.use_case, "rendered", explode)  # every format renders
    result = runner.invoke(app, ["analyze", str(small)])
    assert result.exit_code == 3
    assert result.output.strip() == (
        "internal error: RuntimeError: boom (rerun with NOVA_REFACTOR_DEBUG=1 for details)"
    )


@pytest.mark.slow
def test_installed_script_on_the_example_quiet_under_ci() -> None:
    env = {**os.environ, "CI": "true"}
    proc = subprocess.run(
        [str(SCRIPT), "analyze", str(EXAMPLE), "--format", "json"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # no progress bar, no warnings
    assert json.loads(proc.stdout)["summary"]["entrypoints"][0][0] == "main.py"


@pytest.mark.slow
def test_installed_script_usage_errors() -> None:
    proc = subprocess.run([str(SCRIPT), "analyze", "/nonexistent/x"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "error: /nonexistent/x: no such file or directory\n"
    for bad in (["analyze", ".", "--format", "xml"], ["analyze", "--bogus"]):
        proc = subprocess.run([str(SCRIPT), *bad], capture_output=True, text=True, timeout=60,
                              check=False)
        assert proc.returncode == 2
        assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1, proc.stderr
    proc = subprocess.run([str(SCRIPT), "--version"], capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.stdout.startswith("nova-refactor ")


def test_graph_and_boundaries_commands(tmp_path: Path) -> None:
    dot = runner.invoke(app, ["graph", str(EXAMPLE), "--format", "dot", "--level", "package"])
    assert dot.exit_code == 0 and dot.stdout.startswith("digraph")
    table = runner.invoke(app, ["graph", str(EXAMPLE)])
    assert table.exit_code == 0 and "Most depended-on" in table.stdout
    contracts = tmp_path / "contracts.toml"
    page = tmp_path / "b.html"
    result = runner.invoke(app, ["boundaries", str(EXAMPLE), "--no-cochange", "--format", "html",
                                 "-o", str(page), "--emit-contracts", str(contracts)])
    assert result.exit_code == 0, result.output
    assert "<svg" in page.read_text() and "[tool.importlinter]" in contracts.read_text()
    counted = runner.invoke(app, ["boundaries", str(EXAMPLE), "--no-cochange", "--services", "2",
                                  "--format", "json"])
    assert counted.exit_code == 0
    assert len(json.loads(counted.stdout)["services"]) == 2


def test_boundaries_usage_errors_are_one_line(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["boundaries", str(tmp_path / "missing")])
    assert bad.exit_code == 2
    zero = runner.invoke(app, ["boundaries", str(EXAMPLE), "--services", "0"])
    assert zero.exit_code == 2


def test_output_to_a_pipe_is_written_in_place_not_replaced(
    small: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`-o /dev/null` must never turn the device into a regular file (a FIFO stands in for it)."""
    import stat
    import threading

    fifo = tmp_path_factory.mktemp("out") / "pipe"  # outside the analysed tree
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = runner.invoke(app, ["analyze", str(small), "--format", "json", "-o", str(fifo)])
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["schema"] == "nova-refactor/analysis/1"


def test_the_table_is_a_summary_with_every_row_one_option_away(tmp_path: Path) -> None:
    routes = "".join(f"@app.get('/r{i}')\ndef r{i}():\n    return ''\n\n" for i in range(25))
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n\n" + routes)
    capped = runner.invoke(app, ["analyze", str(tmp_path), "--no-cache", "--top", "5"])
    assert capped.exit_code == 0, capped.output
    assert "Routes (25)" in capped.stdout and "/r0 " in capped.stdout  # sorted by path
    assert "/r9 " not in capped.stdout
    assert "… 20 more routes: --top N or --full shows them" in capped.stdout
    full = runner.invoke(app, ["analyze", str(tmp_path), "--no-cache", "--full"])
    assert "/r9 " in full.stdout and "more routes" not in full.stdout


def test_help_and_errors_speak_plainly() -> None:
    helped = runner.invoke(app, ["analyze", "--help"], env={"COLUMNS": "200"})
    assert helped.exit_code == 0
    for leaked in ("<bool>", "<list[", "<int range>", "Value error", "Input should"):
        assert leaked not in helped.stdout
    wrong = runner.invoke(app, ["analyze", "--format", "xml"])
    assert wrong.exit_code == 2
    assert "is not one of" in wrong.output
    assert "Value error" not in wrong.output
