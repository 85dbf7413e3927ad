"""The bundled example's analysis, against a reviewed golden file and the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from nova_refactor.analysis.history.sides import load_analysis
from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.report.machine.analysis_json import analysis_schema, render_json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "python_monolith"
GOLDEN = ROOT / "tests" / "golden" / "python_monolith.analysis.json"


@pytest.fixture(scope="module")
def document() -> str:
    return render_json(analyze([EXAMPLE], Options(use_cache=False)))


def test_matches_golden(document: str, update_goldens: bool) -> None:
    if update_goldens:  # indented so that a reviewer can read the diff
        GOLDEN.write_text(json.dumps(json.loads(document), indent=2) + "\n")
    assert GOLDEN.exists(), "run pytest --update-goldens once, then review the file"
    assert json.loads(document) == json.loads(GOLDEN.read_text()), (
        "analysis of examples/python_monolith changed; if intended, rerun with --update-goldens "
        "and review the diff"
    )


def test_validates_against_schema_and_round_trips(document: str) -> None:
    jsonschema.validate(json.loads(document), analysis_schema())
    assert render_json(load_analysis(document, "doc")) == document


def test_schema_rejects_a_wrong_document(document: str) -> None:
    data = json.loads(document)
    data["summary"]["files"] = "many"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, analysis_schema())


def test_before_table_of_the_example(document: str) -> None:
    summary = json.loads(document)["summary"]
    assert summary["entrypoints"][0][0] == "main.py"
    assert summary["entrypoints"][0][1] >= 1000
    assert summary["largest_file"]["path"] == "main.py"
    assert summary["routes"] >= 32
    assert summary["shared_locks"] >= 5
    assert summary["hot_path_acquisitions"] >= 3
    assert summary["functions_over_threshold"] >= 1


def test_anatomy_covers_every_responsibility(document: str) -> None:
    (entry,) = json.loads(document)["entrypoints"]
    kinds = {segment["kind"] for segment in entry["segments"]}
    assert {"imports", "config", "logging", "state", "services", "routes", "cli", "background",
            "server"} <= kinds
    last = entry["segments"][-1]
    assert last["kind"] == "cli"
    assert any("__main__" in reason for reason in last["reasons"])


def test_route_inventory_equals_flask_url_map(document: str) -> None:
    """Our static inventory against the example's real, imported Flask app."""
    import sys

    sys.path.insert(0, str(EXAMPLE))
    try:
        import main  # the example's own entrypoint; importing it starts no threads
    finally:
        sys.path.remove(str(EXAMPLE))
    real = {
        (method, rule.rule, rule.endpoint)
        for rule in main.app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    ours = {(r["method"], r["path"], r["endpoint"])
            for r in json.loads(document)["routes"] if r["method"] not in ("HEAD", "OPTIONS")}
    assert ours == real
