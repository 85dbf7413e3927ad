"""The analysis as one JSON document (schema `nova-refactor/analysis/1`)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from nova_refactor.codec import to_jsonable
from nova_refactor.model import Analysis
from nova_refactor.report.machine.file_texts import FileTexts

__all__ = ["FileTexts", "analysis_document", "analysis_schema", "render_json"]


def analysis_document(analysis: Analysis) -> dict[str, Any]:
    document = to_jsonable(analysis)
    # `schema` first: readers can dispatch on it before reading the rest.
    return {"schema": document.pop("schema"), **document}


def render_json(analysis: Analysis, indent: int | None = None,
                files: FileTexts | None = None) -> str:
    """Compact by default: indentation makes `json` fall back to its slow pure-Python encoder.
    The document is a tree `to_jsonable` just built, so the encoder need not look for cycles
    (a tenth of its time). Compact, the files' texts are taken from `files` where made."""
    if indent is not None:
        return json.dumps(analysis_document(analysis), indent=indent, check_circular=False) + "\n"
    files = FileTexts() if files is None else files
    listed = "[" + ", ".join(files.text(facts) for facts in analysis.files) + "]"
    document = analysis_document(dataclasses.replace(analysis, files=()))
    # what `json.dumps(document)` writes, member by member: `{"key": value, ...}`
    members = (f"{json.dumps(key)}: "
               f"{listed if key == 'files' else json.dumps(value, check_circular=False)}"
               for key, value in document.items())
    return "{" + ", ".join(members) + "}\n"


def analysis_schema() -> dict[str, Any]:
    from importlib import resources  # 3 ms of imports (tempfile, zipfile) no render needs

    schemas = resources.files("nova_refactor.report.machine").joinpath("schemas")
    text = schemas.joinpath("analysis-1.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))
