"""Build a migration plan: derive every phase from measured facts (gathered by `app/plan.py`).

The analysis, the boundaries proposal, the codemod planner and the gate's rules are the same
code the `analyze`, `boundaries`, `apply` and `check` commands run, so the plan states what
those commands would say.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nova_refactor.analysis.boundaries.model import Proposal
from nova_refactor.config import GateConfig
from nova_refactor.gate.coverage import CoverageReport
from nova_refactor.model import Analysis
from nova_refactor.planning.adr import adrs
from nova_refactor.planning.entry_phase import entry_phase
from nova_refactor.planning.gaps import find_gaps
from nova_refactor.planning.lock_phase import lock_phase
from nova_refactor.planning.metrics import criteria, metrics
from nova_refactor.planning.model import MigrationPlan


@dataclass(frozen=True, slots=True)
class PlanInputs:
    """What a plan is derived from, gathered once by the use case (`app/plan.py`)."""

    root: Path
    config: GateConfig  # the pack whose limits are the targets
    analysis: Analysis  # of `root`, with the configuration's excludes
    coverage: CoverageReport | None  # Phase 4 ranks by it when given
    proposal: Proposal  # the boundaries, as `boundaries` proposes them


def build_plan(inputs: PlanInputs) -> MigrationPlan:
    root, config, analysis, coverage = inputs.root, inputs.config, inputs.analysis, \
        inputs.coverage
    entry = entry_phase(analysis, root, _max_lines(config, "entrypoint-size"),
                        _max_lines(config, "file-size"))
    locks = lock_phase(analysis)
    rules, notes = criteria(analysis, config, root, coverage)
    return MigrationPlan(
        name=root.name, pack=config.pack, analysis=analysis, entry=entry, locks=locks,
        proposal=inputs.proposal, gaps=find_gaps(analysis, coverage),
        metrics=metrics(analysis, config, coverage), criteria=rules,
        adrs=adrs(analysis, entry, locks, inputs.proposal, root.name),
        gate_notes=notes,
    )


def _max_lines(config: GateConfig, rule: str) -> int | None:
    options = config.options_for(rule, "")
    return options["max_lines"] if options else None
