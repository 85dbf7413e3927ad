"""Each codemod on small real projects: exact after-trees, and identical behaviour.

The probe of a case prints what must not change (URL map, endpoint names, hooks, CLI help and
exit codes, threads, rebinding from outside, star imports); it runs on the original project
and on the split one, and the outputs must be identical.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nova_refactor.report.terminal.apply import plan_lines
from tests.codemods.harness import GOLDEN, assert_golden, probe, split_case
from tests.helpers import propose

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "python_monolith"

CASES = ["flask_app", "fastapi_app", "click_cli", "typer_cli", "workers", "star_all",
         "global_in_main", "package_init", "flask_factory"]


@pytest.mark.parametrize("case", CASES)
def test_split_entrypoint_keeps_behaviour(tmp_path, update_goldens, case):
    split = split_case(tmp_path, case)
    assert_golden(split, case, update_goldens)
    before, after = probe(split.before), probe(split.after)
    assert before.startswith("exit=0"), before
    assert after == before
    assert split.text(split.proposal.plan.entrypoint).count("\n") < 100


@pytest.mark.parametrize("codemod", ["extract-state", "extract-routes", "extract-cli"])
def test_single_extractions_keep_behaviour(tmp_path, update_goldens, codemod):
    split = split_case(tmp_path, "flask_app", codemod)
    assert_golden(split, "flask_app", update_goldens)
    assert probe(split.after) == probe(split.before)


@pytest.mark.parametrize("codemod", ["extract-services", "extract-background"])
def test_extraction_with_nothing_of_its_kind_changes_nothing(tmp_path, codemod):
    split = split_case(tmp_path, "flask_app", codemod)
    assert split.proposal.changeset.empty
    assert split.outcome.entry is None
    assert (split.after / "main.py").read_bytes() == (split.before / "main.py").read_bytes()


def test_background_extraction_keeps_thread_start_and_effect_order(tmp_path):
    split = split_case(tmp_path, "workers", "extract-background")
    assert "WORKER = start_workers()" in split.text("background.py")
    assert probe(split.after) == probe(split.before)


def test_example_split_matches_its_reviewed_golden_tree(update_goldens):
    """The bundled monolith's split, file by file (behaviour: test_example_split.py)."""
    proposal = propose("split-entrypoint", EXAMPLE)
    folder = GOLDEN / "python_monolith" / "split-entrypoint"
    texts = {c.path: c.after.decode() for c in proposal.changeset.changes}
    if update_goldens:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for path, text in texts.items():
            (folder / path).write_text(text, encoding="utf-8")
        (folder / "PLAN.txt").write_text("\n".join(plan_lines(proposal.plan)) + "\n")
    assert sorted(p.name for p in folder.glob("*.py")) == sorted(texts)
    for path, text in texts.items():
        assert text == (folder / path).read_text(encoding="utf-8"), path
    assert (folder / "PLAN.txt").read_text() == "\n".join(plan_lines(proposal.plan)) + "\n"
