"""Rule packs and [tool.nova-refactor]: merging, overrides, excludes, all errors at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from nova_refactor.config import PACKS, load_config
from nova_refactor.errors import ConfigError
from nova_refactor.gate.rules import CATALOG
from tests.gate_helpers import write_tree


@pytest.mark.parametrize("pack", PACKS)
def test_shipped_packs_load_and_name_only_known_rules(tmp_path: Path, pack: str) -> None:
    config = load_config(tmp_path, CATALOG, pack)
    assert set(config.enabled()) == set(CATALOG)
    assert config.sources == (f"rules/{pack}.toml",)


def test_default_pack_mirrors_the_plan(tmp_path: Path) -> None:
    rules = load_config(tmp_path, CATALOG).rules
    assert rules["entrypoint-size"]["max_lines"] == 99  # main < 100 lines
    assert rules["file-size"]["max_lines"] == 499  # largest file < 500
    assert rules["function-complexity"]["max"] == 10
    assert rules["coverage"]["min_percent"] == 80.0
    assert rules["maintainability"]["severity"] == "warning"


def test_strict_is_stricter_than_default(tmp_path: Path) -> None:
    default = load_config(tmp_path, CATALOG, "default").rules
    strict = load_config(tmp_path, CATALOG, "strict").rules
    for rule, option in [("entrypoint-size", "max_lines"), ("file-size", "max_lines"),
                         ("function-complexity", "max")]:
        assert strict[rule][option] < default[rule][option]
    assert strict["coverage"]["min_percent"] > default["coverage"]["min_percent"]


def test_pyproject_table_merges_onto_the_pack_with_overrides_and_excludes(tmp_path: Path) -> None:
    write_tree(tmp_path, {"pyproject.toml": """
        [tool.nova-refactor]
        exclude = ["generated/"]
        [tool.nova-refactor.rules.function-complexity]
        max = 12
        [[tool.nova-refactor.overrides]]
        paths = ["legacy/**"]
        rules.function-complexity.max = 30
        rules.file-size.enabled = false
        """})
    config = load_config(tmp_path, CATALOG)
    assert config.options_for("function-complexity", "app/x.py")["max"] == 12
    assert config.options_for("function-complexity", "legacy/old.py")["max"] == 30
    assert config.options_for("file-size", "legacy/old.py") is None
    assert config.options_for("file-size", "app/x.py")["max_lines"] == 499
    assert config.options_for("file-size", "generated/x.py") is None


def test_nova_refactor_toml_wins_over_pyproject_and_can_pick_a_pack_file(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "pyproject.toml": '[tool.nova-refactor]\npack = "strict"\n',
        "nova-refactor.toml": 'pack = "team.toml"\n',
        "team.toml": '[rules.file-size]\nmax_lines = 42\nexclude = ["scripts/"]\n',
    })
    config = load_config(tmp_path, CATALOG)
    assert config.enabled() == ("file-size",)
    assert config.options_for("file-size", "a.py")["max_lines"] == 42
    assert config.options_for("file-size", "scripts/a.py") is None


def test_every_configuration_error_is_reported_at_once(tmp_path: Path) -> None:
    write_tree(tmp_path, {"pyproject.toml": """
        [tool.nova-refactor]
        colour = "blue"
        exclude = "tests/"
        [tool.nova-refactor.rules.file-size]
        max_lines = "big"
        [tool.nova-refactor.rules.function-complexity]
        max = 0
        maximum = 3
        severity = "fatal"
        [tool.nova-refactor.rules.no-such-rule]
        x = 1
        [tool.nova-refactor.rules.shared-locks]
        include_mutable_globals = 1
        [[tool.nova-refactor.overrides]]
        rules.file-size.max_lines = 10
        """})
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path, CATALOG)
    lines = str(err.value).splitlines()
    assert lines[0] == "9 configuration errors:"
    expected = [
        "pyproject.toml: tool.nova-refactor.colour: unknown key; expected one of pack,",
        "pyproject.toml: tool.nova-refactor.exclude: expected a list of strings, got 'tests/'",
        "pyproject.toml: tool.nova-refactor.rules.file-size.max_lines: expected an integer >= 1,"
        " got 'big'",
        "pyproject.toml: tool.nova-refactor.rules.function-complexity.max: expected an integer "
        ">= 1, got 0",
        "pyproject.toml: tool.nova-refactor.rules.function-complexity.maximum: unknown option; "
        "expected one of enabled, severity, exclude, max",
        'pyproject.toml: tool.nova-refactor.rules.function-complexity.severity: expected one of '
        '"error", "warning", "note", got \'fatal\'',
        "pyproject.toml: tool.nova-refactor.rules.no-such-rule: unknown rule; expected one of",
        "pyproject.toml: tool.nova-refactor.rules.shared-locks.include_mutable_globals: expected "
        "true or false, got 1",
        "pyproject.toml: tool.nova-refactor.overrides[0].paths: expected a non-empty list of "
        "strings, got None",
    ]
    for want in expected:
        assert any(line.strip().startswith(want) for line in lines[1:]), want


@pytest.mark.parametrize(
    ("files", "rules", "message"),
    [
        ({"nova-refactor.toml": "pack = [1\n"}, None,
         "nova-refactor.toml: file: is not valid TOML"),
        ({}, "missing.toml", 'missing.toml: pack: expected "default", "strict" or an existing'),
        ({"nova-refactor.toml": "pack = 3\n"}, None, "nova-refactor.toml: pack: expected"),
    ],
)
def test_bad_sources_are_config_errors(
    tmp_path: Path, files: dict[str, str], rules: str | None, message: str
) -> None:
    write_tree(tmp_path, files)
    with pytest.raises(ConfigError, match="configuration error") as err:
        load_config(tmp_path, CATALOG, rules)
    assert message in str(err.value)


def test_a_malformed_exclude_stops_every_command(tmp_path: Path) -> None:
    from nova_refactor.analysis.run.pipeline import Options, analyze

    write_tree(tmp_path, {"a.py": "x = 1\n",
                          "pyproject.toml": '[tool.nova-refactor]\nexclude = "tests/"\n'})
    with pytest.raises(ConfigError, match=r"tool.nova-refactor.exclude: expected a list"):
        analyze([tmp_path], Options(use_cache=False))


def test_the_pyproject_header_in_nova_refactor_toml_is_explained(tmp_path: Path) -> None:
    write_tree(tmp_path, {"nova-refactor.toml": '[tool.nova-refactor]\nexclude = ["t/"]\n'})
    with pytest.raises(ConfigError, match=r"drop the \[tool.nova-refactor\] prefix"):
        load_config(tmp_path, CATALOG)
