"""`compare` and `history`: two analyses, git revisions read from objects, trends."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.analysis.history.compare import compare
from nova_refactor.analysis.history.revision import analyze_revision
from nova_refactor.analysis.history.trend import history
from nova_refactor.analysis.run.pipeline import analyze
from nova_refactor.cli.app import app
from nova_refactor.config import load_config
from nova_refactor.errors import UsageError
from nova_refactor.gate.rules import CATALOG
from nova_refactor.gate.targets import pack_targets
from nova_refactor.report.history_report import sparkline

runner = CliRunner()

MONOLITH = """\
from flask import Flask
import threading

app = Flask(__name__)
LOCK = threading.Lock()
COUNTS = {}

{helpers}

@app.get("/items")
def items():
    with LOCK:
        return dict(COUNTS)


@app.post("/items/<name>")
def add(name):
    with LOCK:
        COUNTS[name] = COUNTS.get(name, 0) + 1
    return "ok"


if __name__ == "__main__":
    app.run()
"""
HELPERS = "\n\n".join(f"def helper_{i}(x):\n    return x + {i}\n" for i in range(60))


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          env=env, check=True)
    return done.stdout.strip()


def _commit(repo: Path, files: dict[str, str], message: str) -> str:
    for name, text in files.items():
        (repo / name).write_text(text)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message)
    return _git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """v1: a 260-line main.py; v2: helpers moved out; v3: a route dropped."""
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    _commit(root, {"main.py": MONOLITH.replace("{helpers}", HELPERS)}, "monolith")
    _git(root, "tag", "v1")
    _commit(root, {"helpers.py": HELPERS, "main.py": MONOLITH.replace("{helpers}", "")}, "split")
    _git(root, "tag", "v2")
    dropped = MONOLITH.replace("{helpers}", "").split('@app.post')[0] + (
        'if __name__ == "__main__":\n    app.run()\n')
    _commit(root, {"main.py": dropped}, "drop a route")
    return root


def _row(comparison, key):
    return next(row for row in comparison.rows if row.key == key)


def test_revision_analysis_equals_the_checkout_and_ignores_uncommitted_edits(repo: Path) -> None:
    (repo / "main.py").write_text("x = 1\n")  # uncommitted: a revision must not see it
    at_head = analyze_revision(repo, "HEAD")
    _git(repo, "checkout", "-q", "--", "main.py")
    assert at_head.summary == analyze([repo]).summary
    assert (repo / "main.py").read_text() != "x = 1\n"


def test_split_shrinks_the_entrypoint_and_keeps_every_route(repo: Path) -> None:
    targets = pack_targets(load_config(repo, CATALOG, "default"))
    result = compare(analyze_revision(repo, "v1"), analyze_revision(repo, "v2"), targets)
    entry = _row(result, "entrypoint_lines")
    assert entry.before > 250 and entry.after < 100
    assert (entry.trend, entry.verdict, entry.after_where) == ("better", "met", "main.py")
    assert _row(result, "routes").verdict == "kept"
    assert result.files_added == ("helpers.py",)
    assert result.routes_added == result.routes_removed == ()


def test_a_lost_route_is_named(repo: Path) -> None:
    result = compare(analyze_revision(repo, "v2"), analyze_revision(repo, "HEAD"))
    assert _row(result, "routes").verdict == "changed"
    assert [(r.method, r.path) for r in result.routes_removed] == [("POST", "/items/<name>")]
    assert _row(result, "hot_path_lock_acquisitions").trend == "better"


def test_cli_compares_a_json_document_with_a_revision(repo: Path, tmp_path: Path) -> None:
    saved = tmp_path / "before.json"
    assert runner.invoke(app, ["analyze", str(repo), "-f", "json", "-o", str(saved)]).exit_code == 0
    result = runner.invoke(app, ["compare", str(saved), "v1", str(repo), "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["schema"] == "nova-refactor/compare/2"
    routes = next(r for r in document["rows"] if r["key"] == "routes")
    assert (routes["before"], routes["after"], routes["verdict"]) == (1, 2, "changed")


def test_cli_markdown_and_regression_exit_code(repo: Path) -> None:
    args = ["compare", "v2", "HEAD", str(repo), "-f", "markdown", "--fail-on-regression"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "| Routes | 2 | 1 | -1 | unchanged | changed |" in result.stdout
    assert "| removed | POST | /items/\\<name> |" in result.stdout
    kept = runner.invoke(app, ["compare", "v1", "v2", str(repo), "--fail-on-regression"])
    assert kept.exit_code == 0, kept.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "nope", "HEAD"], "nope: unknown revision"),
        (["compare", "missing.json", "HEAD"], "missing.json:1: cannot read analysis"),
        (["history", "--revs", "v9..HEAD"], "v9..HEAD: unknown revision or range"),
        (["history", "--revs", "v1..HEAD", "--last", "2"], "either --revs or --last"),
    ],
)
def test_bad_sides_are_one_line_and_exit_2(repo: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, str(repo)])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("side", "message"), [("main.py", "main.py: not a folder"),
                                               ("nope", "nope: no such file or directory")])
def test_compare_and_history_take_an_existing_folder(repo: Path, side: str, message: str) -> None:
    for args in (["compare", "HEAD", "worktree"], ["history"]):
        result = runner.invoke(app, [*args, str(repo / side)])
        assert result.exit_code == 2 and message in result.stderr, result.output


def test_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not inside a git repository, so it has no commits"):
        analyze_revision(tmp_path, "HEAD")


def test_history_follows_the_commits_oldest_first(repo: Path) -> None:
    result = history(repo, last=3)
    assert [p.subject for p in result.points] == ["monolith", "split", "drop a route"]
    assert result.series("routes") == [2, 2, 1]
    assert result.series("files") == [1, 2, 2]
    ranged = history(repo, revs="v1..HEAD")
    assert [p.subject for p in ranged.points] == ["split", "drop a route"]


def test_history_cli_prints_trends(repo: Path) -> None:
    result = runner.invoke(app, ["history", str(repo), "-f", "markdown"])
    assert result.exit_code == 0, result.output
    assert "| Routes | 2 | 1 | ██▁ |" in result.stdout


@pytest.mark.parametrize(
    ("values", "line"),
    [
        ([1, 2, 3, 4, 5, 6, 7, 8], "▁▂▃▄▅▆▇█"),
        ([5, 5, 5], "▁▁▁"),
        ([None, 0, 10], " ▁█"),
        ([None, None], ""),
        ([], ""),
    ],
)
def test_sparkline(values: list[float | None], line: str) -> None:
    assert sparkline(values) == line
