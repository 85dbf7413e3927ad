"""Narrow output never cuts a path:line or a name in two while the width allows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.table import Table
from typer.testing import CliRunner

from nova_refactor.cli.app import app
from nova_refactor.report.terminal.analysis import render_to_text, titled_table
from nova_refactor.report.terminal.columns import PROSE_MIN, WholeTokens, token_width
from tests.gate_helpers import write_tree

LOCATION = "services/streaming/very_long_module_name.py:1234"
PROSE = "a lock acquired on a request path, held while the handler waits on the database"


def test_a_column_of_tokens_needs_its_widest_token() -> None:
    assert token_width([LOCATION, "a.py:1"]) == len(LOCATION)
    assert token_width([PROSE]) is None
    assert token_width([]) is None


def test_a_narrow_table_wraps_prose_and_keeps_locations_whole() -> None:
    text = render_to_text(titled_table("t", ("where", "message"),
                                       [(LOCATION, PROSE), ("a.py:7", PROSE)]), width=80)
    assert LOCATION in text and "a.py:7" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "database" in text  # the prose wrapped, it was not cut


def test_prose_keeps_a_readable_width_and_the_widest_token_gives_way() -> None:
    table = Table()
    for header in ("where", "message", "handler"):
        table.add_column(header, overflow="fold")
    table.add_row(LOCATION, PROSE, "stream_handler")
    text = render_to_text(WholeTokens(table), width=70)
    assert "stream_handler" in text  # the narrow token still fits whole
    assert LOCATION not in text  # the wide one folds rather than squeezing out the prose
    assert "database" in text
    assert table.columns[1].width >= PROSE_MIN


def test_a_prose_column_keeps_its_longest_word_whole_while_the_width_allows() -> None:
    # `mutable global` makes the column prose, yet `threading.Condition` must not fold
    rows = [("SESSION_LOCK", "threading.Condition", "acquisition (with)", "main.py:351"),
            ("_token_counter", "mutable global", "rebinding (global rebinding)", "main.py:349")]
    text = render_to_text(titled_table("t", ("owner", "primitive", "role", "where"), rows),
                          width=72)
    assert "threading.Condition" in text and "acquisition" in text and "rebinding)" in text
    assert max(len(line) for line in text.splitlines()) <= 72


@pytest.mark.parametrize("width", [60, 80, 100, 140])
def test_a_wide_table_always_fits_and_never_crops(width: int) -> None:
    rows = [("new (warning)", "lock-on-request-path", LOCATION, "12 / 10", PROSE),
            ("new", "file-size", "main.py:1", "1721 / 499", "main.py has 1721 lines")]
    text = render_to_text(titled_table("t", ("status", "rule", "where", "value / limit",
                                             "message"), rows), width=width)
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines)
    assert all(line.rstrip().endswith(("┓", "┃", "┩", "│", "┘")) for line in lines[1:])
    assert "database" in text and "499" in text and "lines" in text  # wrapped, never cut


def test_piped_analyze_prints_each_lock_location_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    deep = "services/streaming/sessions/very_long_module_name_for_sessions.py"
    write_tree(tmp_path, {deep: "import threading\n\n" + "\n" * 1200 +
                          "SESSIONS_LOCK = threading.Lock()\n"})
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert f"{deep}:1203" in result.output
