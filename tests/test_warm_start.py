"""The warm start: `analyze` answered from the run cache before typer loads (cli/warm.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from nova_refactor.cli import warm
from nova_refactor.cli.app import COMMANDS, app, build_app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


def _analyze_params() -> dict[str, typer.core.click.Parameter]:
    command = typer.main.get_command(app).commands["analyze"]  # type: ignore[attr-defined]
    return {param.name: param for param in command.params}


def test_warm_parser_knows_exactly_the_analyze_options_and_defaults() -> None:
    params = _analyze_params()
    spelled = {opt: name for name, p in params.items() for opt in p.opts if opt.startswith("-")}
    known = {opt: field for opt, (field, _) in warm.VALUE_OPTIONS.items()}
    assert spelled == {**known, **warm.FLAGS}
    for field, default in warm.DEFAULTS.items():
        value = params[field].default
        assert getattr(value, "value", value) == default, field
    assert {"paths", "exclude"} | set(warm.DEFAULTS) == set(params)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["analyze", "a", "b", "--format", "json"], {"paths": ["a", "b"], "format": "json"}),
        (["analyze", "--format=markdown", "-o", "x.md", "src"],
         {"paths": ["src"], "format": "markdown", "output": "x.md"}),
        (["analyze", "--exclude", "t/*", "--exclude=u", "-j", "2", "--top", "007"],
         {"exclude": ["t/*", "u"], "jobs": 2, "top": 7}),
        (["analyze", "--no-cache", "--max-file-size", "9", "--max-complexity", "3"],
         {"no_cache": True, "max_file_size": 9, "max_complexity": 3}),
    ],
)
def test_warm_parser_reads_what_typer_reads(argv: list[str], expected: dict) -> None:
    parsed = warm.parse(argv)
    assert parsed is not None
    assert {key: parsed[key] for key in expected} == expected


@pytest.mark.parametrize(
    "argv",
    [
        [], ["routes", "."], ["--version"], ["analyze", "--help"], ["analyze", "--bogus"],
        ["analyze", "-fjson"], ["analyze", "--", "-x"], ["analyze", "--top", "0"],
        ["analyze", "--jobs", "-1"], ["analyze", "--top", "1.5"], ["analyze", "--top"],
        ["analyze", "--no-cache=1"], ["analyze", ""], ["analyze", "--output", "-"],
    ],
)
def test_warm_parser_leaves_everything_else_to_typer(argv: list[str]) -> None:
    assert warm.parse(argv) is None


def test_warm_answer_only_on_a_hit_and_same_bytes_as_typer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOVA_REFACTOR_CACHE_DIR", str(tmp_path / "cache"))
    project = tmp_path / "p"
    project.mkdir()
    (project / "a.py").write_text("def a(x):\n    return 1 if x else 2\n")
    argv = ["analyze", str(project), "--format", "json", "--top", "3", "-o"]
    assert not warm.answer([*argv, str(tmp_path / "early.json")])  # nothing cached yet
    assert not (tmp_path / "early.json").exists()

    assert runner.invoke(app, [*argv, str(tmp_path / "typer.json")]).exit_code == 0
    assert warm.answer([*argv, str(tmp_path / "warm.json")])
    assert (tmp_path / "warm.json").read_bytes() == (tmp_path / "typer.json").read_bytes()

    assert not warm.answer([*argv[:-2], "--top", "4", "-o", str(tmp_path / "x.json")])
    assert not warm.answer(["analyze", str(project), "--top", "3"])  # table: never cached
    assert not warm.answer([*argv, str(tmp_path / "missing" / "x.json")])  # typer reports it
    (project / "a.py").write_text("def a(x):\n    return 2\n")
    assert not warm.answer([*argv, str(tmp_path / "changed.json")])


def test_one_command_line_loads_one_command() -> None:
    assert list(COMMANDS)[:2] == ["analyze", "routes"]
    only = typer.main.get_command(build_app(["routes"]))
    assert list(only.commands) == ["routes"]  # type: ignore[attr-defined]
    assert list(typer.main.get_command(app).commands) == list(COMMANDS)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_script_warm_run_skips_typer_and_parsers_and_prints_the_same(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "a.py").write_text("import threading\nL = threading.Lock()\n")
    env = {**os.environ, "NOVA_REFACTOR_CACHE_DIR": str(tmp_path / "cache"), "CI": "true"}
    probe = (
        "import sys, runpy\n"
        "try:\n    runpy.run_module('nova_refactor', run_name='__main__')\n"
        "finally:\n"
        "    loaded = [m for m in ('typer', 'rich', 'radon', 'libcst', 'networkx',"
        " 'nova_refactor.frontends') if m in sys.modules]\n"
        "    print('LOADED', loaded, file=sys.stderr)\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", probe, "analyze", str(project), "--format",
                        "markdown"], capture_output=True, text=True, env=env, timeout=120,
                       check=False, cwd=ROOT)
        for _ in range(2)
    ]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    assert runs[0].stdout == runs[1].stdout and "## Shared-lock inventory" in runs[0].stdout
    assert "'typer'" in runs[0].stderr  # cold: the full application
    assert runs[1].stderr == "LOADED []\n"  # warm: no typer, rich or parser at all
