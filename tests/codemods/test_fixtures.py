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
