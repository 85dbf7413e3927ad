"""A/B: `nova-refactor analyze` from two or more source trees, alternately with `radon cc`.

Usage: python benchmarks/ab.py BASE_TREE NEW_TREE [MORE_TREES...] [--repeat N]
A tree is a folder holding a `nova_refactor` package, e.g. `git archive REV nova_refactor rules
| tar -x -C /tmp/base`. All run with this Python (`PYTHONPATH=TREE python -m nova_refactor`),
on Django, byte-compiled first, each with its own cache folder, named by its folder; each
is also compared with the first. Run `run.py` once before, for the corpus.
With `--rust DIR`: cold runs only, on DIR, against `lizard -l rust DIR` instead of `radon cc`.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import find_command, tree_comparison  # benchmarks/ is the script's dir

NEUTRAL = tempfile.mkdtemp(prefix="ab-cwd-")


def timed(argv: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """(wall s, CPU s) of one run, stdout discarded."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        os.chdir(NEUTRAL)  # `python -m` puts the working directory first on sys.path
        os.execve(argv[0], argv, env)
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) not in ok:
        sys.exit(f"error: {' '.join(argv)} failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def tools(trees: dict[str, Path], target: str, env: dict[str, str], rust: bool) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    for name, tree in trees.items():
        compileall.compile_dir(tree / "nova_refactor", quiet=1)
        check = subprocess.run(
            [sys.executable, "-c", "import nova_refactor; print(nova_refactor.__file__)"],
            env={**env, "PYTHONPATH": str(tree)}, cwd=NEUTRAL, capture_output=True, text=True,
        )
        if not check.stdout.startswith(str(tree)):
            sys.exit(f"error: {tree} is not the nova_refactor Python imports: {check.stdout}")
        for mode in ("cold",) if rust else ("cold", "warm"):
            run_env = {**env, "PYTHONPATH": str(tree),
                       "NOVA_REFACTOR_CACHE_DIR": tempfile.mkdtemp(prefix=f"ab-{name}-")}
            argv = [sys.executable, "-m", "nova_refactor", "analyze", target, "--format", "json",
                    "-o", os.devnull, *(["--no-cache"] if mode == "cold" else [])]
            timed(argv, run_env)  # fills the warm cache; warms the page cache
            found[f"{name} {mode}"] = (argv, run_env)
    baseline = find_command("lizard", "lizard") if rust else find_command("radon", "radon")
    if baseline is None:
        sys.exit("error: radon or lizard not found; pip install -e '.[bench]'")
    # the baseline's name ends in "cc": it is what every figure is compared with
    if rust:
        found["lizard cc"] = ([*baseline, "-l", "rust", target], env)
    else:
        found["radon cc"] = ([*baseline, "cc", target], env)
    return found


def main() -> None:
    args, target, env = tree_comparison(__doc__.splitlines()[0], repeat=5, min_trees=2)
    print(f"5-minute load average at the start {os.getloadavg()[1]:.2f}")
    runs = tools({tree.name: tree.resolve() for tree in args.trees}, target, env,
                 args.rust is not None)
    cc = "lizard cc" if args.rust is not None else "radon cc"
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(args.repeat):  # round-robin: drift hits every tool alike
        for name, (argv, run_env) in runs.items():
            # lizard exits 1 when some function is over its warning thresholds
            samples[name].append(timed(argv, run_env, ok=(0, 1) if name == cc else (0,)))
    wall_cc = statistics.median(w for w, _ in samples[cc])
    cpu_cc = statistics.median(c for _, c in samples[cc])
    base = args.trees[0].name
    for name, values in samples.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        mode = name.rpartition(" ")[2]
        base_wall = statistics.median(w for w, _ in samples.get(f"{base} {mode}", values))
        print(f"{name:<22} wall {wall:.3f} s ({wall / wall_cc:.3f}x cc, {wall / base_wall:.3f}x"
              f" base, best {min(w for w, _ in values):.3f} s)  CPU {cpu:.2f} s"
              f" ({cpu / cpu_cc:.2f}x)")
    print(f"5-minute load average at the end {os.getloadavg()[1]:.2f}")


if __name__ == "__main__":
    main()
