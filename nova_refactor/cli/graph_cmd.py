"""`nova-refactor graph`: the module dependency graph."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from nova_refactor.app.graph import graph as use_case
from nova_refactor.cli.common import handled, with_progress
from nova_refactor.cli.options import EXCLUDE, JOBS, NO_CACHE, OUTPUT, PATHS, session
from nova_refactor.cli.render import render_graph_like


class GraphFormat(StrEnum):
    table = "table"
    json = "json"
    dot = "dot"
    mermaid = "mermaid"
    html = "html"


class Level(StrEnum):
    file = "file"
    package = "package"


GRAPH_FORMAT = typer.Option(GraphFormat.table, "--format", "-f", help="Output format.")
LEVEL = typer.Option(Level.file, "--level", help="Modules are files, or packages (directories).")
TOP = typer.Option(10, "--top", min=1, help="Rows in the most-depended-on list.")


@handled
def graph(
    paths: list[Path] = PATHS,
    format: GraphFormat = GRAPH_FORMAT,
    level: Level = LEVEL,
    output: Path = OUTPUT,
    exclude: list[str] = EXCLUDE,
    jobs: int = JOBS,
    no_cache: bool = NO_CACHE,
    top: int = TOP,
) -> None:
    """Module dependency graph: cycles, fan-in/out, instability, layers (DOT, Mermaid, HTML)."""
    # The HTML page colours modules by proposed service (imports only: reproducible).
    found = with_progress(lambda progress: use_case(
        session(paths, exclude=exclude, jobs=jobs, no_cache=no_cache, progress=progress),
        level.value, top, with_proposal=format == "html"))
    render_graph_like(format.value, output, found.graph, found.proposal,
                      ", ".join(found.analysis.roots))
