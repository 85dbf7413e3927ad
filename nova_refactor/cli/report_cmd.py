"""`nova-refactor report`: one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

import typer

from nova_refactor.app.report import report as use_case
from nova_refactor.cli.common import handled, with_progress, write_output
from nova_refactor.cli.options import (
    EXCLUDE,
    INCLUDE_TESTS,
    JOBS,
    NO_CACHE,
    OUTPUT,
    PATH,
    RULES,
    session,
)
from nova_refactor.report.html.report import render_html


@handled
def report(
    path: Path = PATH,
    output: Path = OUTPUT,
    history: int = typer.Option(
        10, "--history", min=0, help="Commits of history to chart when PATH is in git (0: off)."
    ),
    rules: str = RULES,
    no_graph: bool = typer.Option(
        False, "--no-graph", help="Leave out the dependency graph and the service proposal."
    ),
    exclude: list[str] = EXCLUDE,
    jobs: int = JOBS,
    no_cache: bool = NO_CACHE,
    include_tests: bool = INCLUDE_TESTS,
) -> None:
    """One offline HTML page (no scripts, no CDN): analysis, gate findings, proposed services."""
    analysis, extras = with_progress(lambda progress: use_case(
        session(path, rules=rules, exclude=exclude, jobs=jobs, no_cache=no_cache,
                include_tests=include_tests, progress=progress),
        history=history, graph=not no_graph))
    write_output(render_html(analysis, extras), output)
