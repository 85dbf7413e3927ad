"""`nova-refactor routes`: the HTTP route inventory."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from nova_refactor.analysis.pipeline import analyze as run_analysis
from nova_refactor.cli.analyze_cmd import EXCLUDE, FORMAT, NO_CACHE, OUTPUT, PATHS, options_from
from nova_refactor.cli.common import Format, LazyProgress, handled, write_output
from nova_refactor.codec import to_jsonable
from nova_refactor.report.markdown import render_routes_markdown
from nova_refactor.report.terminal import render_to_text, routes_view

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
    progress = LazyProgress("analysing")
    try:
        result = run_analysis(
            paths or [Path(".")], options_from(exclude, 0, no_cache, 2048, 10, 10, progress)
        )
    finally:
        progress.close()
    if format is Format.json:
        document = {"schema": ROUTES_SCHEMA, "routes": to_jsonable(result.routes)}
        write_output(json.dumps(document, indent=2) + "\n", output)
    elif format is Format.markdown:
        write_output("\n".join(render_routes_markdown(result.routes)) + "\n", output)
    elif output is None:
        Console().print(routes_view(result.routes))
    else:
        write_output(render_to_text(routes_view(result.routes)), output)
