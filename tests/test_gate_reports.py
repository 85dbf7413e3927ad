"""The gate's renderers: SARIF validated against the official 2.1.0 schema, JUnit parsed back,
Markdown, JSON and the table."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest

from nova_refactor.gate.engine import CheckOutcome
from nova_refactor.report.machine.gate_json import render_check_json
from nova_refactor.report.machine.junit import render_junit
from nova_refactor.report.machine.sarif import render_sarif
from nova_refactor.report.markdown.gate import render_check_markdown
from nova_refactor.report.terminal.analysis import render_to_text
from nova_refactor.report.terminal.gate import check_view
from tests.gate_helpers import branchy, gate, write_tree

DATA = Path(__file__).parent / "data"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "python_monolith"


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CheckOutcome]:
    """The example with a baseline from before one function got worse and one appeared."""
    root = tmp_path_factory.mktemp("mono") / "python_monolith"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    baseline = root / "baseline.json"
    gate(root, baseline=baseline, update_baseline=True)
    with (root / "services" / "posts.py").open("a") as handle:
        handle.write("\n\n" + branchy("brand_new", 12))
    write_tree(root, {"sub dir/x y.py": branchy("spaced", 11)})
    return root, gate(root, baseline=baseline)


def test_sarif_validates_against_the_official_schema(checked: tuple[Path, CheckOutcome]) -> None:
    root, outcome = checked
    document = json.loads(render_sarif(outcome.result, root))
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.validate(document, schema, cls=jsonschema.Draft4Validator)
    run = document["runs"][0]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == root.resolve().as_uri() + "/"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in run["tool"]["driver"]["rules"]}
    assert (levels["maintainability"], levels["file-size"]) == ("warning", "error")
    results = run["results"]
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in results)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "main.py" in uris and "sub%20dir/x%20y.py" in uris
    assert not any(uri.startswith(("/", "file:")) for uri in uris)
    new = [r for r in results if r["baselineState"] == "new"]
    assert {r["properties"]["subject"] for r in new} == {"brand_new", "spaced"}
    [updated] = [r for r in results if r["baselineState"] == "updated"]
    assert updated["ruleId"] == "file-size" and updated["properties"]["baselineValue"] == 716
    known = [r for r in results if r["baselineState"] == "unchanged"]
    assert known and all(r["suppressions"][0]["kind"] == "external" for r in known)
    prints = [r["partialFingerprints"]["novaRefactor/v1"] for r in results]
    assert len(set(prints)) == len(prints)


def test_sarif_fingerprints_are_stable_across_runs(checked: tuple[Path, CheckOutcome]) -> None:
    root, outcome = checked
    again = gate(root, baseline=root / "baseline.json")
    first = json.loads(render_sarif(outcome.result, root))["runs"][0]["results"]
    second = json.loads(render_sarif(again.result, root))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in first] == [r["partialFingerprints"] for r in second]


def test_junit_parses_back_one_testcase_per_rule(checked: tuple[Path, CheckOutcome]) -> None:
    _, outcome = checked
    suites = ElementTree.fromstring(render_junit(outcome.result))
    [suite] = suites.findall("testsuite")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert list(cases) == [spec.id for spec in outcome.result.rules]
    failures = {name: case.findall("failure") for name, case in cases.items()}
    messages = [f.get("message") for f in failures["function-complexity"]]
    assert len(messages) == 2
    assert any(m.startswith("services/posts.py:") and "brand_new" in m for m in messages)
    assert failures["entrypoint-size"] == []  # accepted by the baseline: listed, not failed
    assert "main.py:1" in cases["entrypoint-size"].findtext("system-out")
    # posts.py grew too: its file-size finding is worse than the accepted value.
    [worse] = failures["file-size"]
    assert worse.get("type") == "worse" and worse.get("message").startswith("services/posts.py:1")
    assert suite.get("failures") == "2" and suite.get("tests") == str(len(cases))
    # no contracts file, no coverage report: those rules are skipped, never shown as passed
    skipped = {name for name, case in cases.items() if case.find("skipped") is not None}
    assert skipped == {"boundaries", "coverage"} and suite.get("skipped") == "2"
    assert "not judged: no contracts.toml" in cases["boundaries"].find("skipped").get("message")


def test_markdown_for_a_pr_comment(checked: tuple[Path, CheckOutcome]) -> None:
    _, outcome = checked
    text = render_check_markdown(outcome.result)
    assert text.startswith("## :x: nova-refactor check: gate broken: 3 new or worse finding(s)")
    assert "### New or worse" in text and "<details><summary>" in text
    assert "| new | function-complexity | `sub dir/x y.py:1` | 12 / 10 |" in text
    assert "in \\<module>" in text and " <module>" not in text  # `\<` never opens a tag


def test_json_and_table(checked: tuple[Path, CheckOutcome]) -> None:
    _, outcome = checked
    data = json.loads(render_check_json(outcome.result))
    assert data["schema"] == "nova-refactor/check/1" and data["broken"] is True
    assert sum(f["breaks"] for f in data["findings"]) == 3
    text = render_to_text(check_view(outcome.result))
    assert "gate broken: 3 new or worse finding(s)" in text
    assert "(was 716)" in text
    assert "services/posts.py" in text
