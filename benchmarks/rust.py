"""Benchmark `nova-refactor analyze` on Rust against `lizard -l rust`, in the same run.

Corpus: the crate sources Debian's `librust-*-dev` packages install under
/usr/share/cargo/registry (offline, real-world Rust). For a corpus of useful size, once:

    sudo apt-get install -y librust-tokio-dev librust-regex-dev librust-serde-json-dev \\
        librust-syn-dev librust-nom-dev librust-rayon-dev

Usage: python benchmarks/rust.py [--corpus DIR] [--repeat N] [--jobs N] [--strict]
Needs the bench extras (`pip install -e '.[bench]'`, for lizard). Both tools get the same
file set; analyze runs cold (a fresh, empty result cache per run). Medians of wall time (the
target) and of CPU time (less sensitive to other load on a shared machine).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path("/usr/share/cargo/registry")
TARGET_RATIO = 0.5


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="analyze --jobs (0: one per core)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    return parser.parse_args(argv)


def command(script: str) -> list[str]:
    """The tool next to this interpreter (the venv), else on PATH."""
    local = Path(sys.executable).with_name(script)
    found = str(local) if local.exists() else shutil.which(script)
    if found is None:
        raise SystemExit(f"{script} not found: pip install -e '.[bench]'")
    return [found]


def timed(argv: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)
          ) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in ok:
        raise SystemExit(f"{argv[0]} failed ({done.returncode}): {done.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def run(args: argparse.Namespace) -> int:
    corpus = args.corpus.resolve()
    files = sorted(str(p) for p in corpus.rglob("*.rs") if "target" not in p.parts)
    if not files:
        raise SystemExit(f"{corpus}: no .rs files (see the install line in this script)")
    lines = sum(Path(f).read_bytes().count(b"\n") for f in files)
    print(f"corpus: {corpus}, {len(files)} .rs files, {lines} lines, {os.cpu_count()} cores")
    nova = [*command("nova-refactor"), "analyze", str(corpus), "--format", "json", "-o",
            os.devnull, "--jobs", str(args.jobs), "--max-file-size", "100000"]
    lizard = [*command("lizard"), "-l", "rust", str(corpus)]
    times: dict[str, list[tuple[float, float]]] = {
        "nova-refactor analyze (cold)": [], "lizard -l rust": [],
    }
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "NOVA_REFACTOR_CACHE_DIR": cache, "CI": "true"}
            times["nova-refactor analyze (cold)"].append(timed(nova, env))
        # lizard exits 1 when some function is over its warning thresholds
        times["lizard -l rust"].append(timed(lizard, dict(os.environ), ok=(0, 1)))
    medians = {name: statistics.median(w for w, _ in values) for name, values in times.items()}
    cpus = {name: statistics.median(c for _, c in values) for name, values in times.items()}
    ratio = medians["nova-refactor analyze (cold)"] / medians["lizard -l rust"]
    for name, seconds in medians.items():
        print(f"{name:<32} {seconds:8.2f} s wall {cpus[name]:8.2f} s CPU")
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"ratio analyze / lizard: {ratio:.2f}x (target <= {TARGET_RATIO}x: {verdict})")
    return 1 if args.strict and ratio > TARGET_RATIO else 0


def main(argv: list[str] | None = None) -> int:
    return run(parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
