"""Fuzz analyze's per-file path and the split planner with hypothesmith programs, at a size the
suite cannot afford (the suite's `tests/fuzz/` runs a bounded, derandomised slice).

Usage: python benchmarks/fuzz.py [--programs N] [--planned N] [--seed S]
Needs the test extras (hypothesis, hypothesmith). `--programs` grammar-generated programs go
through the per-file analysis (decode, parse, radon-exact metrics, anatomy, routes, locks);
`--planned` CST-generated programs go through analysis plus the split planner and renderer.
A crash is an exception that is not one of the product's one-line errors, or an error
diagnostic on a program Python itself accepts. Prints the counts; exit 1 on any crash.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hypothesmith  # noqa: E402
from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

from tests.fuzz.programs import is_python, per_file, planner  # noqa: E402


def run(name: str, strategy, check: Callable[[str], None], count: int, chosen: int) -> int:
    """Programs generated and checked; crashes are printed (first line and program)."""
    seen = {"programs": 0, "valid": 0, "crashes": 0}
    started = time.perf_counter()

    @seed(chosen)
    @settings(max_examples=count, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def one(source: str) -> None:
        seen["programs"] += 1
        seen["valid"] += is_python(source)
        if seen["programs"] % 250 == 0:  # a long run can be read while it goes
            print(f"  {name}: {seen['programs']} programs, {seen['crashes']} crashes, "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
        try:
            check(source)
        except Exception as err:  # everything a user would see as a traceback
            seen["crashes"] += 1
            print(f"CRASH ({name}): {type(err).__name__}: {err}\n{source!r}", file=sys.stderr)
            traceback.print_exc(limit=3)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one()
    print(f"{name}: {seen['programs']} programs ({seen['valid']} valid Python), "
          f"{seen['crashes']} crashes, {time.perf_counter() - started:.0f} s")
    return seen["crashes"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=5000)
    parser.add_argument("--planned", type=int, default=500)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    crashes = run("per-file analysis", hypothesmith.from_grammar(), per_file, args.programs,
                  args.seed)
    crashes += run("split planner", hypothesmith.from_node(), planner, args.planned, args.seed)
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
