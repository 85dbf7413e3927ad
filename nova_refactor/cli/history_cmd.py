"""`nova-refactor history`: headline metrics per commit, with trends."""

from __future__ import annotations

from pathlib import Path

import typer

from nova_refactor.analysis.history.trend import history as run_history
from nova_refactor.cli.analyze_cmd import EXCLUDE, FORMAT, NO_CACHE, OUTPUT, options_from
from nova_refactor.cli.common import Format, emit, handled, with_progress
from nova_refactor.report.history_report import (
    history_view,
    render_history_json,
    render_history_markdown,
)


@handled
def history(
    path: Path = typer.Argument(Path("."), help="Folder to follow (default: .)."),
    revs: str = typer.Option(None, "--revs", help="A git range such as v1.0..HEAD."),
    last: int = typer.Option(None, "--last", min=1, help="The last N commits (default 10)."),
    format: Format = FORMAT,
    output: Path = OUTPUT,
    exclude: list[str] = EXCLUDE,
    no_cache: bool = NO_CACHE,
) -> None:
    """Headline metrics per commit (read from git, the checkout is not touched)."""
    result = with_progress(
        lambda progress: run_history(
            path, revs, last, options_from(exclude, 0, no_cache, 2048, 10, 10, progress)
        )
    )
    emit(
        format, output,
        json_text=lambda: render_history_json(result),
        markdown=lambda: render_history_markdown(result),
        view=lambda: history_view(result),
    )
