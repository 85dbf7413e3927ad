"""Every JSON document we print has a schema we ship: graph, boundaries and check, as analysis
and compare already had. The examples' documents validate; a malformed one does not."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT / "examples" / name for name in ("python_monolith", "rust_monolith")]
runner = CliRunner()


def schema(name: str) -> dict:
    version = 2 if name == "boundaries" else 1  # boundaries/2: drawing coordinates left it
    schemas = resources.files("nova_refactor").joinpath("report/machine/schemas")
    text = schemas.joinpath(f"{name}-{version}.schema.json")
    loaded = json.loads(text.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def document(*args: str) -> dict:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output  # check exits 1 when the gate breaks
    return json.loads(result.stdout)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize(("name", "args"), [
    ("graph", ("graph",)),
    ("graph", ("graph", "--level", "package")),
    ("boundaries", ("boundaries",)),
    ("boundaries", ("boundaries", "--services", "2")),
    ("check", ("check",)),
])
def test_the_examples_documents_validate(example: Path, name: str, args: tuple[str, ...]) -> None:
    jsonschema.validate(document(args[0], str(example), *args[1:]), schema(name))


def test_a_baseline_run_with_fixed_and_improved_findings_validates(tmp_path: Path) -> None:
    branchy = "def f(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(14))
    (tmp_path / "m.py").write_text(branchy)
    baseline = tmp_path / "baseline.json"
    assert runner.invoke(app, ["check", str(tmp_path), "--baseline", str(baseline),
                               "--update-baseline"]).exit_code == 0
    (tmp_path / "m.py").write_text(branchy.replace("    if x == 13:\n        return 13\n", ""))
    (tmp_path / "n.py").write_text("x = 1\n")
    found = document("check", str(tmp_path), "--baseline", str(baseline))
    assert {f["status"] for f in found["findings"]} == {"improved"}
    jsonschema.validate(found, schema("check"))
    (tmp_path / "m.py").write_text("def f(x):\n    return x\n")
    gone = document("check", str(tmp_path), "--baseline", str(baseline))
    assert [entry["subject"] for entry in gone["fixed"]] == ["f"]
    jsonschema.validate(gone, schema("check"))


@pytest.mark.parametrize("name", ["graph", "boundaries", "check"])
def test_a_malformed_document_is_rejected(name: str) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema": f"nova-refactor/{name}/0"}, schema(name))
