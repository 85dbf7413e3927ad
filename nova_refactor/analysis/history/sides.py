"""Reading one side of a comparison back: an analysis JSON file, checked against our schema
(`app/compare.py` resolves a side to a file, the working tree or a git revision)."""

from __future__ import annotations

import json
from typing import Any

from nova_refactor.codec import from_jsonable
from nova_refactor.errors import InputError
from nova_refactor.model import SCHEMA_ID, Analysis

WORKTREE = "worktree"


def load_analysis(text: str, source: str) -> Analysis:
    """An Analysis read back from `render_json` output; one clear error if it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{source}:{err.lineno}: not JSON: {err.msg}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_ID:
        raise InputError(f"{source}:1: not a nova-refactor analysis (expected schema {SCHEMA_ID})")
    problem = schema_error(data)
    if problem:
        raise InputError(f"{source}:1: not a valid analysis document: {problem}")
    try:
        return from_jsonable(Analysis, data)
    except (TypeError, KeyError, ValueError) as err:
        raise InputError(f"{source}:1: malformed analysis document: {err}") from None


def schema_error(data: Any) -> str | None:  # JSON as loaded
    """The first way `data` breaks the analysis schema we ship, or None."""
    # jsonschema (115 ms) and importlib.resources: only a side read from a JSON file
    from importlib import resources

    import jsonschema

    schemas = resources.files("nova_refactor").joinpath("report/machine/schemas")
    text = schemas.joinpath("analysis-1.schema.json")
    schema = json.loads(text.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is None:
        return None
    where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
    return f"at {where}: {error.message}"
