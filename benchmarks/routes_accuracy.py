"""Route inventory accuracy against the framework's own route table, per corpus.

    python benchmarks/routes_accuracy.py TRUTH.json CHECKOUT_PATH [TRUTH.json CHECKOUT_PATH ...]

A truth file (`benchmarks/routes_truth/*.json`) holds what the framework itself registered
(Flask `app.url_map`, FastAPI/Starlette `app.routes`, or a table built by hand for Rust):

    {"corpus": "...", "source": "owner/repo@commit subdir", "framework": "flask",
     "how": "one sentence", "routes": [{"method": "GET", "path": "/p", "endpoint": "e"}]}

Paths are compared as the framework prints them. Our side is `nova-refactor routes --format
json` on the checkout path: this script runs our tool only, never the fetched code. A found
route counts when it is mounted and resolved; (method, path) pairs are matched as multisets,
so a route we list twice is one invention.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

Pair = tuple[str, str]  # (method, path)


@dataclass(frozen=True)
class Score:
    corpus: str
    truth: int
    found: int  # every route our tool lists, mounted or not
    mounted: int  # the ones it counts: mounted and resolved
    unresolved: int
    true_positives: int
    endpoints_agree: int  # true positives whose endpoint is the framework's too
    misses: list[Pair] = field(default_factory=list)
    inventions: list[Pair] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.mounted if self.mounted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.truth if self.truth else 1.0


def counted(route: dict) -> bool:
    """Our tool counts a route when it is mounted and nothing in it is left unresolved."""
    return bool(route.get("mounted", True)) and not route.get("unresolved")


def score(truth: dict, found: list[dict]) -> Score:
    expected = Counter((r["method"], r["path"]) for r in truth["routes"])
    ours = [r for r in found if counted(r)]
    got = Counter((r["method"], r["path"]) for r in ours)
    hits = expected & got
    endpoints = Counter((r["method"], r["path"], r["endpoint"]) for r in truth["routes"])
    agree = endpoints & Counter((r["method"], r["path"], r["endpoint"]) for r in ours)
    return Score(
        corpus=truth["corpus"],
        truth=sum(expected.values()),
        found=len(found),
        mounted=len(ours),
        unresolved=sum(1 for r in found if r.get("unresolved")),
        true_positives=sum(hits.values()),
        endpoints_agree=sum(agree.values()),
        misses=sorted((expected - got).elements()),
        inventions=sorted((got - expected).elements()),
    )


def our_routes(checkout: Path) -> list[dict]:
    """`nova-refactor routes --format json CHECKOUT` (cache off: a checkout is read once)."""
    command = [sys.executable, "-m", "nova_refactor", "routes", str(checkout), "--format", "json",
               "--no-cache"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"routes_accuracy: {checkout}: {done.stderr.strip()}")
    return json.loads(done.stdout)["routes"]


def render(result: Score) -> str:
    lines = [
        f"{result.corpus}: truth {result.truth}, found {result.found}, mounted {result.mounted}, "
        f"unresolved {result.unresolved}, true positives {result.true_positives}, "
        f"precision {result.precision:.1%}, recall {result.recall:.1%}, "
        f"endpoints agree {result.endpoints_agree}/{result.true_positives}"
    ]
    lines += [f"  missed   {method} {path}" for method, path in result.misses]
    lines += [f"  invented {method} {path}" for method, path in result.inventions]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv or len(argv) % 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    for truth_file, checkout in zip(argv[::2], argv[1::2], strict=True):
        truth = json.loads(Path(truth_file).read_text(encoding="utf-8"))
        print(render(score(truth, our_routes(Path(checkout)))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
