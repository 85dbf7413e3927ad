"""lock-to-actor planned by owner (Rust or Python, from where the inventory found the lock),
one or several at a time, and the Python check after writing. Writing is the codemod
protocol's (`implementation.py`, `runner.write`): Transaction, journal, undo.

    plan_lock_to_actor(root, analysis, owner) -> ActorProposal   # pure: nothing written
"""

from __future__ import annotations

from pathlib import Path

from nova_refactor.codemods.actor.model import ActorProposal, Refusal
from nova_refactor.codemods.actor.py_plan import plan_python
from nova_refactor.codemods.actor.rust_plan import plan_rust
from nova_refactor.codemods.changeset import Changeset, FileChange
from nova_refactor.codemods.python.flakes import new_warnings
from nova_refactor.errors import UsageError, VerificationFailed
from nova_refactor.model import Analysis
from nova_refactor.vocabulary import SkipKind


def plan_lock_to_actor(root: Path, analysis: Analysis, owner: str) -> ActorProposal:
    sites = [s for s in analysis.locks if s.owner == owner]
    if any(s.path.endswith(".py") for s in sites):
        return plan_python(root, analysis, owner)
    if sites or "." in owner:
        return plan_rust(root, analysis, owner)
    known = ", ".join(sorted({s.owner for s in analysis.locks})[:8])
    raise UsageError(f"no lock named {owner!r} in the inventory of {root}; known: {known}")


def plan_many(root: Path, analysis: Analysis, owners: list[str],
              partial: bool = False) -> ActorProposal:
    """Several owners planned one after the other. Each plan starts from the files on disk,
    so a lock whose change touches a file an earlier one rewrites (with other bytes) waits
    for the next run. `partial` (--hot): a refused lock is skipped, the others convert."""
    proposals = [plan_lock_to_actor(root, analysis, owner) for owner in owners]
    lines, refused = _joined(proposals)
    if refused and not partial:
        return ActorProposal(lines, Changeset(str(root), ()), refused)
    changes, waiting = _merged([p for p in proposals if not p.refusals])
    skipped = (*refused, *waiting)
    if not changes:
        return ActorProposal(lines, Changeset(str(root), ()), skipped)
    ordered = tuple(changes[k] for k in sorted(changes))
    return ActorProposal(lines, Changeset(str(root), ordered), skipped=skipped)


def _joined(proposals: list[ActorProposal]) -> tuple[tuple[str, ...], tuple[Refusal, ...]]:
    return (tuple(line for p in proposals for line in p.lines),
            tuple(r for p in proposals for r in p.refusals))


def _merged(proposals: list[ActorProposal]) -> tuple[dict[str, FileChange], list[Refusal]]:
    """Their changes together; one that would rewrite a file an earlier one rewrites waits."""
    changes: dict[str, FileChange] = {}
    skipped = []
    for proposal in proposals:
        clash = [c.path for c in proposal.changeset.changes
                 if c.path in changes and changes[c.path].after != c.after]
        if clash:
            skipped.append(Refusal(clash[0], f"{proposal.lines[0]}: rewrites a file an "
                                              "earlier lock of this run rewrites; run again",
                                   SkipKind.OVERLAP))
            continue
        changes.update({c.path: c for c in proposal.changeset.changes})
    return changes, skipped


def flakes_checks(changeset: Changeset) -> tuple[str, ...]:
    """pyflakes over what was written, against the files as they were: nothing new."""
    changes = [c for c in changeset.changes if c.path.endswith(".py")]
    fresh = new_warnings([(c.path, c.before) for c in changes if c.before is not None],
                         [(c.path, c.after) for c in changes])
    if fresh:
        raise VerificationFailed("pyflakes found what the original did not have, rolled "
                                 f"back: {'; '.join(w.render() for w in fresh[:5])}")
    return (f"pyflakes: no new warnings in {len(changes)} written module(s)",)


def render_refusals(refusals: tuple[Refusal, ...]) -> str:
    return "\n".join(r.render() for r in refusals)
