"""`nova-refactor graph`: the module dependency graph."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.analysis.boundaries.propose import propose
from nova_refactor.analysis.graph.dependencies import build_graph
from nova_refactor.analysis.run.pipeline import analyze as run_analysis
from nova_refactor.cli.analyze_cmd import EXCLUDE, NO_CACHE, OUTPUT, PATHS, options_from
from nova_refactor.cli.common import handled, with_progress
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
    no_cache: bool = NO_CACHE,
    top: int = TOP,
) -> None:
    """Module dependency graph: cycles, fan-in/out, instability, layers (DOT, Mermaid, HTML)."""
    result = with_progress(lambda progress: run_analysis(
        paths or [Path(".")], options_from(exclude, 0, no_cache, 2048, 10, 10, progress)))
    report = build_graph(result, level.value, top)
    # The HTML page colours modules by proposed service: imports only, so it is reproducible.
    proposal = propose(result, BoundaryOptions(history=False)) if format == "html" else None
    render_graph_like(format.value, output, report, proposal, ", ".join(result.roots))
