"""`nova-refactor routes`: the HTTP route inventory."""

from __future__ import annotations

import json
from pathlib import Path

from nova_refactor.analysis.run.pipeline import analyze as run_analysis
from nova_refactor.cli.analyze_cmd import EXCLUDE, FORMAT, NO_CACHE, OUTPUT, PATHS, options_from
from nova_refactor.cli.common import Format, emit, handled, with_progress
from nova_refactor.codec import to_jsonable
from nova_refactor.report.markdown.analysis import render_routes_markdown
from nova_refactor.report.markdown.text import document as markdown_document

ROUTES_SCHEMA = "nova-refactor/routes/1"


@handled
def routes(
    paths: list[Path] = PATHS,
    format: Format = FORMAT,
    output: Path = OUTPUT,
    exclude: list[str] = EXCLUDE,
    no_cache: bool = NO_CACHE,
) -> None:
    """List every HTTP route: method, full path, handler, endpoint, file:line."""
    result = with_progress(
        lambda progress: run_analysis(
            paths or [Path(".")], options_from(exclude, 0, no_cache, 2048, 10, 10, progress)
        )
    )
    document = {"schema": ROUTES_SCHEMA, "counted": result.summary.routes,
                "routes": to_jsonable(result.routes)}
    emit(
        format, output,
        json_text=lambda: json.dumps(document, indent=2) + "\n",
        markdown=lambda: markdown_document(render_routes_markdown(result.routes)) + "\n",
        view=lambda: _view(result.routes),
    )


def _view(routes):
    from nova_refactor.report.terminal.analysis import routes_view  # rich: only for the table

    return routes_view(routes)
