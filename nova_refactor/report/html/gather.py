"""What `report` gathers for its page: one analysis, then the gate, the service proposal and the
history on it, so the page and `check`/`boundaries` agree without analysing twice."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.analysis.boundaries.propose import propose
from nova_refactor.analysis.graph.dependencies import build_graph
from nova_refactor.analysis.history.trend import history_if_any
from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.gate.engine import CheckRequest, check_analysis, gate_config
from nova_refactor.gate.targets import pack_targets
from nova_refactor.report.html.report import Extras, render_html

GRAPH_NOTE = ("Proposed from imports only (as `boundaries --no-history`, so the page is "
              "reproducible); `nova-refactor boundaries PATH -f html` shows every reason.")
NO_GRAPH = "Not drawn (--no-graph)."


@dataclass(frozen=True, slots=True)
class ReportRequest:
    path: Path
    options: Options
    rules: str | None = None  # rule pack: default, strict or a file; None: the target's config
    history: int = 10  # commits to chart; 0: none
    graph: bool = True


def build_report(request: ReportRequest) -> str:
    config = gate_config(request.path, request.rules)  # a bad pack fails before the analysis
    options = replace(request.options,
                      excludes=(*request.options.excludes, *config.exclude_patterns))
    analysis = analyze([request.path], options)  # check_analysis refuses one without sources
    gate = check_analysis(CheckRequest(target=request.path, rules=request.rules), analysis,
                          config).result
    found, note = history_if_any(request.path, request.history, options)
    extras = Extras(targets=pack_targets(config), history=found, history_note=note, gate=gate,
                    graph_note=NO_GRAPH)
    if request.graph:
        proposal = propose(analysis, BoundaryOptions(history=False))
        extras = replace(extras, graph=build_graph(analysis), proposal=proposal,
                         graph_note=GRAPH_NOTE)
    return render_html(analysis, extras)
