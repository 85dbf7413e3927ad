"""Time `apply split-entrypoint` planning + diff (what a dry run does) on an entrypoint.

    python benchmarks/split_bench.py [PROJECT] [--repeat N]

Default project: examples/python_monolith (a 1,721-line main.py). Prints the best of N runs of
`propose` (analysis with a warm cache, scope analysis, placement, rendering) plus the diff.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from nova_refactor.codemods import runner

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", nargs="?", default=str(ROOT / "examples" / "python_monolith"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        proposal = runner.propose("split-entrypoint", Path(args.project))
        diff = proposal.changeset.diff()
        times.append(time.perf_counter() - start)
    lines = (Path(args.project) / proposal.plan.entrypoint).read_text().count("\n")
    print(f"{proposal.plan.entrypoint}: {lines} lines, {len(proposal.plan.placements)} "
          f"statements, diff {diff.count(chr(10))} lines; plan + diff best "
          f"{min(times):.2f} s, median {sorted(times)[len(times) // 2]:.2f} s")


if __name__ == "__main__":
    main()
