"""`nova-refactor boundaries`: service proposals with reasons, shared library, cut costs."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.analysis.boundaries.propose import history_root, propose
from nova_refactor.analysis.graph.dependencies import build_graph
from nova_refactor.analysis.run.pipeline import analyze as run_analysis
from nova_refactor.cli.analyze_cmd import EXCLUDE, NO_CACHE, OUTPUT, PATHS, options_from
from nova_refactor.cli.common import handled, with_progress, write_output
from nova_refactor.cli.render import render_graph_like
from nova_refactor.report.machine.contracts import render_contracts
from nova_refactor.report.markdown.boundaries import render_boundaries_markdown


class BoundariesFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    dot = "dot"
    mermaid = "mermaid"
    html = "html"


class Algorithm(StrEnum):
    louvain = "louvain"
    greedy = "greedy"


SERVICES = typer.Option(None, "--services", "-n", min=1,
                        help="Propose this many services (merge or split).")
SEED = typer.Option(42, "--seed", help="Seed of the community detection.")
ALGORITHM = typer.Option(Algorithm.louvain, "--algorithm", help="Community detection.")
RESOLUTION = typer.Option(2.0, "--resolution", min=0.01,
                          help="Modularity resolution: higher gives smaller services.")
SIMILARITY = typer.Option(0.5, "--similarity-weight", min=0.0,
                          help="Weight of module similarity (shared neighbours, identifier "
                               "words) added to import ties; 0 = imports only.")
NO_HISTORY = typer.Option(False, "--no-history",
                          help="Do not blend in co-change from git history.")
HISTORY_WEIGHT = typer.Option(0.3, "--history-weight", min=0.0, max=1.0,
                              help="Share of the weight that comes from co-change.")
INCLUDE_TESTS = typer.Option(False, "--include-tests", help="Cluster test modules too.")
FORMAT = typer.Option(BoundariesFormat.table, "--format", "-f", help="Output format.")
EMIT_CONTRACTS = typer.Option(None, "--emit-contracts",
                              help="Also write the proposal as a contracts TOML file.")


@handled
def boundaries(
    paths: list[Path] = PATHS,
    services: int = SERVICES,
    seed: int = SEED,
    algorithm: Algorithm = ALGORITHM,
    resolution: float = RESOLUTION,
    similarity_weight: float = SIMILARITY,
    no_history: bool = NO_HISTORY,
    history_weight: float = HISTORY_WEIGHT,
    include_tests: bool = INCLUDE_TESTS,
    emit_contracts: Path = EMIT_CONTRACTS,
    format: BoundariesFormat = FORMAT,
    output: Path = OUTPUT,
    exclude: list[str] = EXCLUDE,
    no_cache: bool = NO_CACHE,
) -> None:
    """Propose services and a shared library from the weighted module graph, with reasons."""
    roots = paths or [Path(".")]
    result = with_progress(lambda progress: run_analysis(
        roots, options_from(exclude, 0, no_cache, 2048, 10, 10, progress)))
    options = BoundaryOptions(
        services=services, seed=seed, algorithm=algorithm.value, resolution=resolution,
        similarity_weight=similarity_weight,
        history=not no_history, history_weight=history_weight, include_tests=include_tests,
    )
    proposal = propose(result, options, history_root(roots))
    if emit_contracts is not None:
        write_output(render_contracts(proposal, result), emit_contracts)
    if format is BoundariesFormat.markdown:
        write_output(render_boundaries_markdown(proposal, ", ".join(result.roots)), output)
        return
    render_graph_like(format.value, output, build_graph(result), proposal,
                      ", ".join(result.roots))
