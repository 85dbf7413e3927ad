"""The analysis as one JSON document (schema `nova-refactor/analysis/1`)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from nova_refactor.codec import from_jsonable, to_jsonable
from nova_refactor.errors import InputError
from nova_refactor.model import SCHEMA_ID, Analysis


def analysis_document(analysis: Analysis) -> dict[str, Any]:
    document = to_jsonable(analysis)
    # `schema` first: readers can dispatch on it before reading the rest.
    return {"schema": document.pop("schema"), **document}


def render_json(analysis: Analysis, indent: int | None = None) -> str:
    """Compact by default: indentation makes `json` fall back to its slow pure-Python encoder."""
    return json.dumps(analysis_document(analysis), indent=indent) + "\n"


def load_analysis(text: str, source: str) -> Analysis:
    """An Analysis read back from `render_json` output; one clear error if it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{source}:{err.lineno}: not JSON: {err.msg}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_ID:
        raise InputError(f"{source}:1: not a nova-refactor analysis (expected schema {SCHEMA_ID})")
    return from_jsonable(Analysis, data)


def analysis_schema() -> dict[str, Any]:
    text = resources.files("nova_refactor.report").joinpath("schemas/analysis-1.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))
