"""`nova-refactor analyze` run without typer.

Importing typer and building its validators costs about 0.08 s on every run: most of a warm
run (the stored output is written again) and a tenth of a cold one. So before typer is
imported, a command line this module fully understands is run here. Anything else (another
command, `--help`, an option or value it does not know, a value typer would reject) returns
None and the typer application handles the command line as usual. The table is stored per
layout (width, colours: `table_layout`), so a warm table run builds no analysis either. Errors are
reported as `handled` does; an unexpected exception is left to the typer path, which runs the
command again and reports it. The options mirror `analyze_cmd` (tests/test_fastpath.py checks
them against the typer command).
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

# every command line loads these anyway (typer's commands, `--help` included, import the
# pipeline, the model and the workspace): only the renderers and rich wait for their use
from nova_refactor.analysis.run.pipeline import Options, analyze_rendered, with_sources
from nova_refactor.cli.output import DEBUG_ENV, internal_error, write_text
from nova_refactor.cli.progress import with_progress
from nova_refactor.errors import EXIT_INTERNAL, EXIT_USAGE, NovaError

if TYPE_CHECKING:
    from nova_refactor.model import Analysis
    from nova_refactor.report.machine.file_texts import FileTexts

VALUE_OPTIONS = {  # option: (field, minimum for integers or None)
    "--format": ("format", None), "-f": ("format", None),
    "--output": ("output", None), "-o": ("output", None),
    "--exclude": ("exclude", None),
    "--jobs": ("jobs", 0), "-j": ("jobs", 0),
    "--max-file-size": ("max_file_size", 1),
    "--max-complexity": ("max_complexity", 1),
    "--top": ("top", 1),
}
FLAGS = {"--no-cache": "no_cache", "--full": "full",  # --full: the table only
         "--include-tests": "include_tests"}
DEFAULTS = {"format": "table", "output": None, "jobs": 0, "no_cache": False,
            "max_file_size": 2048, "max_complexity": 10, "top": 10, "full": False,
            "include_tests": False}
FORMATS = ("json", "markdown", "table")


class _ForTyper(Exception):
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
    except _ForTyper:
        return None
    return values


def _take(values: dict[str, Any], token: str, rest: Iterator[str]) -> None:
    name, joined, value = token.partition("=") if token.startswith("--") else (token, "", "")
    if name in FLAGS and not joined:
        values[FLAGS[name]] = True
    elif name in VALUE_OPTIONS:
        _store(values, name, value if joined else next(rest, None))
    elif token.startswith("-") or not token:
        raise _ForTyper  # `--help`, `--`, `-fjson`, unknown options: typer's to answer
    else:
        values["paths"].append(token)


def _store(values: dict[str, Any], option: str, value: str | None) -> None:
    field, minimum = VALUE_OPTIONS[option]
    if value is None or not value or value.startswith("-"):
        raise _ForTyper
    if field == "exclude":
        values["exclude"].append(value)
    elif minimum is not None:
        if not (value.isascii() and value.isdigit()) or int(value) < minimum:
            raise _ForTyper
        values[field] = int(value)
    else:
        values[field] = value


def run(argv: list[str]) -> int | None:
    """Run an `analyze` command line: its exit code, or None if typer must."""
    values = parse(argv)
    if values is None or values["format"] not in FORMATS:
        return None
    try:
        text = _analyze(values)
    except KeyboardInterrupt:
        return _aborted()
    except Exception as err:
        return _reported(err, rerun=True)
    try:
        write_text(text, Path(values["output"]) if values["output"] is not None else None)
    except KeyboardInterrupt:
        return _aborted()
    except Exception as err:  # running it again would fail the same way (e.g. a closed pipe)
        return _reported(err, rerun=False)
    return 0


def _reported(err: Exception, rerun: bool) -> int | None:
    """As `common.handled` reports it; None leaves an unexpected error to the typer path."""
    from nova_refactor.report.terminal.text import one_line  # rich: only to print an error

    if isinstance(err, NovaError):
        print(one_line(f"error: {err}"), file=sys.stderr)
        return err.exit_code
    if rerun:
        return None
    if os.environ.get(DEBUG_ENV):
        raise err
    print(one_line(internal_error(err)), file=sys.stderr)
    return EXIT_INTERNAL


def _aborted() -> int:
    print("\naborted", file=sys.stderr)  # what click and app.main print
    return EXIT_USAGE


def _analyze(values: dict[str, Any]) -> str:
    paths = [Path(p) for p in values["paths"]] or [Path(".")]
    options = analysis_options(values["exclude"], values["jobs"], values["no_cache"],
                               values["max_file_size"], values["max_complexity"], values["top"])
    output = values["output"]
    on_facts = None
    if values["format"] == "json":
        # a small module: the warm run (stored output) imports no renderer and no json
        from nova_refactor.report.machine.file_texts import FileTexts

        files = FileTexts()
        kind, draw, on_facts = "json", _json_renderer(files), files.add
    elif values["format"] == "table":
        kind, draw = table_renderer(output is not None, values["full"], values["top"])
    else:
        kind, draw = "markdown", _markdown

    def render(analysis: Analysis) -> str:  # called only when not answered from the cache
        # an empty folder is exit 2, as for every command (app/session.py)
        return draw(with_sources(analysis, paths[0], strict=False))

    return with_progress(
        lambda progress: analyze_rendered(
            paths, dataclasses.replace(options, progress=progress, on_facts=on_facts,
                                       include_tests=values["include_tests"]),
            kind, render
        )
    )


# The renderers are imported only when the run cache does not answer.


def _json_renderer(files: FileTexts) -> Callable[[Analysis], str]:
    def draw(analysis: Analysis) -> str:
        from nova_refactor.report.machine.analysis_json import render_json

        return render_json(analysis, files=files)

    return draw


def _markdown(analysis: Analysis) -> str:
    from nova_refactor.report.markdown.analysis import render_markdown

    return render_markdown(analysis)


def table_renderer(to_file: bool, full: bool, top: int
                   ) -> tuple[str, Callable[[Analysis], str]]:
    """The run cache's kind for the table laid out for stdout (or a file), and its renderer:
    both paths (this one and typer's) print the same bytes, from the same cache row."""
    # rich.console only: the views and their imports load when the table is drawn (a miss)
    from nova_refactor.report.terminal.text import stdout_console, table_layout

    console = None if to_file else stdout_console()
    rows = None if full else top

    def draw(analysis: Analysis) -> str:
        from nova_refactor.report.terminal.analysis import render_table

        return render_table(analysis, rows, console)

    return f"table\0{table_layout(console)}\0{rows}", draw


def analysis_options(
    exclude: list[str], jobs: int, no_cache: bool, max_file_size: int, threshold: int, top: int
) -> Options:
    """The pipeline's options for `analyze`'s command-line options (both paths use this)."""
    return Options(
        excludes=tuple(exclude), jobs=jobs, use_cache=not no_cache,
        max_file_bytes=max_file_size * 1024, complexity_threshold=threshold, top=top,
    )
