"""extract-common and extract-service behind the codemod protocol (`codemods/protocol.py`):
`plan` reads the proposal and the project (nothing written), `render` gives the changeset,
`verify` the checks the runner runs around its Transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nova_refactor.codemods.extract.apply import ExtractChecks
from nova_refactor.codemods.extract.planner import ExtractPlan, plan_common, plan_service
from nova_refactor.codemods.extract.proposal_file import read_proposal
from nova_refactor.codemods.plan import SplitPlan, TargetModule
from nova_refactor.codemods.protocol import Checked, Proposal, Skipped, Target, WriteSettings
from nova_refactor.codemods.registry import Codemod
from nova_refactor.codemods.transaction import Transaction
from nova_refactor.errors import UsageError
from nova_refactor.vocabulary import SkipKind


class Extract:
    """Python packages, and a Rust library crate (the proposal's files say which)."""

    language = "python or rust"

    def __init__(self) -> None:
        self.planned: ExtractPlan | None = None  # what `verify` checks: render keeps it

    def handles(self, target: Target) -> bool:
        return True

    def plan(self, codemod: Codemod, target: Target, options: Any) -> ExtractPlan:
        if options.proposal is None:
            raise UsageError(f"{codemod.name} needs --proposal FILE (write one with "
                             "`nova-refactor boundaries PATH --format json -o FILE`)")
        proposal = read_proposal(Path(options.proposal))
        shims = bool(getattr(options, "shims", False))
        if codemod.name == "extract-common":
            return plan_common(target.root, proposal, shims=shims)
        if not options.service:
            known = ", ".join(s.name for s in proposal.services) or "none proposed"
            raise UsageError(f"extract-service needs --service NAME (proposed: {known})")
        return plan_service(target.root, proposal, options.service, shims=shims)

    def render(self, planned: ExtractPlan) -> Proposal:
        self.planned = planned
        folder = f"{planned.package.replace('.', '/')}/"
        plan = SplitPlan(codemod=planned.codemod, root=planned.changeset.root,
                         entrypoint=folder, module_name=planned.package, modules=(
                             TargetModule(planned.package, folder, "the new package", 0),),
                         placements=(), notes=(*planned.lines, *(f"check by hand: {line}"
                                                                 for line in planned.reported)),
                         blockers=planned.refusals)
        return Proposal(plan, planned.changeset,
                        skipped=tuple(Skipped(SkipKind.REVIEW, line) for line in planned.reported),
                        implementation=self)

    def verify(self, proposal: Proposal, settings: WriteSettings) -> Checks:
        assert self.planned is not None and self.planned.changeset is proposal.changeset
        return Checks(ExtractChecks(self.planned))


class Checks:
    """The protocol's PostWrite around ExtractChecks."""

    def __init__(self, checks: ExtractChecks) -> None:
        self.checks = checks

    def before(self) -> None:
        self.checks.before()

    def after(self, written: Transaction) -> Checked:
        return Checked(self.checks.after(written))
