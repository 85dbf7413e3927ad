"""`nova-refactor analyze --format json|markdown` answered from the run cache at start-up.

A warm run (nothing changed since the last identical run) only writes the stored output
again; importing typer and building its validators would cost more than that work. So before
typer is imported, a command line this module fully understands is looked up in the run
cache. Anything else (another command, `--help`, an option or value it does not know, a value
typer would reject, `--no-cache`, the table format, a cache miss, any error) returns False and
the typer application handles the command line as usual, errors and all. The options mirror
`analyze_cmd` (tests/test_warm_start.py checks them against the typer command).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

VALUE_OPTIONS = {  # option: (field, minimum for integers or None)
    "--format": ("format", None), "-f": ("format", None),
    "--output": ("output", None), "-o": ("output", None),
    "--exclude": ("exclude", None),
    "--jobs": ("jobs", 0), "-j": ("jobs", 0),
    "--max-file-size": ("max_file_size", 1),
    "--max-complexity": ("max_complexity", 1),
    "--top": ("top", 1),
}
FLAGS = {"--no-cache": "no_cache"}
DEFAULTS = {"format": "table", "output": None, "jobs": 0, "no_cache": False,
            "max_file_size": 2048, "max_complexity": 10, "top": 10}
CACHED_FORMATS = ("json", "markdown")


class _NotWarm(Exception):
    """The command line is left to typer."""


def parse(argv: list[str]) -> dict[str, Any] | None:
    """The analyze options of `argv` (after the program name), or None if typer must parse it."""
    if not argv or argv[0] != "analyze":
        return None
    values: dict[str, Any] = {**DEFAULTS, "paths": [], "exclude": []}
    tokens = iter(argv[1:])
    try:
        for token in tokens:
            _take(values, token, tokens)
    except _NotWarm:
        return None
    return values


def _take(values: dict[str, Any], token: str, rest: Iterator[str]) -> None:
    name, joined, value = token.partition("=") if token.startswith("--") else (token, "", "")
    if name in FLAGS and not joined:
        values[FLAGS[name]] = True
    elif name in VALUE_OPTIONS:
        _store(values, name, value if joined else next(rest, None))
    elif token.startswith("-") or not token:
        raise _NotWarm  # `--help`, `--`, `-fjson`, unknown options: typer's to answer
    else:
        values["paths"].append(token)


def _store(values: dict[str, Any], option: str, value: str | None) -> None:
    field, minimum = VALUE_OPTIONS[option]
    if value is None or not value or value.startswith("-"):
        raise _NotWarm
    if field == "exclude":
        values["exclude"].append(value)
    elif minimum is not None:
        if not (value.isascii() and value.isdigit()) or int(value) < minimum:
            raise _NotWarm
        values[field] = int(value)
    else:
        values[field] = value


def answer(argv: list[str]) -> bool:
    """Write the stored output of a warm `analyze` run; False if nothing was written."""
    values = parse(argv)
    if values is None or values["no_cache"] or values["format"] not in CACHED_FORMATS:
        return False
    try:
        return _answer(values)
    except Exception:  # whatever went wrong, the full path runs and reports it properly
        return False


def _answer(values: dict[str, Any]) -> bool:
    from nova_refactor.analysis.pipeline import Options, cached_rendering
    from nova_refactor.cli.output import write_text

    output = Path(values["output"]) if values["output"] is not None else None
    if output is not None and not output.resolve().parent.is_dir():
        return False  # typer's path reports it
    options = Options(
        excludes=tuple(values["exclude"]), jobs=values["jobs"], use_cache=True,
        max_file_bytes=values["max_file_size"] * 1024,
        complexity_threshold=values["max_complexity"], top=values["top"],
    )
    paths = [Path(p) for p in values["paths"]] or [Path(".")]
    text = cached_rendering(paths, options, values["format"])
    if text is None:
        return False
    write_text(text, output)
    return True
