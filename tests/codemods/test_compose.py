"""Extractions compose: one codemod after another ends where both together would, the result
behaves like the original, and `undo` steps back one codemod at a time."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from nova_refactor.codemods import runner
from nova_refactor.codemods.registry import codemod_named
from nova_refactor.errors import UsageError
from tests.codemods.harness import CASES, probe
from tests.helpers import propose

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "python_monolith"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".nova-refactor" not in p.parts and "__pycache__" not in p.parts}


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _apply(root: Path, codemod: str, verify: str | None = None) -> runner.Outcome:
    return runner.write(propose(codemod, root), verify=verify)


def test_joined_names_are_one_codemod_in_layer_order():
    joined = codemod_named("extract-routes+extract-state")
    assert joined.name == "extract-state+extract-routes"
    assert joined.modules == ("app_state", "routes")
    every = "+".join(["extract-cli", "extract-routes", "extract-background",
                      "extract-services", "extract-state"])
    assert codemod_named(every).name == "split-entrypoint"
    with pytest.raises(UsageError, match="extract-nothing"):
        codemod_named("extract-state+extract-nothing")


def test_one_after_another_equals_both_at_once(tmp_path):
    stepwise = _copy(CASES / "flask_app" / "before", tmp_path / "stepwise")
    together = _copy(CASES / "flask_app" / "before", tmp_path / "together")
    original = _tree(stepwise)
    first = _apply(stepwise, "extract-state")
    second = propose("extract-routes", stepwise)
    assert second.plan.codemod == "extract-state+extract-routes"
    assert first.entry is not None and first.entry.id in second.plan.notes[0]
    runner.write(second)
    _apply(together, "extract-state+extract-routes")
    assert _tree(stepwise) == _tree(together)
    assert probe(stepwise) == probe(CASES / "flask_app" / "before")

    runner.undo(stepwise)  # back to the state after extract-state only
    assert "app_state.py" in _tree(stepwise) and "routes.py" not in _tree(stepwise)
    runner.undo(stepwise)
    assert _tree(stepwise) == original


def test_a_codemod_that_adds_nothing_changes_nothing(tmp_path):
    root = _copy(CASES / "flask_app" / "before", tmp_path / "app")
    _apply(root, "extract-state+extract-routes")
    again = propose("extract-routes", root)
    assert again.changeset.empty
    assert any("already split" in note for note in again.plan.notes)


def test_an_edit_after_the_split_is_never_overwritten(tmp_path):
    root = _copy(CASES / "flask_app" / "before", tmp_path / "app")
    _apply(root, "extract-state")
    edited = root / "app_state.py"
    edited.write_text(edited.read_text() + "# a hand edit\n")
    with pytest.raises(UsageError, match="app_state.py changed since .* would lose the edit"):
        propose("extract-routes", root)
    assert edited.read_text().endswith("# a hand edit\n")


@pytest.mark.slow
def test_stepwise_extractions_on_the_example_end_at_the_full_split(tmp_path):
    root = _copy(EXAMPLE, tmp_path / "stepwise")
    full = _copy(EXAMPLE, tmp_path / "full")
    original = _tree(root)
    verify = f"{sys.executable} -m pytest -q -p no:cacheprovider tests"
    for codemod in ("extract-state", "extract-routes", "extract-background"):
        _apply(root, codemod)
    last = _apply(root, "extract-services+extract-cli", verify=verify)
    assert "passed" in last.verify_output
    _apply(full, "split-entrypoint")
    assert _tree(root) == _tree(full)
    for _ in range(4):
        runner.undo(root)
    assert _tree(root) == original
