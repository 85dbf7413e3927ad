"""`graph`: the module dependency graph, and for its HTML page a service proposal."""

from __future__ import annotations

from dataclasses import dataclass

from nova_refactor.analysis.boundaries.model import BoundaryOptions, Proposal
from nova_refactor.analysis.boundaries.propose import propose
from nova_refactor.analysis.graph.dependencies import GraphReport, build_graph
from nova_refactor.app.session import Session
from nova_refactor.model import Analysis


@dataclass(frozen=True, slots=True)
class GraphView:
    analysis: Analysis
    graph: GraphReport
    proposal: Proposal | None  # the HTML page colours modules by proposed service


def graph(session: Session, level: str = "file", top: int = 10,
          with_proposal: bool = False) -> GraphView:
    result = session.analysis()
    # imports only, so the page is reproducible
    proposal = propose(result, BoundaryOptions(history=False)) if with_proposal else None
    return GraphView(result, build_graph(result, level, top), proposal)
