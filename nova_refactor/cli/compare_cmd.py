"""`nova-refactor compare`: the plan's success-metrics table, before and after."""

from __future__ import annotations

from pathlib import Path

import typer

from nova_refactor.app.compare import compare as use_case
from nova_refactor.cli.common import Format, emit, handled, with_progress
from nova_refactor.cli.options import EXCLUDE, FORMAT, JOBS, NO_CACHE, OUTPUT, RULES, session
from nova_refactor.errors import EXIT_FAILED
from nova_refactor.report.compare_report import (
    compare_view,
    render_compare_json,
    render_compare_markdown,
)

SIDE_HELP = "An analysis JSON file, a git revision of PATH's repository, or 'worktree'."


@handled
def compare(
    before: str = typer.Argument(..., help=f"Before: {SIDE_HELP}"),
    after: str = typer.Argument(..., help=f"After: {SIDE_HELP}"),
    path: Path = typer.Argument(Path("."), help="Folder analysed at each revision (default: .)."),
    format: Format = FORMAT,
    output: Path = OUTPUT,
    exclude: list[str] = EXCLUDE,
    jobs: int = JOBS,
    no_cache: bool = NO_CACHE,
    rules: str = RULES,
    coverage_before: Path = typer.Option(
        None, "--coverage-before", help="Cobertura XML or lcov report of the before side."),
    coverage_after: Path = typer.Option(
        None, "--coverage-after", help="Cobertura XML or lcov report of the after side."),
    fail_on_regression: bool = typer.Option(
        False, "--fail-on-regression",
        help="Exit 1 when a metric got worse or the route inventory changed.",
    ),
) -> None:
    """Before/after: deltas and verdicts for the refactor plan's success metrics."""
    result = with_progress(lambda progress: use_case(
        session(path, rules=rules, exclude=exclude, jobs=jobs, no_cache=no_cache,
                progress=progress), before, after, coverage_before, coverage_after))
    emit(
        format, output,
        json_text=lambda: render_compare_json(result),
        markdown=lambda: render_compare_markdown(result),
        view=lambda: compare_view(result),
    )
    if fail_on_regression and result.regressions:
        raise typer.Exit(EXIT_FAILED)
