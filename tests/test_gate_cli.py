"""`nova-refactor check` exit codes and outputs, through typer's runner and the installed script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import app
from nova_refactor.gate.rules import CATALOG
from tests.gate_helpers import branchy, write_tree

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "python_monolith"
SCRIPT = Path(sys.executable).with_name("nova-refactor")


def _check(*args: str):
    return runner.invoke(app, ["check", *args], env={"COLUMNS": "200"})


def test_the_monolith_breaks_the_gate_with_clear_findings() -> None:
    result = _check(str(EXAMPLE), "--no-cache")
    assert result.exit_code == 1
    out = result.stdout
    assert "entrypoint-size" in out and "main.py:1" in out and "1721 / 99" in out
    assert "entrypoint main.py has 1721 lines (at most 99)" in out
    assert "PostService.build_feed has cyclomatic complexity 26" in out
    assert "gate broken:" in out


def test_a_clean_tree_keeps_the_gate(tmp_path: Path) -> None:
    write_tree(tmp_path, {"app.py": "def ok():\n    return 1\n"})
    result = _check(str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "gate kept: 0 finding(s)" in result.stdout


def test_exclude_on_the_command_line_skips_a_folder(tmp_path: Path) -> None:
    write_tree(tmp_path, {"app.py": "x = 1\n", "fixtures/broken.py": "def f(:\n"})
    assert _check(str(tmp_path), "--no-cache").exit_code == 1  # unparsable-file
    result = _check(str(tmp_path), "--no-cache", "--exclude", "fixtures/")
    assert result.exit_code == 0, result.output


def test_list_rules_names_every_rule_and_its_options(tmp_path: Path) -> None:
    result = _check(str(tmp_path), "--list-rules", "--rules", "strict")
    assert result.exit_code == 0
    for rule_id in CATALOG:
        assert rule_id in result.stdout
    assert "max_lines = 300" in result.stdout and "pack strict" in result.stdout


def test_configuration_errors_exit_2_all_at_once(tmp_path: Path) -> None:
    write_tree(tmp_path, {"nova-refactor.toml": "[rules.file-size]\nmax_lines = -1\nfoo = 1\n"})
    result = _check(str(tmp_path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "error: 2 configuration errors:" in result.stderr
    assert "rules.file-size.max_lines: expected an integer >= 1, got -1" in result.stderr
    assert "rules.file-size.foo: unknown option" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--update-baseline"], "--update-baseline needs --baseline FILE"),
        (["--coverage", "nope.xml"], "coverage report not found"),
        (["--rules", "nope.toml"], "nope.toml: pack: expected"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    write_tree(tmp_path, {"a.py": "x = 1\n"})
    result = _check(str(tmp_path), *args)
    assert result.exit_code == 2 and message in result.stderr


def test_update_baseline_then_ratchet_then_refusal(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": branchy("legacy", 12)})
    baseline = str(tmp_path / "nova-baseline.json")
    first = _check(str(tmp_path), "--baseline", baseline, "--update-baseline")
    assert first.exit_code == 0 and "adopted: 1 finding(s) accepted" in first.stderr
    assert _check(str(tmp_path), "--baseline", baseline).exit_code == 0
    write_tree(tmp_path, {"a.py": branchy("legacy", 14)})
    assert _check(str(tmp_path), "--baseline", baseline).exit_code == 1
    refused = _check(str(tmp_path), "--baseline", baseline, "--update-baseline")
    assert refused.exit_code == 1
    assert "refusing to update" in refused.stderr and "--allow-worse" in refused.stderr
    allowed = _check(str(tmp_path), "--baseline", baseline, "--update-baseline", "--allow-worse")
    assert allowed.exit_code == 0 and "updated" in allowed.stderr


def test_output_file_and_internal_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {"a.py": branchy("f", 11)})
    out = tmp_path / "gate.json"
    result = _check(str(tmp_path), "--format", "json", "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(out.read_text())["findings"][0]["rule"] == "function-complexity"

    from nova_refactor.cli import check_cmd

    def explode(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(check_cmd.api, "check", explode)
    crashed = _check(str(tmp_path))
    assert crashed.exit_code == 3 and "internal error: RuntimeError: boom" in crashed.stderr


@pytest.mark.slow
def test_installed_script_sarif_on_the_example(tmp_path: Path) -> None:
    out = tmp_path / "gate.sarif"
    proc = subprocess.run(
        [str(SCRIPT), "check", str(EXAMPLE), "--format", "sarif", "-o", str(out)],
        capture_output=True, text=True, env={**os.environ, "CI": "true"}, timeout=120,
        check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", "")
    results = json.loads(out.read_text())["runs"][0]["results"]
    assert any(r["ruleId"] == "entrypoint-size" for r in results)


@pytest.mark.slow
def test_installed_script_keeps_our_own_gate() -> None:
    """What .ci/run does: our repository passes its own default pack, without a baseline."""
    proc = subprocess.run([str(SCRIPT), "check", str(ROOT), "--format", "json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
    data = json.loads(proc.stdout)
    assert data["broken"] is False and data["baseline"] is None


def test_brackets_in_paths_and_states_are_printed_as_text(tmp_path: Path) -> None:
    write_tree(tmp_path, {"[legacy]/a.py": branchy("f", 11)})
    result = _check(str(tmp_path))
    assert "[legacy]/a.py:1" in result.stdout
    listed = _check(str(tmp_path), "--list-rules")
    assert "entrypoint-size [on]" in listed.stdout


def test_a_folder_without_sources_fails_instead_of_passing(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# not code\n")
    for args in (["check", str(tmp_path)], ["plan", str(tmp_path), "-o", str(tmp_path / "p")],
                 ["report", str(tmp_path), "-o", str(tmp_path / "r.html")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "no Python (.py) or Rust (.rs) source files found" in result.stderr


def test_a_configured_baseline_is_adopted_on_its_first_update(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": branchy("legacy", 12),
                          "pyproject.toml": '[tool.nova-refactor]\nbaseline = "b.json"\n'})
    first = _check(str(tmp_path), "--update-baseline")
    assert first.exit_code == 0 and "adopted: 1 finding(s) accepted" in first.stderr
    again = _check(str(tmp_path), "--update-baseline")
    assert again.exit_code == 0 and "updated" in again.stderr
