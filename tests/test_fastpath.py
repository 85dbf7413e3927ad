"""The fast path: `analyze --format json|markdown` run before typer loads (cli/fastpath.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from nova_refactor.cli import fastpath
from nova_refactor.cli.app import COMMANDS, _commands_for, app, build_app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


def _analyze_params() -> dict[str, typer.core.click.Parameter]:
    command = typer.main.get_command(app).commands["analyze"]  # type: ignore[attr-defined]
    return {param.name: param for param in command.params}


def test_warm_parser_knows_exactly_the_analyze_options_and_defaults() -> None:
    params = _analyze_params()
    spelled = {opt: name for name, p in params.items() for opt in p.opts if opt.startswith("-")}
    known = {opt: field for opt, (field, _) in fastpath.VALUE_OPTIONS.items()}
    assert spelled == {**known, **fastpath.FLAGS}
    for field, default in fastpath.DEFAULTS.items():
        value = params[field].default
        assert getattr(value, "value", value) == default, field
    assert {"paths", "exclude"} | set(fastpath.DEFAULTS) == set(params)


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
    parsed = fastpath.parse(argv)
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
    assert fastpath.parse(argv) is None


def test_fast_path_writes_what_typer_writes_and_leaves_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NOVA_REFACTOR_CACHE_DIR", str(tmp_path / "cache"))
    project = tmp_path / "p"
    project.mkdir()
    (project / "a.py").write_text("def a(x):\n    return 1 if x else 2\n")
    for extra in (["--no-cache"], [], []):  # cold, cache filled, answered from the cache
        argv = ["analyze", str(project), "--format", "json", "--top", "3", *extra, "-o"]
        assert fastpath.run([*argv, str(tmp_path / "fast.json")]) == 0
        assert runner.invoke(app, [*argv, str(tmp_path / "typer.json")]).exit_code == 0
        assert (tmp_path / "fast.json").read_bytes() == (tmp_path / "typer.json").read_bytes()

    assert fastpath.run(["analyze", str(project), "--top", "3"]) is None  # the table: typer's
    assert fastpath.run(["analyze", str(project), "--format", "markdown"]) == 0
    assert "## Before table" in capsys.readouterr().out

    capsys.readouterr()
    missing = ["analyze", str(tmp_path / "nope"), "--format", "json"]
    assert fastpath.run(missing) == 2
    bad_output = ["analyze", str(project), "-f", "json", "-o", str(tmp_path / "no" / "x.json")]
    assert fastpath.run(bad_output) == 2
    errors = capsys.readouterr().err.splitlines()
    assert errors == [f"error: {tmp_path / 'nope'}: no such file or directory",
                      f"error: {tmp_path / 'no' / 'x.json'}: directory does not exist"]
    assert [runner.invoke(app, argv).exit_code for argv in (missing, bad_output)] == [2, 2]


def test_an_unexpected_error_is_left_to_typer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(fastpath, "analyze_rendered", explode)
    assert fastpath.run(["analyze", str(tmp_path), "--format", "json", "--no-cache"]) is None


def test_one_command_line_loads_one_command() -> None:
    assert list(COMMANDS)[:2] == ["analyze", "routes"]
    assert _commands_for(["routes", "."]) == ["routes"]
    assert _commands_for(["--version"]) == []  # the callback answers it, before any command
    assert [_commands_for(argv) for argv in ([], ["--help"], ["nope"])] == [None, None, None]
    only = typer.main.get_command(build_app(["routes"]))
    assert list(only.commands) == ["routes"]  # type: ignore[attr-defined]
    assert list(typer.main.get_command(app).commands) == list(COMMANDS)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_script_json_runs_skip_typer_and_a_warm_run_skips_the_parsers(tmp_path: Path) -> None:
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
    assert runs[0].stderr == "LOADED ['radon', 'nova_refactor.frontends']\n"  # cold: no typer
    assert runs[1].stderr == "LOADED []\n"  # warm: no parser either


def test_a_failed_write_is_reported_once_not_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def closed_pipe(_text: str, _output: Path | None) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(fastpath, "write_text", closed_pipe)
    monkeypatch.delenv("NOVA_REFACTOR_DEBUG", raising=False)
    (tmp_path / "a.py").write_text("x = 1\n")  # an empty folder would stop before writing
    assert fastpath.run(["analyze", str(tmp_path), "--format", "json", "--no-cache"]) == 3
    assert capsys.readouterr().err == (
        "internal error: BrokenPipeError: [Errno 32] Broken pipe "
        "(rerun with NOVA_REFACTOR_DEBUG=1 for details)\n"
    )
    monkeypatch.setenv("NOVA_REFACTOR_DEBUG", "1")
    with pytest.raises(BrokenPipeError):
        fastpath.run(["analyze", str(tmp_path), "--format", "json", "--no-cache"])
