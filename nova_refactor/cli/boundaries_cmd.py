"""`nova-refactor boundaries`: service proposals with reasons, shared library, cut costs."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.analysis.graph.dependencies import build_graph
from nova_refactor.app.boundaries import boundaries as use_case
from nova_refactor.cli.common import handled, with_progress, write_output
from nova_refactor.cli.options import (
    EXCLUDE,
    JOBS,
    NO_CACHE,
    NO_COCHANGE,
    NO_HISTORY_DEPRECATED,
    OUTPUT,
    PATHS,
    no_cochange,
    session,
)
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
COCHANGE_WEIGHT = typer.Option(0.3, "--cochange-weight", min=0.0, max=1.0,
                               help="Share of the weight that comes from co-change.")
HISTORY_WEIGHT_DEPRECATED = typer.Option(None, "--history-weight", min=0.0, max=1.0,
                                         hidden=True, help="Deprecated alias of "
                                         "--cochange-weight.")
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
    no_cochange_: bool = NO_COCHANGE,
    cochange_weight: float = COCHANGE_WEIGHT,
    include_tests: bool = INCLUDE_TESTS,
    emit_contracts: Path = EMIT_CONTRACTS,
    format: BoundariesFormat = FORMAT,
    output: Path = OUTPUT,
    exclude: list[str] = EXCLUDE,
    jobs: int = JOBS,
    no_cache: bool = NO_CACHE,
    no_history: bool = NO_HISTORY_DEPRECATED,
    history_weight: float = HISTORY_WEIGHT_DEPRECATED,
) -> None:
    """Propose services and a shared library from the weighted module graph, with reasons."""
    options = BoundaryOptions(
        services=services, seed=seed, algorithm=algorithm.value, resolution=resolution,
        similarity_weight=similarity_weight, history=not no_cochange(no_cochange_, no_history),
        history_weight=_weight(cochange_weight, history_weight), include_tests=include_tests,
    )
    found = with_progress(lambda progress: use_case(session(
        paths, exclude=exclude, jobs=jobs, no_cache=no_cache, progress=progress), options))
    result, proposal = found.analysis, found.proposal
    if emit_contracts is not None:
        write_output(render_contracts(proposal, result), emit_contracts)
    if format is BoundariesFormat.markdown:
        write_output(render_boundaries_markdown(proposal, ", ".join(result.roots)), output)
        return
    render_graph_like(format.value, output, build_graph(result), proposal,
                      ", ".join(result.roots))


def _weight(cochange_weight: float, history_weight: float | None) -> float:
    if history_weight is None:
        return cochange_weight
    typer.echo("warning: --history-weight is deprecated, use --cochange-weight", err=True)
    return history_weight
