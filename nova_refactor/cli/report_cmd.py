"""`nova-refactor report`: one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

import typer

from nova_refactor.cli.analyze_cmd import EXCLUDE, INCLUDE_TESTS, NO_CACHE, OUTPUT, options_from
from nova_refactor.cli.common import handled, with_progress, write_output
from nova_refactor.report.html.gather import ReportRequest, build_report


@handled
def report(
    path: Path = typer.Argument(Path("."), help="Folder to report on (default: .)."),
    output: Path = OUTPUT,
    history: int = typer.Option(
        10, "--history", min=0, help="Commits of history to chart when PATH is in git (0: off)."
    ),
    rules: str = typer.Option(
        None, "--rules", help="Rule pack of the gate's findings and the targets: default, "
        "strict, or a TOML file (default: PATH's configuration, else the default pack).",
    ),
    no_graph: bool = typer.Option(
        False, "--no-graph", help="Leave out the dependency graph and the service proposal."
    ),
    exclude: list[str] = EXCLUDE,
    no_cache: bool = NO_CACHE,
    include_tests: bool = INCLUDE_TESTS,
) -> None:
    """One offline HTML page (no scripts, no CDN): analysis, gate findings, proposed services."""
    write_output(with_progress(lambda progress: build_report(ReportRequest(
        path, options_from(exclude, 0, no_cache, 2048, 10, 10, progress, include_tests), rules,
        history,
        not no_graph))), output)
