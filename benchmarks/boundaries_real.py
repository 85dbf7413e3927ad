"""How close is `boundaries` to a split a team really made? MoJoFM against hand-taken truth.

Usage: python benchmarks/boundaries_real.py nova-user-service=/path/to/checkout/backend/user-service

Each truth file in benchmarks/boundaries_truth/ maps the modules of a service before its team
split it to the service (or the shared library) that holds them after the split; modules the
truth leaves out (composition roots every new service copied, modules dropped without an heir)
are not scored. The checkout must be the truth's `before` commit. Prints MoJoFM (100 = the
team's split) for the default proposal and for `--services K`, K the team's count.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from benchmarks.mojo import mojofm  # noqa: E402
from nova_refactor.analysis.boundaries.model import BoundaryOptions, Proposal  # noqa: E402
from nova_refactor.analysis.boundaries.propose import propose  # noqa: E402
from nova_refactor.analysis.run.pipeline import Options, analyze  # noqa: E402

TRUTH = HERE / "boundaries_truth"


def load_truth(case: str) -> dict[str, str]:
    """module -> the service the team put it in."""
    doc = json.loads((TRUTH / f"{case}.json").read_text())
    return {m: service for service, modules in doc["services"].items() for m in modules}


def placed(proposal: Proposal) -> dict[str, str]:
    return {p.path: p.group for p in proposal.placements}


def score(proposal: Proposal, truth: dict[str, str]) -> tuple[float, int]:
    found = placed(proposal)
    missing = sorted(set(truth) - set(found))
    if missing:
        raise SystemExit(f"{len(missing)} truth module(s) not in the analysis, e.g. {missing[0]}:"
                         " is the checkout at the truth's `before` commit?")
    return mojofm({m: found[m] for m in truth}, truth), len(proposal.services)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="+", metavar="CASE=PATH")
    args = parser.parse_args()
    for item in args.cases:
        case, _, path = item.partition("=")
        truth = load_truth(case)
        analysis = analyze([Path(path)], Options())
        teams = len(set(truth.values()) - {"shared"})
        print(f"{case}: {len(truth)} modules scored, the team made {teams} services + a library")
        for label, options in [("default", BoundaryOptions(history=False)),
                               (f"--services {teams}", BoundaryOptions(history=False,
                                                                       services=teams))]:
            value, count = score(propose(analysis, options, Path(path)), truth)
            print(f"  {label:<14} MoJoFM {value:6.2f}   ({count} services)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
