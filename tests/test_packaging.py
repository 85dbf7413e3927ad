"""The wheel ships every package, and the rule packs as the package nova_refactor.rules."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "nova_refactor").rglob("__init__.py")
    }
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert config["package-dir"] == {"nova_refactor.rules": "rules"}
    assert "nova_refactor.rules" in listed


def test_rule_packs_load_as_package_resources() -> None:
    packs = resources.files("nova_refactor.rules")
    for name in ("default.toml", "strict.toml"):
        assert packs.joinpath(name).read_text() == (ROOT / "rules" / name).read_text()


def test_pre_commit_hook_runs_check_on_changed_code() -> None:
    yaml = __import__("pytest").importorskip("yaml")
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "nova-refactor-check"
    assert hook["entry"] == "nova-refactor check --changed-since HEAD"
    assert hook["pass_filenames"] is False
