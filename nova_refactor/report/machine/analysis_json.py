"""The analysis as one JSON document (schema `nova-refactor/analysis/1`)."""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Any

from nova_refactor.codec import json_text, json_text_of, to_jsonable
from nova_refactor.model import Analysis

__all__ = ["analysis_document", "analysis_schema", "render_json"]


def analysis_document(analysis: Analysis) -> dict[str, Any]:
    document = to_jsonable(analysis)
    # `schema` first: readers can dispatch on it before reading the rest.
    return {"schema": document.pop("schema"), **document}


def render_json(analysis: Analysis, indent: int | None = None) -> str:
    """Compact by default: indentation makes `json` fall back to its slow pure-Python encoder.
    The document is a tree `to_jsonable` just built, so the encoder need not look for cycles
    (a tenth of its time). Files whose JSON was encoded during the parse are spliced in."""
    known = [json_text_of(f) for f in analysis.files] if indent is None else []
    if not any(known):
        return json.dumps(analysis_document(analysis), indent=indent,
                          check_circular=False) + "\n"
    document = analysis_document(dataclasses.replace(analysis, files=()))
    mark = f"\0files {os.urandom(8).hex()}\0"  # no value of the analysis can hold it
    document["files"] = mark  # keeps the key's place, to be replaced by the files
    files = ", ".join(text or json_text(f) for f, text in zip(analysis.files, known, strict=True))
    text = json.dumps(document, check_circular=False)
    return text.replace(json.dumps(mark), f"[{files}]", 1) + "\n"


def analysis_schema() -> dict[str, Any]:
    from importlib import resources  # 3 ms of imports (tempfile, zipfile) no render needs

    schemas = resources.files("nova_refactor.report.machine").joinpath("schemas")
    text = schemas.joinpath("analysis-1.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))
