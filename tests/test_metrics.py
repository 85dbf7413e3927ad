"""Line counts and maintainability index agree with radon's own functions."""

from __future__ import annotations

from pathlib import Path

import pytest
from radon.metrics import mi_visit
from radon.raw import analyze

from tests.helpers import facts_of

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "python_monolith"
PACKAGE = EXAMPLE.parents[1] / "nova_refactor"
SOURCES = sorted(EXAMPLE.rglob("*.py")) + sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_lines_and_mi_match_radon(path: Path) -> None:
    code = path.read_text()
    facts = facts_of(code, path.name)
    raw = analyze(code)
    assert facts.lines.physical == raw.loc
    assert facts.lines.code == raw.sloc
    assert facts.lines.blank == raw.blank
    assert facts.lines.logical == raw.lloc
    assert facts.maintainability == pytest.approx(mi_visit(code, True), abs=0.01)


def test_line_partition_adds_up() -> None:
    code = '"""Doc\nstring."""\n\n# comment\nx = 1  # trailing\n\n\ndef f():\n    return x\n'
    lines = facts_of(code).lines
    assert lines.physical == 9
    assert lines.blank == 3
    assert lines.comment == 3  # two docstring lines and one comment-only line
    assert lines.code + lines.comment + lines.blank == lines.physical


def test_functions_carry_spans_async_and_method_flags() -> None:
    facts = facts_of("class A:\n    async def m(self):\n        await x()\n        return 1\n")
    (method,) = facts.functions
    assert (method.name, method.line, method.end_line) == ("A.m", 2, 4)
    assert method.is_async and method.is_method
