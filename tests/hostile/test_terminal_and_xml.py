"""Terminal output, JUnit and SARIF stay what they claim to be when the repository's file
names and route strings hold escape sequences, control characters or rich markup."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import app
from nova_refactor.report.terminal.text import SafeConsole, one_line

runner = CliRunner()
ESC = "\x1b]0;pwned\x07\x1b[31m"
APP = '''from flask import Flask

app = Flask(__name__)


@app.route("/a\\x1b[2J[link=https://evil.example]click[/link]\\r")
def handler():
    return "x"


def f(x):
''' + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(14))


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "repo"
    folder = root / f"pkg{ESC}\x0b\x1cx"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(APP)
    return root


def _no_controls(text: str) -> None:
    assert not any(ch in text for ch in "\x1b\x07\r\x0b\x1c\x9b"), repr(text)


def test_table_output_on_a_terminal_shows_escapes_instead_of_running_them(repo):
    from nova_refactor.analysis.run.pipeline import Options, analyze
    from nova_refactor.report.terminal.analysis import analysis_view

    out = io.StringIO()
    console = SafeConsole(file=out, force_terminal=True, width=200, color_system="truecolor")
    console.print(analysis_view(analyze([repo], Options(use_cache=False, jobs=1))))
    text = out.getvalue()
    # our own colours are there; nothing of the repository's
    assert "\x1b[" in text
    visible = text.replace("\x1b[0m", "").replace("\x1b[1m", "").replace("\x1b[2m", "")
    assert "\\x1b]0;pwned\\x07" in visible and "]8;" not in text  # no OSC 8 hyperlink
    assert "[link=https://evil.example]" in visible  # markup shown as text


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_piped_output_holds_no_control_character(repo, fmt):
    for command in ("analyze", "routes"):
        result = runner.invoke(app, [command, str(repo), "--no-cache", "-f", fmt])
        assert result.exit_code == 0, result.output
        _no_controls(result.stdout)


def test_an_error_naming_a_hostile_path_is_one_visible_line(tmp_path):
    missing = tmp_path / f"nope{ESC}\nfake: line"
    result = runner.invoke(app, ["analyze", str(missing)])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    _no_controls(result.stderr)
    assert one_line("a\x1b[1mb\nc\u202e") == "a\\x1b[1mb\\nc\\u202e"


def test_junit_and_sarif_are_well_formed(repo):
    junit = runner.invoke(app, ["check", str(repo), "-f", "junit"])
    assert junit.exit_code in (0, 1), junit.output
    root = ET.fromstring(junit.stdout)  # raises on a control character XML 1.0 forbids
    assert root.iter("testcase")
    sarif = runner.invoke(app, ["check", str(repo), "-f", "sarif"])
    assert sarif.exit_code in (0, 1), sarif.output
    json.loads(sarif.stdout)
