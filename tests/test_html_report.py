"""The HTML report: self-contained, escaped, balanced, real charts; Chromium renders it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.analysis.pipeline import analyze
from nova_refactor.cli.app import app
from nova_refactor.report.html_report import render_html
from nova_refactor.report.svg import Bar, bar_chart, line_chart, stacked_bar

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "python_monolith"
VOID = {"meta", "br", "img", "input", "link", "hr"}
runner = CliRunner()


class _Balance(HTMLParser):
    """Fails on a closing tag that does not match the open one (self-closing SVG tags allowed)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unexpected </{tag}> at {self.getpos()}")


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(analyze([EXAMPLE]))


def test_page_is_balanced_and_self_contained(page: str) -> None:
    checker = _Balance()
    checker.feed(page)
    assert checker.errors == [] and checker.stack == []
    assert "<script" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing to fetch: opens offline


def test_page_has_every_section_with_real_numbers(page: str) -> None:
    for anchor in ("summary", "files", "complexity", "anatomy-main.py", "locks", "routes"):
        assert f'id="{anchor}"' in page
    assert "Route inventory (54)" in page
    assert "<svg" in page and "limit 500" in page and "limit 10" in page
    assert 'class="card bad"' in page  # a 1,721-line main.py misses the plan's target


def test_user_text_is_escaped(page: str) -> None:
    assert "/api/v1/media/&lt;int:asset_id&gt;" in page
    assert "<int:asset_id>" not in page


def test_bar_chart_marks_bars_over_the_limit() -> None:
    svg = bar_chart([Bar("big.py", 900), Bar("small.py", 100)], 500, "files")
    assert svg.count('fill="#e03131"') == 1 and svg.count('fill="#2f9e44"') == 1
    assert "<title>big.py: 900</title>" in svg and "limit 500" in svg


def test_stacked_bar_parts_fill_the_width() -> None:
    svg = stacked_bar([("config", 30, "c"), ("routes", 70, "r")], {"config": "#111"}, "t", 200)
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="0" width="([\d.]+)"', svg)]
    assert widths == [60.0, 140.0]


def test_line_chart_skips_unmeasured_points() -> None:
    svg = line_chart([None, 5, 3], ["a", "b", "c"], "trend", target=4)
    assert svg.count("<circle") == 2 and "target 4" in svg
    assert "not measured" in line_chart([None], ["a"], "empty")


def test_cli_writes_a_readable_file_and_explains_missing_history(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    target = tmp_path / "code"
    target.mkdir()
    (target / "app.py").write_text("def f(x):\n    return x\n")
    result = runner.invoke(app, ["report", str(target), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o044 == 0o044 & ~_umask()  # not the temp file's 0600
    assert "History not shown" in out.read_text()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_chromium_renders_the_page_without_errors(page: str, tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    html.write_text(page)
    shot = tmp_path / "report.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", html.as_uri()], capture_output=True,
                         stdin=subprocess.DEVNULL, text=True, timeout=120)
    assert 'id="routes"' in dom.stdout and "Route inventory (54)" in dom.stdout
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    subprocess.run([CHROMIUM, *flags, "--window-size=1280,2000", f"--screenshot={shot}",
                    html.as_uri()], stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    assert shot.stat().st_size > 20_000  # a blank page compresses to a few KiB
