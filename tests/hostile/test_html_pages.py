"""Every HTML page we render from a hostile repository (paths, routes, names and messages that
carry markup) holds no markup of the repository's: no raw `<script`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import app
from nova_refactor.report.html.page import Section, anchor_id, html, page, table

runner = CliRunner()
EVIL = '"><script>alert(1)</script>'
APP = '''import threading
from flask import Flask

app = Flask(__name__)
LOCK = threading.Lock()


@app.route("/<script>alert(2)</script>")
def handler():
    with LOCK:
        return "x"


if __name__ == "__main__":
    app.run()
'''


def hostile_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    folder = root / f"x{EVIL}"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(APP)
    (folder / "helpers.py").write_text("import main\n\ndef f(x):\n    return main.app\n")
    (root / '"><script>y.py').write_text("def broken(:\n")  # a diagnostic names its path
    (root / "nova-refactor.toml").write_text("[rules.file-size]\nmax_lines = 5\n")
    return root


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return hostile_repo(tmp_path_factory.mktemp("hostile"))


def _pages(repo: Path, tmp_path: Path) -> dict[str, str]:
    commands = {
        "report": ["report", str(repo), "--history", "0"],
        "graph": ["graph", str(repo), "-f", "html"],
        "graph-package": ["graph", str(repo), "-f", "html", "--level", "package"],
        "boundaries": ["boundaries", str(repo), "-f", "html"],
    }
    pages = {}
    for name, args in commands.items():
        out = tmp_path / f"{name}.html"
        result = runner.invoke(app, [*args, "-o", str(out)])
        assert result.exit_code in (0, 1), (name, result.output)
        pages[name] = out.read_text(encoding="utf-8")
    return pages


def test_no_page_holds_raw_markup_of_the_repository(repo, tmp_path):
    pages = _pages(repo, tmp_path)
    assert "x&#34;&gt;&lt;script&gt;" in pages["report"]  # the path is there, as text
    for name, text in pages.items():
        assert "<script" not in text.lower(), name


def test_a_section_anchor_from_a_path_is_a_safe_id():
    built = page("t", "s", [Section(f"anatomy-x{EVIL}/main.py", "title", "body <b>")])
    assert 'id="anatomy-x-script-alert-1-script-main.py"' in built
    assert "body &lt;b&gt;" in built  # a plain str body is text
    assert anchor_id("../..") == "..-.."  # no slash; fragments are never paths


def test_text_is_escaped_unless_built_as_markup():
    assert str(html("<p>{}</p>", "<i>")) == "<p>&lt;i&gt;</p>"
    assert str(html("<p>{}</p>", html("<i>{}</i>", "&"))) == "<p><i>&amp;</i></p>"
    assert "<td>&lt;script&gt;</td>" in str(table(("a",), [("<script>",)]))
