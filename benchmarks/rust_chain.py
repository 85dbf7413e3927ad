"""The Rust index on long binary-operator chains: linear in the chain's length.

Each `+` of `a + a + ... + a` is the left child of the next, so the tree is as deep as the
chain is long. A query pattern that waits for a field of such a node kept one pending match
per open ancestor (20,000 terms in 40 KB: 22.6 s). Usage: python benchmarks/rust_chain.py
Prints parse + index time per size and the whole per-file analysis of the largest; exit 1 when
a 100 KB chain takes 1 s or more to parse and index, or time grows faster than linearly.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nova_refactor.frontends.dispatch import analyze_file  # noqa: E402
from nova_refactor.frontends.rust import syntax  # noqa: E402
from nova_refactor.frontends.rust.index import Index  # noqa: E402

LIMIT_S = 1.0


def chain(size_bytes: int) -> bytes:
    terms = size_bytes // 4  # "a + " per term
    return ("fn main() {\n    let x = " + " + ".join(["a"] * terms) + ";\n}\n").encode()


def indexed(data: bytes, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        Index(syntax.parse(data).root_node)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    sizes = (25_000, 50_000, 100_000, 200_000)
    seconds = {size: indexed(chain(size)) for size in sizes}
    for size, took in seconds.items():
        print(f"{size // 1000:>4} KB chain ({size // 4:>6} terms): parse + index {took:.3f} s")
    data = chain(100_000)
    started = time.perf_counter()
    analyze_file("main.rs", "rust", data, "", False)
    print(f" 100 KB chain: whole per-file analysis {time.perf_counter() - started:.2f} s")
    growth = seconds[200_000] / max(seconds[50_000], 1e-9)  # 4x the input
    print(f"time for 4x the input: {growth:.1f}x (quadratic would be about 16x)")
    return 0 if seconds[100_000] < LIMIT_S and growth < 8 else 1


if __name__ == "__main__":
    raise SystemExit(main())
