"""`nova-refactor compare`: the plan's success-metrics table, before and after."""

from __future__ import annotations

from pathlib import Path

import typer

from nova_refactor.analysis.history.compare import compare as run_compare
from nova_refactor.analysis.history.sides import analysis_of
from nova_refactor.cli.analyze_cmd import EXCLUDE, FORMAT, NO_CACHE, OUTPUT, options_from
from nova_refactor.cli.common import Format, emit, handled, with_progress
from nova_refactor.errors import EXIT_FAILED
from nova_refactor.gate.engine import gate_config, target_root
from nova_refactor.gate.targets import coverage_of, pack_targets
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
    no_cache: bool = NO_CACHE,
    rules: str = typer.Option(
        None, "--rules", help="Rule pack whose limits are the targets: default, strict, or a "
        "TOML file (default: PATH's configuration, else the default pack).",
    ),
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

    config = gate_config(path, rules)  # a bad pack fails before any analysis

    def run(progress):  # noqa: ANN001, ANN202 - typer-free helper
        options = options_from(exclude, 0, no_cache, 2048, 10, 10, progress)
        old, old_label = analysis_of(before, path, options)
        new, new_label = analysis_of(after, path, options)
        given = coverage_before or coverage_after
        root = target_root(path)
        coverage = (coverage_of(coverage_before, root, old),
                    coverage_of(coverage_after, root, new)) if given else None
        return run_compare(old, new, pack_targets(config), (old_label, new_label), config.pack,
                           coverage)

    result = with_progress(run)
    emit(
        format, output,
        json_text=lambda: render_compare_json(result),
        markdown=lambda: render_compare_markdown(result),
        view=lambda: compare_view(result),
    )
    if fail_on_regression and result.regressions:
        raise typer.Exit(EXIT_FAILED)
