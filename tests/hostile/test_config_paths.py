"""`baseline`, `coverage` and `pack` in a repository's own configuration stay inside it; the
same paths given as CLI flags by the user may point anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import app

runner = CliRunner()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.xml").write_text("TOP SECRET first line\n")
    (folder / "pack.toml").write_text("[rules.file-size]\nmax_lines = 1\n")
    return folder


def _repo(tmp_path: Path, config: str) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text("def f():\n    return 1\n")
    (root / "nova-refactor.toml").write_text(config)
    return root


HOSTILE = [
    ("baseline", '"../outside/baseline.json"', "baseline"),
    ("baseline", '"{outside}/baseline.json"', "baseline"),
    ("coverage", '"../outside/secret.xml"', "coverage"),
    ("coverage", '"{outside}/secret.xml"', "coverage"),
    ("pack", '"../outside/pack.toml"', "pack"),
    ("baseline", '"link/baseline.json"', "baseline"),
    ("coverage", '"cov.xml"', "coverage"),  # cov.xml is a file symlink out
]


@pytest.mark.parametrize(("key", "value", "named"), HOSTILE)
def test_repository_paths_outside_are_configuration_errors(tmp_path, outside, key, value, named):
    root = _repo(tmp_path, f"{key} = {value.format(outside=outside)}\n")
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "cov.xml").symlink_to(outside / "secret.xml")
    result = runner.invoke(app, ["check", str(root), "--update-baseline"])
    assert result.exit_code == 2, result.output
    assert f"nova-refactor.toml: {named}: must stay inside the repository" in result.stderr
    assert "TOP SECRET" not in result.output
    assert sorted(p.name for p in outside.iterdir()) == ["pack.toml", "secret.xml"]


def test_pyproject_key_is_named_with_its_table(tmp_path, outside):
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text("x = 1\n")
    (root / "pyproject.toml").write_text('[tool.nova-refactor]\nbaseline = "../b.json"\n')
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 2
    assert "pyproject.toml: tool.nova-refactor.baseline: must stay inside" in result.stderr


def test_cli_flags_may_point_outside(tmp_path, outside):
    root = _repo(tmp_path, "")
    baseline = outside / "baseline.json"
    result = runner.invoke(app, ["check", str(root), "--baseline", str(baseline),
                                 "--update-baseline", "--rules", str(outside / "pack.toml")])
    assert result.exit_code in (0, 1), result.output
    assert baseline.is_file()


def test_paths_inside_are_still_used(tmp_path):
    root = _repo(tmp_path, 'baseline = "gate/baseline.json"\n')
    (root / "gate").mkdir()
    result = runner.invoke(app, ["check", str(root), "--update-baseline"])
    assert result.exit_code in (0, 1), result.output
    assert (root / "gate" / "baseline.json").is_file()
