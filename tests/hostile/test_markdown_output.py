"""Markdown we write (analysis, gate, PLAN.md, ADRs) from a repository whose route strings and
file names carry Markdown: no injected heading, block, raw HTML or @mention."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import app
from nova_refactor.report.markdown.text import cell, code, document, outside_code

runner = CliRunner()
ROUTE = "/x\\n# Injected heading\\n<details open>@octocat `y | z"
APP = f'''import threading
from flask import Flask

app = Flask(__name__)
LOCK = threading.Lock()


@app.route("{ROUTE}")
def handler():
    with LOCK:
        return "x"


@app.route("/ok")
def ok():
    with LOCK:
        return "y"


if __name__ == "__main__":
    app.run()
'''


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "repo"
    folder = root / "svc@octocat <b>"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(APP + "\n" * 3 + "\n".join(f"x{i} = {i}" for i in range(120)))
    return root


def _assert_safe(text: str, where: str) -> None:
    lines = text.splitlines()
    assert not any(line.lstrip().startswith("# Injected") for line in lines), where
    for line in lines:  # code spans show their text as it is: only the rest can be markup
        plain = outside_code(line, lambda part: part) if "`" not in line else \
            "".join(outside_code(line, lambda part: f"\0{part}\0").split("\0")[1::2])
        assert re.search(r"(?<!\\)<(details|b>)", plain) is None, (where, line)
        assert re.search(r"(?<!\w)@octocat", plain) is None, (where, line)


def test_analysis_and_gate_markdown(repo):
    for args in (["analyze", str(repo), "--no-cache", "-f", "markdown"],
                 ["check", str(repo), "-f", "markdown"],
                 ["routes", str(repo), "-f", "markdown"]):
        result = runner.invoke(app, args)
        if result.exit_code == 2 and "markdown" in result.output:
            continue  # this command has no Markdown format
        assert result.exit_code in (0, 1), result.output
        _assert_safe(result.stdout, args[0])


def test_plan_and_adrs(repo, tmp_path):
    out = tmp_path / "plan"
    result = runner.invoke(app, ["plan", str(repo), "-o", str(out)])
    assert result.exit_code == 0, result.output
    for page in [out / "PLAN.md", *sorted((out / "adr").glob("*.md"))]:
        _assert_safe(page.read_text(encoding="utf-8"), page.name)


def test_the_escaper():
    assert document(["a\nb", "x\u2028# h"]) == "a b\nx # h"
    assert document(["<details> `<kept>` @octocat"]) == \
        "&lt;details> `<kept>` @&#8203;octocat"
    assert cell("a\\|b<c\nd") == "a\\\\\\|b\\<c d"  # the pipe stays escaped
    assert code("a`b") == "``a`b``" and code("`x") == "`` `x ``"
    assert outside_code("``a ` b`` c `", str.upper) == "``a ` b`` C `"
