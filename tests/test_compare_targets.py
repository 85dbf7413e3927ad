"""`compare` judges against the rule pack `check` enforces: targets follow `--rules`, a disabled
rule sets none, the shared-locks rule is a ratchet, and the JSON document keeps its schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from nova_refactor.analysis.history.compare import Target, compare
from nova_refactor.analysis.run.pipeline import analyze
from nova_refactor.cli.app import app
from nova_refactor.config import load_config
from nova_refactor.gate.rules import CATALOG
from nova_refactor.gate.targets import pack_targets
from nova_refactor.report.compare_report import compare_schema, render_compare_json

runner = CliRunner()
BEFORE = """\
import threading
LOCK = threading.Lock()
{body}
def handler(x):
    if x:
        return 1
    return 2
"""


def _write(root: Path, body: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "main.py").write_text(BEFORE.replace("{body}", body))
    return root


@pytest.fixture
def sides(tmp_path: Path) -> tuple[Path, Path]:
    """Before: a 116-line main.py with one lock; after: 62 lines and a second lock."""
    before = _write(tmp_path / "before", "\n".join(f"A{i} = {i}" for i in range(110)))
    after = _write(tmp_path / "after", "OTHER = threading.Lock()\n"
                   + "\n".join(f"A{i} = {i}" for i in range(55)))
    return before, after


def _targets(tmp_path: Path, pack: str) -> dict[str, Target]:
    return pack_targets(load_config(tmp_path, CATALOG, pack))


def _row(result, key):  # noqa: ANN001, ANN202
    return next(row for row in result.rows if row.key == key)


def test_default_pack_is_the_plans_table(tmp_path: Path) -> None:
    targets = _targets(tmp_path, "default")
    rendered = {key: t.render() for key, t in targets.items()}
    assert rendered == {
        "entrypoint_lines": "≤ 99", "largest_file_lines": "≤ 499", "max_complexity": "≤ 10",
        "functions_over_threshold": "= 0", "mi_min": "≥ 10", "shared_locks": "≤ before",
        "mutable_globals": "≤ before", "hot_path_lock_acquisitions": "= 0", "coverage": "≥ 80",
    }
    assert targets["entrypoint_lines"].origin == "default pack, entrypoint-size: max_lines = 99"


def test_strict_pack_moves_the_targets_and_the_verdicts(sides, tmp_path: Path) -> None:  # noqa: ANN001
    before, after = (analyze([p]) for p in sides)
    default = compare(before, after, _targets(tmp_path, "default"), pack="default")
    strict = compare(before, after, _targets(tmp_path, "strict"), pack="strict")
    assert (_row(default, "entrypoint_lines").verdict, _row(strict, "entrypoint_lines").verdict) \
        == ("met", "not met")  # 62 lines: under the default 99, over strict's 50
    assert _row(strict, "entrypoint_lines").target == "≤ 50"
    assert _row(strict, "max_complexity").target == "≤ 7"


def test_shared_locks_is_a_ratchet_against_the_before_side(sides, tmp_path: Path) -> None:  # noqa: ANN001
    before, after = (analyze([p]) for p in sides)
    targets = _targets(tmp_path, "default")
    worse = _row(compare(before, after, targets), "shared_locks")
    assert (worse.before, worse.after, worse.target, worse.verdict) == (1, 2, "≤ before",
                                                                        "not met")
    assert _row(compare(after, before, targets), "shared_locks").verdict == "met"


def test_a_disabled_rule_sets_no_target(sides, tmp_path: Path) -> None:  # noqa: ANN001
    before_dir, after_dir = sides
    pack = tmp_path / "mine.toml"
    pack.write_text('description = "x"\n[rules.entrypoint-size]\nenabled = false\n'
                    "[rules.file-size]\nmax_lines = 70\n")
    result = runner.invoke(app, ["compare", str(before_dir / "main.py"), str(after_dir),
                                 str(after_dir), "--rules", str(pack), "-f", "json"])
    # the before side is not an analysis document: a clear usage error, not a traceback
    assert result.exit_code == 2 and "main.py" in result.stderr
    saved = tmp_path / "before.json"
    assert runner.invoke(app, ["analyze", str(before_dir), "-f", "json", "-o",
                               str(saved)]).exit_code == 0
    after_json = tmp_path / "after.json"
    assert runner.invoke(app, ["analyze", str(after_dir), "-f", "json", "-o",
                               str(after_json)]).exit_code == 0
    result = runner.invoke(app, ["compare", str(saved), str(after_json), str(tmp_path),
                                 "--rules", str(pack), "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["key"]: row for row in json.loads(result.stdout)["rows"]}
    assert rows["entrypoint_lines"]["target"] == "" and rows["entrypoint_lines"]["verdict"] == ""
    assert (rows["largest_file_lines"]["target"], rows["largest_file_lines"]["verdict"]) == (
        "≤ 70", "met")
    origin = rows["largest_file_lines"]["target_origin"]
    assert origin == "mine.toml pack, file-size: max_lines = 70"


def test_json_validates_against_the_versioned_schema(sides, tmp_path: Path) -> None:  # noqa: ANN001
    before, after = (analyze([p]) for p in sides)
    document = json.loads(render_compare_json(
        compare(before, after, _targets(tmp_path, "default"), pack="default")))
    schema = compare_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema)
    assert document["schema"] == "nova-refactor/compare/2" and document["pack"] == "default"
    document["rows"][0]["verdict"] = "fine"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_an_unknown_pack_fails_before_any_analysis(sides) -> None:  # noqa: ANN001
    before_dir, after_dir = sides
    result = runner.invoke(app, ["compare", "HEAD~1", "HEAD", str(after_dir), "--rules", "nope"])
    assert result.exit_code == 2 and "nope" in result.stderr


def _lcov(path: Path, hit: int, lines: int) -> Path:
    rows = "".join(f"DA:{n},{1 if n <= hit else 0}\n" for n in range(1, lines + 1))
    path.write_text(f"SF:main.py\n{rows}end_of_record\n")
    return path


def test_coverage_row_only_when_reports_are_given(sides, tmp_path: Path) -> None:  # noqa: ANN001
    before_dir, after_dir = sides
    args = ["compare", "worktree", "worktree", str(after_dir), "-f", "json"]
    plain = json.loads(runner.invoke(app, args).stdout)
    assert "coverage" not in [row["key"] for row in plain["rows"]]  # the default shape
    old, new = _lcov(tmp_path / "old.info", 5, 10), _lcov(tmp_path / "new.info", 17, 20)
    result = runner.invoke(app, [*args, "--coverage-before", str(old), "--coverage-after",
                                 str(new)])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)["rows"][-1]
    assert (row["label"], row["before"], row["after"], row["trend"], row["target"],
            row["verdict"], row["after_where"]) == (
        "Test coverage (%)", 50.0, 85.0, "better", "≥ 80", "met", "new.info")
    missing = runner.invoke(app, [*args, "--coverage-after", str(tmp_path / "none.xml")])
    assert missing.exit_code == 2 and "none.xml: coverage report not found" in missing.stderr


def test_functions_over_are_counted_at_the_packs_limit(tmp_path: Path) -> None:
    # complexity 8: under the analysis' default --max-complexity 10, over strict's 7
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(7))
    side = analyze([_write(tmp_path / "side", f"def branchy(x):\n{branches}    return -1\n")])
    assert side.summary.functions_over_threshold == 0
    default = _row(compare(side, side, _targets(tmp_path, "default")), "functions_over_threshold")
    strict = _row(compare(side, side, _targets(tmp_path, "strict")), "functions_over_threshold")
    assert (default.after, default.verdict, default.after_where) == (0, "met", "complexity > 10")
    assert (strict.after, strict.verdict, strict.after_where) == (1, "not met", "complexity > 7")
