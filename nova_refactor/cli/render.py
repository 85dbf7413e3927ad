"""Output for `graph` and `boundaries`: one place that picks the renderer for a format."""

from __future__ import annotations

from pathlib import Path

from nova_refactor.analysis.boundaries.model import Proposal
from nova_refactor.analysis.graph.dependencies import GraphReport
from nova_refactor.cli.common import write_output
from nova_refactor.report.html.graph_page import render_html
from nova_refactor.report.machine.graph_formats import (
    render_dot,
    render_graph_json,
    render_mermaid,
    render_proposal_json,
)
from nova_refactor.report.terminal.analysis import render_to_text, stdout_console
from nova_refactor.report.terminal.graph import graph_view, proposal_view


def render_graph_like(format: str, output: Path | None, report: GraphReport,
                      proposal: Proposal | None, title: str) -> None:
    """Table and JSON show the proposal when there is one, else the graph; DOT, Mermaid and
    HTML draw the graph, coloured by the proposal when there is one."""
    if format == "dot":
        text = render_dot(report, proposal)
    elif format == "mermaid":
        text = render_mermaid(report, proposal)
    elif format == "html" and proposal is not None:
        text = render_html(report, proposal, f"Modules and proposed services: {title}")
    elif format == "json":
        text = render_proposal_json(proposal) if proposal else render_graph_json(report)
    else:
        view = proposal_view(proposal) if proposal else graph_view(report)
        if output is None:
            stdout_console().print(view)
            return
        text = render_to_text(view)
    write_output(text, output)
