"""hypothesmith programs through analyze's per-file path and the split planner: no crash.
Bounded and derandomised, so the suite stays fast and repeatable; `benchmarks/fuzz.py` runs
thousands."""

from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
hypothesmith = pytest.importorskip("hypothesmith")

from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.fuzz.programs import per_file, planner  # noqa: E402


def bounded(examples: int) -> settings:
    return settings(max_examples=examples, derandomize=True, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@bounded(60)
@given(hypothesmith.from_grammar())
def test_per_file_analysis_never_crashes(source: str) -> None:
    per_file(source)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@bounded(12)
@given(hypothesmith.from_node())
def test_split_planner_never_crashes(source: str) -> None:
    planner(source)


@pytest.mark.parametrize("source", [
    "x = (1,  # a\x0b b (\n 2)\n",
    "x = [1,  # a\x1c b [\n 2]\n",
    "x = (1,  # a\x85 b (\n 2)\n",
    "x = (1,  # a\u2028 b (\n 2)\n",
    "x = 1  # a\x0b b \\\ny = 2\n",
    "\u2118 = 1; y = 2\n",
    "x = 1 + \\\r\n  2\r\ny = 3 \\\r\n",
])
def test_inputs_radon_cannot_tokenize(source: str) -> None:
    per_file(source)
    planner(source)
