"""`apply lock-to-actor --hot` converts what `plan` recommends for an actor: the codemod layer
ranks from the same measured facts with the same rules (it cannot import planning)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.codemods.actor.hot import hot_owners
from nova_refactor.planning.lock_phase import actor_owners

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("example", ["rust_monolith", "rust_axum", "python_monolith"])
def test_hot_owners_are_the_plans_actor_locks(example):
    analysis = analyze([EXAMPLES / example], Options(use_cache=False, jobs=1))
    assert hot_owners(analysis) == actor_owners(analysis)
    assert hot_owners(analysis)  # every example has one


def test_held_across_an_await_ranks_first():
    analysis = analyze([EXAMPLES / "rust_monolith"], Options(use_cache=False, jobs=1))
    assert hot_owners(analysis)[0] == "StreamService.state"
