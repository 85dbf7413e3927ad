"""The graph page of `graph`/`boundaries -f html`: the module graph coloured by proposed service,
then the proposal's tables, in the same shell as `report`."""

from __future__ import annotations

from nova_refactor.analysis.boundaries.model import Proposal
from nova_refactor.analysis.graph.dependencies import GraphReport
from nova_refactor.report.html.graph_svg import facts, figure
from nova_refactor.report.html.page import Section, join, note, page
from nova_refactor.report.html.parts import proposal_sections, services_table
from nova_refactor.report.html.service_map import LINK_LIMIT, MODULE_LIMIT, service_map
from nova_refactor.report.machine.graph_formats import colours


def render_html(report: GraphReport, proposal: Proposal, title: str) -> str:
    graph = Section("graph", "Modules and proposed services", figure(report, proposal))
    sections = [graph, *proposal_sections(report, proposal, colours(proposal))]
    return page(title, " · ".join(facts(report, proposal)), sections)


def graph_section(report: GraphReport, proposal: Proposal, told: str) -> Section:
    """The graph as one section of `report`: drawing, then one line per proposed service."""
    if len(report.nodes) > MODULE_LIMIT:
        told += (f" {len(report.nodes)} modules are too many to draw one by one: each disc is a "
                 f"service, each line the dependencies between two groups (the {LINK_LIMIT} "
                 "heaviest; red: between two services).")
        drawing = service_map(report, proposal)
    else:
        drawing = figure(report, proposal)
    body = join((note(f'{" · ".join(facts(report, proposal))}. {told}'), drawing,
                 services_table(proposal, colours(proposal), brief=True)))
    return Section("graph", "Dependency graph by proposed service", body)
