"""Time `apply split-entrypoint` planning + diff (what a dry run does) on an entrypoint.

    python benchmarks/split_bench.py [PROJECT] [--entrypoint FILE] [--repeat N]

Default project: examples/python_monolith (a 1,721-line main.py). Prints the best of N runs of
`propose` (analysis with a warm cache, scope analysis, placement, rendering) plus the diff.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from nova_refactor import api

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", nargs="?", default=str(ROOT / "examples" / "python_monolith"))
    parser.add_argument("--entrypoint", default=None, help="FILE inside PROJECT (default: "
                        "the one apply would pick)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    times, cpu = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        proposal = api.apply("split-entrypoint", Path(args.project), entrypoint=args.entrypoint)
        diff = proposal.changeset.diff()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)  # what a loaded machine does not inflate
    lines = (Path(args.project) / proposal.plan.entrypoint).read_text().count("\n")
    modules = len(proposal.plan.used_modules())
    print(f"{proposal.plan.entrypoint}: {lines} lines, {len(proposal.plan.placements)} "
          f"statements, {modules} modules, diff {diff.count(chr(10))} lines; plan + diff best "
          f"{min(times):.2f} s, median {sorted(times)[len(times) // 2]:.2f} s; CPU best "
          f"{min(cpu):.2f} s (load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
