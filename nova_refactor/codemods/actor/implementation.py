"""lock-to-actor plugged into the codemod protocol (`codemods/protocol.py`): one
implementation per language, asked in order; the runner writes, journals and undoes.

    Rust    a lock field of a crate: a tokio actor; cargo check before/after, routes compared
    Python  a lock of Python code: ThreadActor / TaskActor; pyflakes after

`plan` is the pure planner (`plan_lock_to_actor`, one or several owners); `render` makes the
protocol's Proposal of it (the refusals become the plan's blockers: nothing is written, exit
4); `verify` gives the checks the runner runs around its Transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nova_refactor.codemods.actor.codemod import flakes_checks, plan_many
from nova_refactor.codemods.actor.hot import hot_owners
from nova_refactor.codemods.actor.model import ActorProposal
from nova_refactor.codemods.actor.rust_write import RustChecks
from nova_refactor.codemods.plan import SplitPlan
from nova_refactor.codemods.protocol import Checked, Proposal, Target, WriteSettings
from nova_refactor.errors import UsageError


@dataclass(frozen=True, slots=True)
class Planned:
    codemod: str
    target: Target
    owners: tuple[str, ...]
    proposal: ActorProposal


def owners_of(target: Target, options: Any) -> tuple[str, ...]:
    if options.lock and options.hot:
        raise UsageError("--lock OWNER and --hot name the locks two ways: give one")
    if options.lock:
        return (options.lock,)
    if options.hot:
        found = hot_owners(target.analysis)
        if not found:
            raise UsageError(f"{target.root}: no lock the plan ranks for an actor")
        return tuple(found)
    raise UsageError("lock-to-actor needs --lock OWNER (as `analyze` names it) or --hot")


class LockToActor:
    """Both languages: which one a lock is in follows from where the inventory found it,
    and `handles` does not see the options that name the lock."""

    language = "Rust or Python"

    def handles(self, target: Target) -> bool:
        return True

    def plan(self, codemod: Any, target: Target, options: Any) -> Planned:
        owners = owners_of(target, options)
        return Planned(codemod.name, target, owners, plan_many(
            target.root, target.analysis, list(owners), partial=bool(options.hot)))

    def render(self, planned: Planned) -> Proposal:
        actor = planned.proposal
        sites = sorted((s.role != "declaration", s.path) for s in planned.target.analysis.locks
                       if s.owner in planned.owners)
        where = sites[0][1] if sites else ""
        refused = {f"- {r.render()}" for r in actor.refusals}  # shown once, as blockers
        plan = SplitPlan(planned.codemod, str(planned.target.root), where, "", (), (),
                         notes=(*(line.removeprefix("- ") for line in actor.lines
                                  if line not in refused),
                                *(f"left alone: {s.render()}" for s in actor.skipped)),
                         blockers=tuple(r.skipped() for r in actor.refusals))
        skipped = tuple(r.skipped() for r in actor.refusals + actor.skipped)
        return Proposal(plan, actor.changeset, skipped=skipped, implementation=self)

    def verify(self, proposal: Proposal, settings: WriteSettings) -> Any:
        changeset = proposal.changeset
        if any(c.path.endswith(".rs") for c in changeset.changes):
            return _RustPostWrite(RustChecks(changeset, settings.compile))
        return _PythonPostWrite(changeset)


class _RustPostWrite:
    def __init__(self, checks: RustChecks) -> None:
        self.checks = checks

    def before(self) -> None:
        self.checks.before()

    def after(self, written: Any) -> Checked:
        checks, compiled = self.checks.after(written)
        return Checked(checks, compiled)


class _PythonPostWrite:
    def __init__(self, changeset: Any) -> None:
        self.changeset = changeset

    def before(self) -> None:
        return None

    def after(self, written: Any) -> Checked:
        return Checked(flakes_checks(self.changeset))
