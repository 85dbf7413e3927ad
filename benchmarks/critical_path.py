"""The cold run's critical path from CPU times: a wall-time estimate that load barely moves.

Usage: python benchmarks/critical_path.py TREE [TREE...] [--rust DIR] [--repeat N]
Trees as for `ab.py` (folders holding a `nova_refactor` package); Django by default, or DIR.

On 2 cores a cold `analyze --no-cache` is: this process alone (start-up, discovery, imports)
until it forks, both processes parsing, this process alone again (assembly, JSON, exit). With
both cores free, wall ~ serial + parallel / 2, which needs no wall clock:

    model = CPU before the fork + CPU after the last result + (CPU of both in between) / 2

`wall` is printed too, but on a shared machine it mostly measures the other jobs; CPU
times move with load far less, and interleaving the trees cancels most of what is left.
A run is timed by a wrapper that hooks `sharing.shared` (the fork and the last result);
the cold run is otherwise the one `ab.py` times.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run import tree_comparison  # benchmarks/ is the script's dir

# Run in the child interpreter: the analysis with `sharing.shared` timed, then the model.
HOOK = """
import atexit, resource, sys, time
start = time.perf_counter()
import nova_refactor.analysis.run.sharing as sharing
marks = {}
def report():
    end = time.process_time()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if "join" not in marks:  # a small tree is analysed in this process alone
        print("CRITICAL none", file=sys.stderr)
        return
    pre, par = marks["fork"], marks["join"] - marks["fork"]
    child, post = usage.ru_utime + usage.ru_stime, end - marks["join"]
    print(f"CRITICAL {pre:.4f} {par:.4f} {child:.4f} {post:.4f} {time.perf_counter() - start:.4f}",
          file=sys.stderr)
atexit.register(report)
original = sharing.shared
def shared(*args, **kwargs):
    marks["fork"] = time.process_time()
    yield from original(*args, **kwargs)
    marks["join"] = time.process_time()
sharing.shared = shared
from nova_refactor.cli.entry import main
sys.argv = ["nova-refactor", *sys.argv[1:]]
main()
"""
FIELDS = ("pre", "parallel", "child", "post", "wall")


def one_run(tree: Path, target: str, env: dict[str, str]) -> dict[str, float]:
    run_env = {**env, "PYTHONPATH": str(tree),
               "NOVA_REFACTOR_CACHE_DIR": tempfile.mkdtemp(prefix="cp-")}
    done = subprocess.run(
        [sys.executable, "-c", HOOK, "analyze", target, "--format", "json", "-o", os.devnull,
         "--no-cache"], env=run_env, capture_output=True, text=True, cwd=tempfile.gettempdir())
    if "CRITICAL none" in done.stderr:
        sys.exit(f"error: {tree}: {target} was analysed in one process (too few files to"
                 " fork): there is no critical path to model; give a larger folder")
    found = re.search(r"CRITICAL ([\d. ]+)", done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"error: {tree}: {done.stderr[-2000:]}")
    values = dict(zip(FIELDS, map(float, found.group(1).split()), strict=True))
    values["model"] = (values["pre"] + values["post"]
                       + (values["parallel"] + values["child"]) / 2)
    return values


def main() -> None:
    args, target, env = tree_comparison(__doc__.splitlines()[0], repeat=9, min_trees=1)
    trees = [tree.resolve() for tree in args.trees]
    for tree in trees:
        one_run(tree, target, env)  # byte-compiles the tree; warms the page cache
    print(f"5-minute load average at the start {os.getloadavg()[1]:.2f}")
    samples: dict[Path, list[dict[str, float]]] = {tree: [] for tree in trees}
    for _ in range(args.repeat):  # interleaved: drift hits every tree alike
        for tree in trees:
            samples[tree].append(one_run(tree, target, env))
    base = statistics.median(s["model"] for s in samples[trees[0]])
    for tree, runs in samples.items():
        med = {key: statistics.median(s[key] for s in runs) * 1000 for key in (*FIELDS, "model")}
        print(f"{tree.name:<16} model {med['model']:6.1f} ms ({med['model'] / base / 1000:.3f}x"
              f" base)  before fork {med['pre']:5.1f}  parallel {med['parallel']:5.1f} + child"
              f" {med['child']:5.1f}  after {med['post']:5.1f}  (wall {med['wall']:6.0f})")
    print(f"5-minute load average at the end {os.getloadavg()[1]:.2f}")


if __name__ == "__main__":
    main()
