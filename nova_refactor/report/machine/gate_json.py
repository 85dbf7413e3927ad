"""The gate's verdict as one JSON document (schema `nova-refactor/check/1`)."""

from __future__ import annotations

import json
from typing import Any

from nova_refactor.codec import to_jsonable
from nova_refactor.gate.result import CheckResult

SCHEMA = "nova-refactor/check/1"


def check_document(result: CheckResult) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "target": result.target,
        "pack": result.pack,
        "broken": result.broken,
        "verdict": result.verdict(),
        "rules": [{"id": r.id, "description": r.description} for r in result.rules],
        "findings": [
            {**to_jsonable(j.finding), "status": j.status, "baseline_value": j.baseline_value,
             "breaks": j.breaks}
            for j in result.judged
        ],
        "fixed": [to_jsonable(e) for e in result.fixed],
        "out_of_scope": result.out_of_scope,
        "notes": list(result.notes),
        "baseline": result.baseline,
        "changed_since": result.changed_since,
    }


def render_check_json(result: CheckResult) -> str:
    return json.dumps(check_document(result), indent=2) + "\n"
