"""The HTML pages as Chromium lays them out (issue #20): no token broken inside (`path:line`,
a module name), no rows hidden in a scroll box, no graph label drawn over another label or
another module's dot, nothing wider than the window or its container (unless a box scrolls it
sideways), at 1280 and 800 px, on the report, graph and boundaries pages of the examples and
on the graph of a real library (Flask 3.1.3's modules and imports, tests/data/graphs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.analysis.boundaries.propose import propose
from nova_refactor.analysis.graph.dependencies import build_graph
from nova_refactor.app.report import report
from nova_refactor.app.session import Session
from nova_refactor.cli.app import app
from nova_refactor.report.html.graph_page import render_html as graph_page
from nova_refactor.report.html.page import breakable, breakable_code, table
from nova_refactor.report.html.report import render_html
from tests.graph_helpers import synthetic
from tests.layout_probe import CHROMIUM, measure

ROOT = Path(__file__).resolve().parents[1]
FLASK = ROOT / "tests" / "data" / "graphs" / "flask-3.1.3.json"
WIDTHS = (1280, 800)
EXAMPLES = [ROOT / "examples" / name for name in ("python_monolith", "rust_axum", "rust_monolith")]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/system-deps installs it)")


def test_paths_break_only_after_separators() -> None:
    assert str(breakable("app/services/users.py:289")) == "app/<wbr>services/<wbr>users.py:289"
    assert str(breakable("crate::store::Database::open")) == (
        "crate::<wbr>store::<wbr>Database::<wbr>open")
    assert str(breakable("<script>/x" * 3)) == "&lt;script&gt;/<wbr>x&lt;script&gt;/<wbr>x" \
        "&lt;script&gt;/<wbr>x"
    assert str(breakable("tests.test_views.IndexView")) == "tests.<wbr>test_views.<wbr>IndexView"
    assert str(breakable("app/main.py:349 and v3.11")) == "app/<wbr>main.py:349 and v3.11"
    assert str(breakable("services/users.py")) == "services/users.py"  # short: one line
    assert str(breakable("`fn main` (#[tokio::main]) in src/main.rs")) == (
        '<code>fn main</code> (<span class="nowrap">#[tokio::main]</span>) in src/<wbr>main.rs')
    assert str(breakable_code("threading.Semaphore(CONFIG.n, 2)")) == (
        "<code>threading.<wbr>Semaphore(<wbr>CONFIG.<wbr>n, 2)</code>")


def test_only_a_table_that_fits_a_wide_window_keeps_its_header_over_the_page() -> None:
    narrow = str(table(("where", "what"), [("main.py:12", "a lock")]))
    wide = str(table(("handler",) * 5, [("tests.test_app.a_very_long_test_name_of_a_test",) * 5]))
    assert narrow.startswith('<div class="scroll-x fits"><table>')
    assert wide.startswith('<div class="scroll-x"><table>')


def test_long_tables_say_how_many_rows_and_hide_none() -> None:
    rows = [(f"m{i}.py:{i}",) for i in range(40)]
    folded = str(table(("where",), rows, long=True))
    assert folded.startswith('<details open><summary>40 rows</summary><div class="scroll-x')
    assert folded.count("<tr>") == 41 and "max-height" not in folded  # sideways only
    assert "<details" not in str(table(("where",), rows[:5], long=True))


def _pages(example: Path) -> dict[str, str]:
    pages = {"report": render_html(*report(Session([example]), history=0))}
    for command in ("graph", "boundaries"):
        drawn = CliRunner().invoke(app, [command, str(example), "-f", "html", "--no-cache"])
        assert drawn.exit_code == 0, drawn.output
        pages[command] = drawn.stdout
    return pages


def _assert_laid_out_well(page: str, name: str) -> None:
    for width in WIDTHS:
        laid = measure(page, width)
        where = (name, width)
        assert laid["broken"] == [], (where, laid["broken"][:10])
        assert laid["hidden"] == [], (where, laid["hidden"])
        assert laid["labels"] >= 10, where  # the graph was drawn, with its labels
        assert laid["overlaps"] == [], (where, laid["overlaps"][:10])
        assert laid["overflow"] == [], (where, laid["overflow"][:10])


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_pages_lay_out_without_broken_tokens_hidden_rows_overlaps_or_overflow(
        example: Path) -> None:
    for name, page in _pages(example).items():
        _assert_laid_out_well(page, name)


@needs_chromium
@pytest.mark.slow
def test_a_real_library_graph_lays_out_without_overlaps() -> None:
    shape = json.loads(FLASK.read_text())
    analysis = synthetic(shape["files"], [tuple(e) for e in shape["edges"]],
                         shape["entrypoints"], language="python", kind="from")
    proposal = propose(analysis, BoundaryOptions(history=False))
    page = graph_page(build_graph(analysis, "file", 10), proposal, "Flask 3.1.3")
    _assert_laid_out_well(page, "flask graph")


@needs_chromium
def test_the_probe_sees_a_broken_path_and_a_scroll_box() -> None:
    """The checks above can fail: the old CSS (`overflow-wrap: anywhere`, 480 px boxes) does."""
    cell = '<tr><td style="overflow-wrap:anywhere">services/app_state_store.py:289</td></tr>'
    page = ('<html><body><main><div style="max-height:200px;overflow:auto;width:90px">'
            f"<table>{cell * 60}</table></div></main></body></html>")
    laid = measure(page)
    assert laid["broken"] and laid["hidden"] == ["DIV."]
    assert laid["overflow"] == []  # the box is 90 px wide but scrolls: nothing widens the page


@needs_chromium
def test_the_probe_sees_a_label_on_a_dot_and_a_table_wider_than_the_page() -> None:
    graph = ('<svg class="graph" viewBox="0 0 200 100" width="400"><g class="node">'
             '<title>a.py</title><circle cx="20" cy="20" r="8"/><text x="60" y="24">a.py</text>'
             '</g><g class="node"><title>b.py</title><circle cx="60" cy="20" r="8"/></g></svg>')
    row = "<tr>" + "<td>services/app_state_store.py:289</td>" * 8 + "</tr>"
    page = f"<html><body><main>{graph}<table>{row}</table></main></body></html>"
    laid = measure(page, 800)
    assert laid["overlaps"] == ["a.py on the dot of b.py"]
    assert laid["overflow"][0].startswith("page ") and len(laid["overflow"]) > 1
