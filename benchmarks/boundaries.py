"""How well do `boundaries` proposals recover real package boundaries? And how fast are they?

Usage: python benchmarks/boundaries.py [--corpus django] [--repeat 5]

1. Downloads the corpus sdist once into benchmarks/.corpus (pip download, as run.py does).
2. Analyses its package, then hides the package structure: every file gets an opaque name
   (`m0042.py`) and import statements lose the module they name and their leading dots, so
   only the import graph and the identifiers in the code are left - no folders, no path
   tokens, no markers. Six corpora by default (Django, Sphinx, Celery, SQLAlchemy, Scrapy,
   NetworkX); the known package of a file is its first folder (`contrib/<app>` for Django).
3. Proposes services on the hidden graph (default settings, and with `--services K` for the
   K known packages) and scores them against the real packages with MoJoFM (Wen & Tzerpos
   2004): 100 = identical, 0 = as far as any partition can be.
4. Times `propose()` on the full, unhidden analysis (the "after analysis" cost).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from run import CORPORA, fetch_sdist, unpack  # noqa: E402

from benchmarks.mojo import mojofm  # noqa: E402
from nova_refactor.analysis.boundaries.model import BoundaryOptions  # noqa: E402
from nova_refactor.analysis.boundaries.propose import propose  # noqa: E402
from nova_refactor.analysis.run.pipeline import Options, analyze  # noqa: E402
from nova_refactor.model import Analysis, FileFacts, Offenders  # noqa: E402

# Extra corpora for the recovery score (the speed figure always uses Django, as run.py does).
EXTRA = {"sphinx": ("sphinx", "8.1", "sphinx"), "celery": ("celery", "5.4", "celery"),
         "sqlalchemy": ("sqlalchemy", "2.0", "lib/sqlalchemy"),
         "scrapy": ("scrapy", "2.19", "scrapy"), "networkx": ("networkx", "3.4", "networkx")}
DEFAULT = ["django", "sphinx", "celery", "sqlalchemy", "scrapy", "networkx"]
# Known boundaries: the first folder of the package, and the app inside django/contrib.
SPLIT_DEEPER = {"contrib"}


def package_of(path: str) -> str:
    parts = path.split("/")[:-1]
    if not parts:
        return "(top)"
    if parts[0] in SPLIT_DEEPER and len(parts) > 1:
        return "/".join(parts[:2])
    return parts[0]


def hide(analysis: Analysis) -> tuple[Analysis, dict[str, str]]:
    """The same graph with opaque file names; returns it and opaque -> real."""
    order = sorted(f.path for f in analysis.files)
    order.sort(key=lambda p: hashlib.sha256(p.encode()).hexdigest())  # no folder order leaks
    opaque = {p: f"m{i:04d}.py" for i, p in enumerate(order)}
    files = tuple(_scrub(f, opaque[f.path]) for f in analysis.files)
    imports = tuple(dataclasses.replace(e, source=opaque[e.source], target=opaque[e.target])
                    for e in analysis.imports)
    entries = tuple(dataclasses.replace(e, path=opaque[e.path]) for e in analysis.entrypoints)
    summary = dataclasses.replace(analysis.summary, entrypoints=(), largest_file=None)
    hidden = dataclasses.replace(analysis, files=files, imports=imports, entrypoints=entries,
                                 routes=(), locks=(), diagnostics=(), summary=summary,
                                 offenders=Offenders((), (), ()))
    return hidden, {v: k for k, v in opaque.items()}


def _scrub(facts: FileFacts, path: str) -> FileFacts:
    """Opaque path; import statements keep their names but lose the module they name and their
    dots (both spell the package structure); nothing else that holds a path or a URL."""
    imports = tuple(dataclasses.replace(i, module="", level=0) for i in facts.imports)
    return dataclasses.replace(facts, path=path, imports=imports, diagnostics=(), routes=(),
                               routers=(), mounts=(), locks=())


def clusters_of(proposal, real: dict[str, str]) -> dict[str, str]:
    found = {real[p.path]: p.group for p in proposal.placements}
    return found


def score(analysis: Analysis, options: BoundaryOptions) -> tuple[float, int, float]:
    hidden, real = hide(analysis)
    started = time.perf_counter()
    proposal = propose(hidden, options)
    seconds = time.perf_counter() - started
    truth = {p: package_of(p) for p in real.values()}
    return mojofm(clusters_of(proposal, real), truth), len(proposal.services), seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted({**CORPORA, **EXTRA}), action="append",
                        help="corpus to score (repeatable; default: all six)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for corpus in args.corpus or DEFAULT:
        recovery(corpus)
    django = _load(*CORPORA["django"])
    times, cpu = [], []
    for _ in range(args.repeat):
        started, used = time.perf_counter(), time.process_time()
        proposal = propose(django, BoundaryOptions(history=False))
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    print(f"\nboundaries after analysis on Django ({len(django.files)} modules, "
          f"{len(django.imports)} import edges): median {statistics.median(times):.3f} s wall, "
          f"{statistics.median(cpu):.3f} s CPU over {args.repeat} runs (target < 1 s); "
          f"{len(proposal.services)} services, shared library {len(proposal.shared.modules)} "
          "modules")
    return 0


def _load(project: str, version: str, package: str) -> Analysis:
    return analyze([unpack(fetch_sdist(project, version)) / package], Options())


def recovery(corpus: str) -> None:
    project, version, package = {**CORPORA, **EXTRA}[corpus]
    analysis = _load(project, version, package)
    packages = {package_of(f.path) for f in analysis.files}
    print(f"\n{project} {version}: {len(analysis.files)} modules, {len(analysis.imports)} "
          f"import edges, {len(packages)} known packages; MoJoFM of the hidden-structure "
          "proposal (100 = identical):")
    for label, options in [
        ("default (imports + similarity)", BoundaryOptions(history=False)),
        ("imports only (similarity 0)", BoundaryOptions(history=False, similarity_weight=0.0)),
        ("greedy modularity", BoundaryOptions(history=False, algorithm="greedy")),
        (f"--services {len(packages)}", BoundaryOptions(history=False, services=len(packages))),
    ]:
        value, count, _ = score(analysis, options)
        print(f"  {label:<32} MoJoFM {value:6.2f}   ({count} services)")


if __name__ == "__main__":
    sys.exit(main())
