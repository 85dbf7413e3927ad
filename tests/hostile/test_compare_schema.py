"""`compare` checks an analysis JSON against the schema we ship: a parseable but malformed
document is one line and exit 2, naming where it breaks the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import app

runner = CliRunner()


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("project")
    (root / "app.py").write_text("def f(x):\n    return x\n")
    out = root / "analysis.json"
    result = runner.invoke(app, ["analyze", str(root), "--no-cache", "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, json.loads(out.read_text())


def _broken(tmp_path: Path, document: dict) -> str:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document))
    return str(path)


@pytest.mark.parametrize(("damage", "where"), [
    (lambda d: d["summary"].update(files="many"), "at summary/files: 'many' is not of type"),
    (lambda d: d["files"][0].pop("path"), "at files/0: 'path' is a required property"),
    (lambda d: d.update(files={}), "at files: {} is not of type 'array'"),
])
def test_a_malformed_analysis_is_exit_2_with_the_first_schema_error(saved, tmp_path, damage,
                                                                   where):
    good, document = saved
    document = json.loads(json.dumps(document))
    damage(document)
    broken = _broken(tmp_path, document)
    result = runner.invoke(app, ["compare", str(good), broken])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {broken}:1: not a valid analysis document: {where}"), line


def test_a_valid_analysis_still_compares(saved):
    good, _ = saved
    result = runner.invoke(app, ["compare", str(good), str(good)])
    assert result.exit_code == 0, result.output
