"""`nova-refactor analyze`."""

from __future__ import annotations

from pathlib import Path

import typer

from nova_refactor.app import analyze as use_case
from nova_refactor.cli.common import Format, LazyProgress, emit, handled, with_progress
from nova_refactor.cli.options import (
    EXCLUDE,
    FORMAT,
    INCLUDE_TESTS,
    JOBS,
    MAX_SIZE,
    NO_CACHE,
    OUTPUT,
    PATHS,
    THRESHOLD,
    session,
)
from nova_refactor.report.machine.analysis_json import render_json
from nova_refactor.report.markdown.analysis import render_markdown

TOP = typer.Option(10, "--top", min=1, help="Rows in each top-offenders list, and in each "
                   "inventory of the table (locks, routes, anatomies, entrypoints).")
FULL = typer.Option(False, "--full", help="Table: every row of every inventory (default: "
                    "the first --top rows; JSON and Markdown always have every row).")


@handled
def analyze(
    paths: list[Path] = PATHS,
    format: Format = FORMAT,
    output: Path = OUTPUT,
    exclude: list[str] = EXCLUDE,
    jobs: int = JOBS,
    no_cache: bool = NO_CACHE,
    max_file_size: int = MAX_SIZE,
    max_complexity: int = THRESHOLD,
    top: int = TOP,
    full: bool = FULL,
    include_tests: bool = INCLUDE_TESTS,
) -> None:
    """Measure a codebase: sizes, complexity, maintainability, locks, entrypoints, routes."""

    def of(progress: LazyProgress):  # noqa: ANN202 - the session of this command line
        return session(paths, exclude=exclude, jobs=jobs, no_cache=no_cache,
                       max_file_size=max_file_size, max_complexity=max_complexity, top=top,
                       include_tests=include_tests, progress=progress)

    def rendered(kind: str, render) -> str:  # reused from the last run when nothing changed
        return with_progress(lambda p: use_case.rendered(of(p), kind, render))

    def table() -> str:
        from nova_refactor.cli.fastpath import table_renderer

        return rendered(*table_renderer(output is not None, full, top))

    emit(
        format, output,
        json_text=lambda: rendered("json", render_json),
        markdown=lambda: rendered("markdown", render_markdown),
        table_text=table,
    )
