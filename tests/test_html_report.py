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

from nova_refactor.app.report import report
from nova_refactor.app.session import Session
from nova_refactor.cli.app import app
from nova_refactor.report.html.charts import Bar, bar_chart, line_chart, stacked_bar
from nova_refactor.report.html.report import render_html
from nova_refactor.report.html.service_map import LINK_LIMIT

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "python_monolith"
VOID = {"meta", "br", "wbr", "img", "input", "link", "hr"}
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


def _page(path: Path) -> str:
    """What `report PATH --history 0` writes: the use case gathers, the renderer renders."""
    return render_html(*report(Session([path]), history=0))


@pytest.fixture(scope="module")
def page() -> str:
    return _page(EXAMPLE)


def test_page_is_balanced_and_self_contained(page: str) -> None:
    checker = _Balance()
    checker.feed(page)
    assert checker.errors == [] and checker.stack == []
    assert "<script" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing to fetch: opens offline


def test_page_has_every_section_with_real_numbers(page: str) -> None:
    for anchor in ("summary", "gate", "files", "complexity", "anatomy-main.py", "graph", "locks",
                   "routes"):
        assert f'id="{anchor}"' in page
    assert "Route inventory (54)" in page
    assert "<svg" in page and "limit 499" in page and "limit 10" in page
    assert 'class="card bad"' in page  # a 1,721-line main.py misses the plan's target


def test_gate_findings_are_grouped_by_rule_with_a_verdict(page: str) -> None:
    gate = page.split('id="gate"')[1].split("</section>")[0]
    assert "Gate findings (default pack)" in page and 'badge bad big">failed' in gate
    order = [gate.index(f'id="rule-{r}"') for r in
             ("entrypoint-size", "file-size", "function-complexity", "shared-locks")]
    assert order == sorted(order)  # blocks in the pack's rule order
    entry = gate.split('id="rule-entrypoint-size"')[1].split("</details>")[0]
    assert "<code>main.py:1</code>" in entry and "1721 / 99" in entry and "error" in entry
    assert "coverage: not judged" in gate  # a rule that could not run says so


def test_graph_is_coloured_by_proposed_service(page: str) -> None:
    graph = page.split('id="graph"')[1].split("</section>")[0]
    assert '<svg class="graph"' in graph and "5 proposed services" in graph
    fills = set(re.findall(r'<circle cx="[^"]+" cy="[^"]+" r="[^"]+" fill="(#[0-9a-f]{6})"',
                           graph))
    assert len(fills) >= 6  # five services, the shared library, the entrypoint
    assert "<title>services/posts.py — posts — 716 lines" in graph


def test_rules_and_no_graph_options(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(EXAMPLE), "--history", "0", "--rules", "strict",
                                 "--no-graph", "-o", str(out)])
    assert result.exit_code == 0, result.output  # a failed gate is shown, not an exit code
    html = out.read_text()
    assert "Gate findings (strict pack)" in html and "limit 300" in html and "limit 7" in html
    assert '<svg class="graph"' not in html and 'href="#graph"' not in html
    assert 'id="graph"' not in html
    # the card counts functions at the pack's limit, as the gate table on the same page does
    card = re.search(r'Functions over the complexity limit</div><div class="value">(\d+)</div>'
                     r'<div class="hint">([^<]*)', html)
    assert card and card.group(2).endswith("complexity &gt; 7") and int(card.group(1)) > 10
    bad = runner.invoke(app, ["report", str(EXAMPLE), "--rules", "nope", "-o", str(out)])
    assert bad.exit_code == 2 and "nope" in bad.stderr


def test_a_big_graph_is_drawn_as_services(tmp_path: Path) -> None:
    """160 modules in 4 packages: one disc per group, at most LINK_LIMIT links, no module dots."""
    for pkg in range(4):
        (tmp_path / f"p{pkg}").mkdir()
        for i in range(40):
            peer = f"from p{pkg}.m{(i + 1) % 40} import f{(i + 1) % 40}\n" if i else ""
            other = f"from p{(pkg + 1) % 4}.m0 import f0\n" if i == 5 else ""
            (tmp_path / f"p{pkg}" / f"m{i}.py").write_text(
                f"{peer}{other}def f{i}(x):\n    return x\n")
    html = _page(tmp_path)
    graph = html.split('id="graph"')[1].split("</section>")[0]
    assert 'aria-label="service map"' in graph and "160 modules are too many" in graph
    discs = re.findall(r"<title>([^:<]+): (\d+) modules", graph)
    assert sum(int(n) for _, n in discs) == 160 and len(discs) >= 4
    assert 0 < graph.count("<line ") <= LINK_LIMIT


def test_user_text_is_escaped(page: str) -> None:
    assert "/api/v1/media/&lt;int:asset_id&gt;" in page.replace("<wbr>", "")
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


def test_line_chart_axis_starts_at_zero_and_the_title_clears_the_points() -> None:
    svg = str(line_chart([3.38, 3.37], ["a", "b"], "mean complexity", target=10))
    ys = [float(v) for v in re.findall(r'<circle[^>]* cy="([\d.]+)"', svg)]
    assert len(ys) == 2 and abs(ys[0] - ys[1]) < 1  # a 0.3 % change is drawn flat, not a dive
    assert ">0</text>" in svg and ">10</text>" in svg  # axis from zero up to the target
    assert min(ys) > 20  # below the title's line (baseline 14)


