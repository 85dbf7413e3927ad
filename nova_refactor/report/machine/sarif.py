"""The gate's verdict as SARIF 2.1.0 (GitHub code scanning, GitLab, Azure DevOps, IDEs).

URIs are repo-relative against the `SRCROOT` base id; rule metadata sits in
tool.driver.rules; `partialFingerprints` carries our line-independent fingerprint, and
findings the baseline accepted are reported as externally suppressed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from nova_refactor import __version__
from nova_refactor.config import RuleSpec
from nova_refactor.gate.result import ACCEPTED, IMPROVED, KNOWN, NEW, WORSE, CheckResult, Judged

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "novaRefactor/v1"
BASELINE_STATE = {NEW: "new", WORSE: "updated", KNOWN: "unchanged", IMPROVED: "updated"}


def _rule(spec: RuleSpec, options: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": spec.id,
        "name": "".join(part.capitalize() for part in spec.id.split("-")),
        "shortDescription": {"text": spec.description.split(". ")[0].rstrip(".") + "."},
        "fullDescription": {"text": spec.description},
        "defaultConfiguration": {"level": options.get("severity", "error")},
        "properties": {"options": {o.name: o.default if not isinstance(o.default, tuple)
                                   else list(o.default) for o in spec.options}},
    }


def _result(judged: Judged, index: dict[str, int]) -> dict[str, Any]:
    f = judged.finding
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": f.severity,
        "message": {"text": f.message},
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "baselineState": BASELINE_STATE[judged.status],
        "properties": {"status": judged.status, "subject": f.subject, "value": f.value,
                       "threshold": f.threshold, "baselineValue": judged.baseline_value},
    }
    if f.path:
        location: dict[str, Any] = {
            "artifactLocation": {"uri": quote(f.path), "uriBaseId": "SRCROOT"}
        }
        if f.line >= 1:
            region = {"startLine": f.line}
            if f.end_line > f.line:
                region["endLine"] = f.end_line
            location["region"] = region
        result["locations"] = [{"physicalLocation": location}]
    if judged.status in ACCEPTED:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": "accepted in the nova-refactor baseline"}]
    return result


def sarif_document(result: CheckResult, root: Path) -> dict[str, Any]:
    severity = dict(result.severities)
    rules = [_rule(spec, {"severity": severity.get(spec.id, "error")}) for spec in result.rules]
    index = {spec.id: i for i, spec in enumerate(result.rules)}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "nova-refactor", "version": __version__,
                                "semanticVersion": __version__,
                                "rules": rules}},
            "originalUriBaseIds": {"SRCROOT": {"uri": root.resolve().as_uri() + "/"}},
            "automationDetails": {"id": f"nova-refactor/check/{result.pack}/"},
            "invocations": [{"executionSuccessful": True,
                             "toolExecutionNotifications": [
                                 {"level": "note", "message": {"text": note}}
                                 for note in result.notes]}],
            "results": [_result(j, index) for j in result.judged],
        }],
    }


def render_sarif(result: CheckResult, root: Path) -> str:
    return json.dumps(sarif_document(result, root), indent=2) + "\n"
