"""`nova-refactor history`: headline metrics per commit, with trends."""

from __future__ import annotations

from pathlib import Path

import typer

from nova_refactor.app.history import history as use_case
from nova_refactor.cli.common import Format, emit, handled, with_progress
from nova_refactor.cli.options import EXCLUDE, FORMAT, JOBS, NO_CACHE, OUTPUT, PATH, session
from nova_refactor.report.history_report import (
    history_view,
    render_history_json,
    render_history_markdown,
)


@handled
def history(
    path: Path = PATH,
    revs: str = typer.Option(None, "--revs", help="A git range such as v1.0..HEAD."),
    last: int = typer.Option(None, "--last", min=1, help="The last N commits (default 10)."),
    format: Format = FORMAT,
    output: Path = OUTPUT,
    exclude: list[str] = EXCLUDE,
    jobs: int = JOBS,
    no_cache: bool = NO_CACHE,
) -> None:
    """Headline metrics per commit (read from git, the checkout is not touched)."""
    result = with_progress(lambda progress: use_case(
        session(path, exclude=exclude, jobs=jobs, no_cache=no_cache, progress=progress),
        revs, last))
    emit(
        format, output,
        json_text=lambda: render_history_json(result),
        markdown=lambda: render_history_markdown(result),
        view=lambda: history_view(result),
    )