def test_cli_writes_a_readable_file_and_explains_missing_history(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    target = tmp_path / "code"
    target.mkdir()
    (target / "app.py").write_text("def f(x):\n    return x\n")
    result = runner.invoke(app, ["report", str(target), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o044 == 0o044 & ~_umask()  # not the temp file's 0600
    told = out.read_text()
    assert "History not shown" in told and "not inside a git repository" in told
    assert "fatal" not in told  # git's own wording is not the user's


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PROBE = """<p id="probe"></p><script>
const box = (q) => {
  const e = document.querySelector(q);
  return e ? e.getBoundingClientRect() : {};
};
const p = document.getElementById("probe");
p.dataset.graph = Math.round(box("svg.graph").width || 0);
p.dataset.discs = [...document.querySelectorAll("svg.graph .node circle")]
  .filter((c) => c.getBoundingClientRect().width > 2).length;
p.dataset.gate = Math.round(box("#gate table").height || 0);
p.dataset.findings = document.querySelectorAll("#gate details tr").length;
</script>"""


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
    # Rendered, not only present: a copy of the page measures the laid-out boxes of the graph
    # and the findings (the report itself has no scripts) and writes them into the DOM.
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", PROBE + "</body>"))
    measured = subprocess.run([CHROMIUM, *flags, "--window-size=1280,2000", "--dump-dom",
                               probe.as_uri()], capture_output=True, stdin=subprocess.DEVNULL,
                              text=True, timeout=120)
    sizes = dict(re.findall(r'data-(\w+)="(\d+)"', measured.stdout.split('id="probe"')[1][:400]))
    assert int(sizes["graph"]) > 300 and int(sizes["discs"]) >= 10  # drawn wide, nodes visible
    assert int(sizes["gate"]) > 200 and int(sizes["findings"]) >= 10
    subprocess.run([CHROMIUM, *flags, "--window-size=1280,2000", f"--screenshot={shot}",
                    html.as_uri()], stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    assert shot.stat().st_size > 20_000  # a blank page compresses to a few KiB


def test_a_folder_named_script_stays_text_on_every_page(tmp_path: Path) -> None:
    """Escaping is the page builder's, not each call site's (#19/#20): a hostile folder name
    reaches the report and the boundaries page only as text."""
    hostile = tmp_path / "<script>"
    hostile.mkdir()
    (hostile / "__init__.py").write_text("")
    (hostile / "users.py").write_text("import threading\nLOCK = threading.Lock()\n\n"
                                      "def get_user(uid):\n    with LOCK:\n        return uid\n")
    (tmp_path / "main.py").write_text(
        "from flask import Flask\n"
        "import importlib\n"
        "users = importlib.import_module('<script>.users')\n"
        "app = Flask(__name__)\n\n"
        "@app.get('/u/<script>')\ndef show(script):\n    return users.get_user(script)\n")
    pages = [_page(tmp_path)]
    graph = runner.invoke(app, ["graph", str(tmp_path), "-f", "html", "--no-cache"])
    assert graph.exit_code == 0, graph.output
    pages.append(graph.stdout)
    for page in pages:
        assert "<script" not in page.lower()
        assert "&lt;script&gt;" in page


def test_fixture_apps_of_a_test_suite_get_no_anatomy_section(tmp_path: Path) -> None:
    app_code = ("from flask import Flask\napp = Flask(__name__)\n\n"
                "@app.get('/')\ndef index():\n    return 'x'\n")
    (tmp_path / "app.py").write_text(app_code)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_app.py").write_text(app_code)
    page = _page(tmp_path)
    assert 'href="#anatomy-app.py"' in page
    assert "anatomy-tests" not in page
    assert "Not shown: 1 entrypoint(s) in test code; JSON lists them." in page


def test_an_entrypoint_too_short_to_split_gets_no_anatomy_section(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__main__.py").write_text("from pkg.cli import main\n\nmain()\n")
    body = "".join(f"    print({i})\n" for i in range(30))
    (tmp_path / "pkg" / "cli.py").write_text(
        f"def main():\n{body}\n\nif __name__ == '__main__':\n    main()\n")
    page = _page(tmp_path)
    assert 'href="#anatomy-pkg-cli.py"' in page and "anatomy-pkg-__main__" not in page
    assert "Not shown: 1 under 20 lines (pkg/__main__.py); JSON lists them." in page
    (tmp_path / "pkg" / "cli.py").unlink()  # the only one left is shown, short as it is
    assert 'href="#anatomy-pkg-__main__.py"' in _page(tmp_path)


def test_a_ratchet_card_takes_the_gates_verdict(page: str) -> None:
    # "Shared locks" has no number to be compared with (no new ones, against the baseline):
    # the example has no baseline, so the gate fails on its locks and the card must say so.
    card = re.search(r'<div class="card([^"]*)"[^>]*>(?:(?!class="card).)*?Shared locks',
                     page, re.S)
    assert card is not None
    assert card.group(1).strip() == "bad"
