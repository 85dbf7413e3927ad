"""Each codemod on small real projects: exact after-trees, and identical behaviour.

The probe of a case prints what must not change (URL map, endpoint names, hooks, CLI help and
exit codes, threads, rebinding from outside, star imports); it runs on the original project
and on the split one, and the outputs must be identical.
"""

from __future__ import annotations

import pytest

from tests.codemods.harness import assert_golden, probe, split_case

CASES = ["flask_app", "fastapi_app", "click_cli", "typer_cli", "workers", "star_all"]


@pytest.mark.parametrize("case", CASES)
def test_split_entrypoint_keeps_behaviour(tmp_path, update_goldens, case):
    split = split_case(tmp_path, case)
    assert_golden(split, case, update_goldens)
    before, after = probe(split.before), probe(split.after)
    assert before.startswith("exit=0"), before
    assert after == before
    assert split.text("main.py").count("\n") < 100


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
