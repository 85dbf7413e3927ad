"""The HTML pages as Chromium lays them out (issue #20): no token broken inside (`path:line`,
a module name), no rows hidden in a scroll box, no graph label drawn over another, on the
report and the boundaries page of both examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.app.report import report
from nova_refactor.app.session import Session
from nova_refactor.cli.app import app
from nova_refactor.report.html.page import breakable, table
from nova_refactor.report.html.report import render_html
from tests.layout_probe import CHROMIUM, measure

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT / "examples" / name for name in ("python_monolith", "rust_axum", "rust_monolith")]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/system-deps installs it)")


def test_paths_break_only_after_separators() -> None:
    assert str(breakable("app/services/users.py:289")) == "app/<wbr>services/<wbr>users.py:289"
    assert str(breakable("crate::store::Db")) == "crate::<wbr>store::<wbr>Db"
    assert str(breakable("<script>/x")) == "&lt;script&gt;/<wbr>x"


def test_long_tables_say_how_many_rows_and_hide_none() -> None:
    rows = [(f"m{i}.py:{i}",) for i in range(40)]
    folded = str(table(("where",), rows, long=True))
    assert folded.startswith("<details open><summary>40 rows</summary>")
    assert folded.count("<tr>") == 41 and "scroll" not in folded
    assert "<details" not in str(table(("where",), rows[:5], long=True))


def _pages(example: Path) -> dict[str, str]:
    graph = CliRunner().invoke(app, ["graph", str(example), "-f", "html", "--no-cache"])
    assert graph.exit_code == 0, graph.output
    return {"report": render_html(*report(Session([example]), history=0)),
            "graph": graph.stdout}


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_pages_lay_out_without_broken_tokens_hidden_rows_or_overlaps(example: Path) -> None:
    for name, page in _pages(example).items():
        laid = measure(page)
        assert laid["broken"] == [], (name, laid["broken"][:10])
        assert laid["hidden"] == [], (name, laid["hidden"])
        assert laid["labels"] >= 10, name  # the graph was drawn, with its labels
        assert laid["overlaps"] == [], (name, laid["overlaps"][:10])


@needs_chromium
def test_the_probe_sees_a_broken_path_and_a_scroll_box() -> None:
    """The checks above can fail: the old CSS (`overflow-wrap: anywhere`, 480 px boxes) does."""
    cell = '<tr><td style="overflow-wrap:anywhere">services/app_state_store.py:289</td></tr>'
    page = ('<html><body><main><div style="max-height:200px;overflow:auto;width:90px">'
            f"<table>{cell * 60}</table></div></main></body></html>")
    laid = measure(page)
    assert laid["broken"] and laid["hidden"] == ["DIV."]
