"""`nova-refactor analyze`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import typer

from nova_refactor.analysis.run.pipeline import Options, analyze_rendered
from nova_refactor.analysis.run.pipeline import analyze as run_analysis
from nova_refactor.cli.common import Format, LazyProgress, emit, handled, with_progress
from nova_refactor.cli.fastpath import analysis_options
from nova_refactor.report.machine.analysis_json import render_json
from nova_refactor.report.markdown.analysis import render_markdown

PATHS = typer.Argument(None, help="Files or directories to analyse (default: .).")
FORMAT = typer.Option(Format.table, "--format", "-f", help="Output format.")
OUTPUT = typer.Option(None, "--output", "-o", help="Write to FILE instead of printing.")
EXCLUDE = typer.Option([], "--exclude", help="Gitignore-style pattern to skip (repeatable).")
JOBS = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (0: one per core).")
NO_CACHE = typer.Option(False, "--no-cache", help="Ignore and do not update the result cache.")
MAX_SIZE = typer.Option(2048, "--max-file-size", min=1, help="Skip files larger than this (KiB).")
THRESHOLD = typer.Option(10, "--max-complexity", min=1, help="Complexity above this is flagged.")
TOP = typer.Option(10, "--top", min=1, help="Rows in each top-offenders list, and in each "
                   "inventory of the table (locks, routes, anatomies, entrypoints).")
FULL = typer.Option(False, "--full", help="Table: every row of every inventory (default: "
                    "the first --top rows; JSON and Markdown always have every row).")
INCLUDE_TESTS = typer.Option(
    False, "--include-tests",
    help="Count locks in test code too (tests/, benches/, Rust examples/, #[cfg(test)]).")


def options_from(
    exclude: list[str], jobs: int, no_cache: bool, max_file_size: int, threshold: int, top: int,
    progress: LazyProgress, include_tests: bool = False,
) -> Options:
    found = analysis_options(exclude, jobs, no_cache, max_file_size, threshold, top)
    return dataclasses.replace(found, progress=progress, include_tests=include_tests)


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
    targets = paths or [Path(".")]

    def options(progress: LazyProgress) -> Options:
        return options_from(exclude, jobs, no_cache, max_file_size, max_complexity, top, progress,
                            include_tests)

    def rendered(kind: str, render) -> str:  # reused from the last run when nothing changed
        return with_progress(lambda p: analyze_rendered(targets, options(p), kind, render))

    def view():
        from nova_refactor.report.terminal.analysis import analysis_view  # rich: only for the table

        analysis = with_progress(lambda p: run_analysis(targets, options(p)))
        return analysis_view(analysis, None if full else top)

    emit(
        format, output,
        json_text=lambda: rendered("json", render_json),
        markdown=lambda: rendered("markdown", render_markdown),
        view=view,
    )
