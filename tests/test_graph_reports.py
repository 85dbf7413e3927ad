"""Renderers of the graph and the proposal: DOT, Mermaid, JSON, HTML (and real Chromium)."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from nova_refactor.analysis.boundaries.model import BoundaryOptions, Proposal
from nova_refactor.analysis.boundaries.propose import propose
from nova_refactor.analysis.graph.dependencies import GraphReport, build_graph
from nova_refactor.codec import from_jsonable
from nova_refactor.report.html.graph_page import render_html
from nova_refactor.report.machine.graph_formats import (
    render_dot,
    render_graph_json,
    render_mermaid,
    render_proposal_json,
)
from nova_refactor.report.terminal.analysis import render_to_text
from nova_refactor.report.terminal.graph import graph_view, proposal_view
from tests.graph_helpers import synthetic
from tests.test_boundaries import EDGES, FILES, LOCKS, ROUTES

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture(scope="module")
def analysis():
    return synthetic(FILES, [*EDGES, ("src/billing/tax.rs", "src/billing/api.rs", ["hook"])],
                     entrypoints=["src/main.rs"], routes=ROUTES, locks=LOCKS)


@pytest.fixture(scope="module")
def proposal(analysis) -> Proposal:
    return propose(analysis, BoundaryOptions(history=False))


def test_json_documents_round_trip(analysis, proposal: Proposal) -> None:
    data = json.loads(render_proposal_json(proposal))
    assert next(iter(data)) == "schema" and data["schema"] == "nova-refactor/boundaries/2"
    assert from_jsonable(Proposal, data) == proposal
    graph = json.loads(render_graph_json(build_graph(analysis)))
    assert graph["schema"] == "nova-refactor/graph/1"
    assert from_jsonable(GraphReport, graph) == build_graph(analysis)


def test_dot_clusters_services_and_weights_edges(analysis, proposal: Proposal) -> None:
    dot = render_dot(build_graph(analysis), proposal)
    assert dot.startswith("digraph modules {") and dot.rstrip().endswith("}")
    assert 'label="billing"' in dot and 'label="shared"' in dot
    assert re.search(r'"src/billing/api.rs" -> "src/billing/invoice.rs" \[weight=3, '
                     r'label="Invoice, issue, void"', dot)


def test_mermaid_has_subgraphs_and_classes(analysis, proposal: Proposal) -> None:
    text = render_mermaid(build_graph(analysis), proposal)
    assert text.startswith("flowchart LR\n")
    assert '["billing"]' in text and "classDef" in text
    assert re.search(r"m\d+ -->\|3\| m\d+", text)
    package = render_mermaid(build_graph(analysis, "package"))
    assert '"src/billing"' in package and "subgraph" not in package


def test_tables_render(analysis, proposal: Proposal) -> None:
    graph_text = render_to_text(graph_view(build_graph(analysis)))
    assert "Layering depth" in graph_text and "a shortest concrete cycle" in graph_text
    text = render_to_text(proposal_view(proposal))
    for part in ("Service-boundary proposal", "billing", "Crossings", "cut cost",
                 "Why each module is where it is", "strongest ties inside"):
        assert part in text


def test_html_is_self_contained(analysis, proposal: Proposal) -> None:
    page = render_html(build_graph(analysis), proposal, "Shop")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<link" not in page and "@import" not in page
    # the only URL is the SVG namespace (an identifier, never fetched)
    assert set(re.findall(r"https?://[^\"' )]+", page)) == {"http://www.w3.org/2000/svg"}
    assert "<svg" in page and 'class="edge cross"' in page
    for name in ("billing", "catalog", "shared", "entrypoint"):
        assert f"<b>{name}</b>" in page  # legend
    assert page.count('<g class="node">') == len(FILES)


def test_html_at_package_level_and_when_empty(analysis, proposal: Proposal) -> None:
    page = render_html(build_graph(analysis, "package"), proposal, "Shop")
    assert page.count('<g class="node">') == 2 + 1  # src, src/billing, src/catalog
    empty = synthetic([])
    page = render_html(build_graph(empty), propose(empty, BoundaryOptions(history=False)), "x")
    assert "No modules to draw." in page


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None and shutil.which("chromium-browser") is None,
                    reason="chromium is not installed (scripts/screenshot_html.py needs it)")
def test_page_renders_in_headless_chromium(analysis, proposal: Proposal, tmp_path: Path) -> None:
    from screenshot_html import screenshot

    page = tmp_path / "boundaries.html"
    page.write_text(render_html(build_graph(analysis), proposal, "Shop"))
    shot = tmp_path / "shot.png"
    assert screenshot(page, shot, 1000, 800)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 800)
    assert len(data) > 20_000  # a drawn page, not a blank one


def test_graph_labels_tell_same_named_files_apart_and_skip_tests() -> None:
    from nova_refactor.report.html.graph_svg import labels

    named = labels(["src/handlers/users.rs", "src/services/users.rs", "src/db.rs",
                    "a/x/mod.rs", "b/x/mod.rs", "src/handlers/mod.rs"])
    assert named["src/handlers/users.rs"] == "handlers/users.rs"
    assert named["src/services/users.rs"] == "services/users.rs"
    assert named["src/db.rs"] == "db.rs" and named["src/handlers/mod.rs"] == "handlers/mod.rs"
    assert named["a/x/mod.rs"] == "a/x/mod.rs" and named["b/x/mod.rs"] == "b/x/mod.rs"


def test_graph_page_of_the_rust_example_states_its_facts_in_columns() -> None:
    from typer.testing import CliRunner

    from nova_refactor.cli.app import app

    done = CliRunner().invoke(app, ["graph", str(ROOT / "examples" / "rust_monolith"), "-f",
                                    "html", "--no-cache"])
    assert done.exit_code == 0, done.output
    page = done.stdout
    texts = re.findall(r"<text[^>]*>([^<]+)</text>", page)
    assert "handlers/users.rs" in texts and "services/users.rs" in texts
    assert "users.rs" not in texts  # never two labels alike
    assert "tests.rs" not in texts and "server.rs" not in texts  # test modules: disc, no label
    assert "<title>Modules and proposed services: rust_monolith</title>" in page
    modules = page.split('<section id="modules">', 1)[1].split("</section>", 1)[0]
    for header in ("layer", "fan-in", "fan-out", "instability"):
        assert f">{header}</th>" in modules


def test_a_one_module_service_shows_no_cohesion(proposal: Proposal) -> None:
    """Its ratio would be 0.00 or 1.00 by accident of its outside ties."""
    from dataclasses import replace

    from nova_refactor.report.html.parts import services_table
    from nova_refactor.report.machine.graph_formats import colours

    first = proposal.services[0]
    alone = replace(first, name="alone", modules=first.modules[:1], cohesion=0.0)
    pair = replace(first, name="pair", modules=(*first.modules[:1], "src/x.rs"), cohesion=0.5)
    shown = str(services_table(replace(proposal, services=(alone, pair)), colours(proposal)))
    assert shown.split("alone</span>", 1)[1].split("</tr>", 1)[0].endswith(">–</td>")
    assert shown.split("pair</span>", 1)[1].split("</tr>", 1)[0].endswith(">0.50</td>")


def test_every_service_has_its_own_colour_past_the_palette(proposal: Proposal) -> None:
    from dataclasses import replace

    from nova_refactor.report.machine.graph_formats import PALETTE, colours

    many = [replace(proposal.services[0], name=f"s{i}") for i in range(40)]
    found = colours(replace(proposal, services=tuple(many)))
    drawn = [found[f"s{i}"] for i in range(40)]
    assert drawn[:len(PALETTE)] == list(PALETTE)
    assert len(set(drawn)) == 40 and all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in drawn)
