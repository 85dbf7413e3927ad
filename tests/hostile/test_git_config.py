"""A repository's git configuration must not make our git reads run a program: fsmonitor hook,
filter drivers (clean/process), external diff, textconv, gpg for signatures."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import app

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
runner = CliRunner()
PACKAGE = Path(__file__).resolve().parents[2] / "nova_refactor"


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                    "-c", "commit.gpgsign=false", "-c", "core.fsmonitor=false", *args],
                   cwd=root, check=True, capture_output=True)


@pytest.fixture
def trap(tmp_path: Path) -> Path:
    """Where a configured program would leave its mark."""
    return tmp_path / "ran"


@pytest.fixture
def hostile(tmp_path: Path, trap: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text("def f(x):\n    return x\n")
    (root / "lib.py").write_text("import app\n")
    (root / ".gitattributes").write_text("*.py filter=evil diff=evil\n")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "one")
    _git(root, "tag", "v1")
    (root / "app.py").write_text("def f(x):\n    if x:\n        return 1\n    return x\n")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "two")
    def mark(name: str, then: str = "") -> str:
        return f"sh -c 'echo {name} >> {trap}; {then}'"
    settings = {"core.fsmonitor": mark("fsmonitor"), "filter.evil.clean": mark("clean", "cat"),
                "filter.evil.smudge": mark("smudge", "cat"), "filter.evil.process":
                mark("process"), "diff.evil.textconv": mark("textconv", 'cat "$0"'),
                "diff.evil.command": mark("command"), "diff.external": mark("external"),
                "log.showSignature": "true", "gpg.program": mark("gpg")}
    for key, value in settings.items():
        _git(root, "config", key, value)
    (root / "app.py").write_text("def f(x):\n    return 2\n")  # a working-tree change
    return root


@pytest.mark.parametrize("args", [
    ["check", "{root}", "--changed-since", "HEAD~1"],
    ["compare", "v1", "HEAD", "{root}"],
    ["history", "{root}"],
    ["boundaries", "{root}"],
])
def test_no_configured_program_runs(hostile: Path, trap: Path, args: list[str]) -> None:
    result = runner.invoke(app, [a.format(root=hostile) for a in args])
    assert result.exit_code in (0, 1), result.output
    assert not trap.exists(), trap.read_text()


def test_the_trap_would_spring_without_our_settings(hostile: Path, trap: Path) -> None:
    """The fixture is really hostile: plain git runs the configured programs."""
    no_process = ["-c", "filter.evil.process="]  # else the failing process filter stops diff
    for args in (["diff", "HEAD"], [*no_process, "diff", "HEAD"],
                 [*no_process, "diff", "--no-ext-diff", "HEAD~1"]):
        subprocess.run(["git", "-C", str(hostile), *args], capture_output=True, check=False,
                       timeout=30)
    assert set(trap.read_text().split()) >= {"fsmonitor", "process", "command", "textconv"}


def test_every_git_command_line_is_built_by_git_command() -> None:
    """No module but gitrepo.py spells out a `git` command line."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "gitrepo.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.List) and node.elts and \
                    isinstance(node.elts[0], ast.Constant) and node.elts[0].value == "git":
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
