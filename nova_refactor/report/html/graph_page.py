"""The graph page of `graph`/`boundaries -f html`: the module graph coloured by proposed service,
then the proposal's tables, in the same shell as `report`."""

from __future__ import annotations

from nova_refactor.analysis.boundaries.model import Proposal
from nova_refactor.analysis.graph.dependencies import GraphReport
from nova_refactor.report.html.graph_layout import node_groups
from nova_refactor.report.html.graph_svg import facts, figure
from nova_refactor.report.html.page import Section, codes, join, note, page, table
from nova_refactor.report.html.parts import proposal_sections, services_table
from nova_refactor.report.html.service_map import LINK_LIMIT, MODULE_LIMIT, service_map
from nova_refactor.report.machine.graph_formats import colours


def render_html(report: GraphReport, proposal: Proposal, title: str) -> str:
    graph = Section("graph", "Modules and proposed services", figure(report, proposal))
    sections = [graph, *proposal_sections(report, proposal, colours(proposal))]
    if report.nodes:
        sections.insert(1, _modules(report, proposal))
    return page(title, " · ".join(facts(report, proposal)), sections)


def _modules(report: GraphReport, proposal: Proposal) -> Section:
    """The drawing's facts in columns (a tooltip is neither printed nor searchable): most
    depended-on first, as a reader looking for the shared core wants."""
    groups = node_groups(report, proposal)
    ranked = sorted(report.nodes, key=lambda n: (-n.fan_in, n.fan_out, n.path))
    rows = [(codes([n.path]), groups.get(n.path, ""), n.depth, n.fan_in, n.fan_out,
             f"{n.instability:.2f}", n.lines) for n in ranked]
    body = join((note("layer 0 depends on no project module; instability = fan-out / "
                      "(fan-in + fan-out): 0 is depended on and stable, 1 depends only."),
                 table(("module", "group", "layer", "fan-in", "fan-out", "instability",
                        "lines"), rows, (2, 3, 4, 5, 6), long=True)))
    return Section("modules", f"Modules ({len(report.nodes)})", body)


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
