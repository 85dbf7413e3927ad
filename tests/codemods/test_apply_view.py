"""Rendering of plans and diffs (rich, exact through a fixed-width console)."""

from __future__ import annotations

import io

from rich.console import Console

from nova_refactor.codemods.plan import ENTRY, Placement, SplitPlan, TargetModule
from nova_refactor.report.terminal.apply import diff_view, grouped, plan_lines


def _plan() -> SplitPlan:
    placements = (
        Placement(1, 1, (), "other", ENTRY, "module docstring, main guard or __all__ stay"),
        Placement(3, 3, ("A",), "config", "app_state", "config: constant"),
        Placement(4, 4, ("B",), "config", "app_state", "config: constant"),
        Placement(6, 9, ("index",), "routes", "routes", "routes: registers GET /"),
    )
    modules = (TargetModule("app_state", "app_state.py", "State", 0),
               TargetModule("routes", "routes.py", "Routes", 3))
    return SplitPlan("split-entrypoint", "/p", "main.py", "main", modules, placements,
                     read_through=(("B", "app_state"),), notes=("a note",))


def test_consecutive_placements_with_one_reason_are_one_row():
    assert [len(g) for g in grouped(_plan().placements)] == [1, 2, 1]
    assert plan_lines(_plan()) == [
        "Plan: split-entrypoint on main.py",
        "  1-1  [other] -> stays: module docstring, main guard or __all__ stay",
        "  3-4 A,B [config] -> app_state: config: constant",
        "  6-9 index [routes] -> routes: routes: registers GET /",
        "  read through: B -> app_state.B",
        "  note: a note",
    ]


def test_diff_is_coloured_by_line_kind():
    console = Console(file=io.StringIO(), width=80, force_terminal=True, color_system="standard")
    console.print(diff_view("--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-old\n+new\n same\n"))
    out = console.file.getvalue()
    assert "\x1b[31m-old" in out and "\x1b[32m+new" in out and "\x1b[36m@@ -1 +1 @@" in out
