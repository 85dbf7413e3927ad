"""`nova-refactor routes`: the HTTP route inventory."""

from __future__ import annotations

import json
from pathlib import Path

from nova_refactor.app.routes import ROUTES_SCHEMA as ROUTES_SCHEMA  # re-exported
from nova_refactor.app.routes import routes as use_case
from nova_refactor.app.routes import routes_document
from nova_refactor.cli.common import Format, emit, handled, with_progress
from nova_refactor.cli.options import (
    EXCLUDE,
    FORMAT,
    JOBS,
    NO_CACHE,
    OUTPUT,
    PATHS,
    session,
)
from nova_refactor.report.markdown.analysis import render_routes_markdown
from nova_refactor.report.markdown.text import document as markdown_document


@handled
def routes(
    paths: list[Path] = PATHS,
    format: Format = FORMAT,
    output: Path = OUTPUT,
    exclude: list[str] = EXCLUDE,
    jobs: int = JOBS,
    no_cache: bool = NO_CACHE,
) -> None:
    """List every HTTP route: method, full path, handler, endpoint, file:line."""
    result = with_progress(lambda progress: use_case(session(
        paths, exclude=exclude, jobs=jobs, no_cache=no_cache, progress=progress)))
    emit(
        format, output,
        json_text=lambda: json.dumps(routes_document(result), indent=2) + "\n",
        markdown=lambda: markdown_document(render_routes_markdown(result.routes)) + "\n",
        view=lambda: _view(result.routes),
    )


def _view(routes):
    from nova_refactor.report.terminal.analysis import routes_view  # rich: only for the table

    return routes_view(routes)
