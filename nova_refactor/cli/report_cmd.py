"""`nova-refactor report`: one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

import typer

from nova_refactor.analysis.history import history_if_any
from nova_refactor.analysis.pipeline import analyze as run_analysis
from nova_refactor.cli.analyze_cmd import EXCLUDE, NO_CACHE, OUTPUT, options_from
from nova_refactor.cli.common import handled, with_progress, write_output
from nova_refactor.report.html_report import render_html


@handled
def report(
    path: Path = typer.Argument(Path("."), help="Folder to report on (default: .)."),
    output: Path = OUTPUT,
    history: int = typer.Option(
        10, "--history", min=0, help="Commits of history to chart when PATH is in git (0: off)."
    ),
    exclude: list[str] = EXCLUDE,
    no_cache: bool = NO_CACHE,
) -> None:
    """Write the analysis as one HTML file that opens offline (no scripts, no CDN)."""

    def run(progress):  # noqa: ANN001, ANN202
        options = options_from(exclude, 0, no_cache, 2048, 10, 10, progress)
        analysis = run_analysis([path], options)
        found, note = history_if_any(path, history, options)
        return render_html(analysis, found, note)

    write_output(with_progress(run), output)
