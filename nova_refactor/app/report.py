"""`report`: gather one analysis, then the gate, the service proposal and the history on it, so
the page and `check`/`boundaries` agree without analysing twice; the renderer only renders."""

from __future__ import annotations

from dataclasses import replace

from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.analysis.boundaries.propose import propose
from nova_refactor.analysis.graph.dependencies import build_graph
from nova_refactor.analysis.history.trend import history_if_any
from nova_refactor.app.session import Session
from nova_refactor.gate.engine import CheckRequest, Judging, run_check
from nova_refactor.gate.targets import pack_targets
from nova_refactor.model import Analysis
from nova_refactor.report.html.report import Extras

GRAPH_NOTE = ("Proposed from imports only (as `boundaries --no-cochange`, so the page is "
              "reproducible); `nova-refactor boundaries PATH -f html` shows every reason.")


def report(session: Session, history: int = 10, graph: bool = True) -> tuple[Analysis, Extras]:
    """What the HTML page shows: the analysis and its extras. `history`: commits to chart
    (0: none); `graph`: the dependency graph and the service proposal."""
    config = session.config  # a bad pack fails before the analysis
    analysis = session.analysis(configured=True)
    gate = run_check(CheckRequest(target=session.target),
                     Judging(session.root, config, analysis, session.coverage_report(analysis),
                             None, session.options(configured=True))).result
    found, note = history_if_any(session.target, history, session.options(configured=True))
    # --no-graph: no graph section and so no nav link to an empty one (the user asked for it)
    extras = Extras(targets=pack_targets(config), history=found, history_note=note, gate=gate)
    if graph:
        proposal = propose(analysis, BoundaryOptions(history=False))
        extras = replace(extras, graph=build_graph(analysis), proposal=proposal,
                         graph_note=GRAPH_NOTE)
    return analysis, extras
