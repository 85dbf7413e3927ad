"""lock-to-actor as one codemod: plan by owner (Rust or Python, from where the lock is), the
owners `--hot` means, and the journalled write with the checks of each language.

    plan_lock_to_actor(root, analysis, owner) -> ActorProposal   # pure: nothing written
    write_actor(proposal, verify=None, compile_=True) -> Written # Transaction + journal
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nova_refactor.codemods import journal
from nova_refactor.codemods.actor.model import ActorProposal, Refusal
from nova_refactor.codemods.actor.py_plan import plan_python
from nova_refactor.codemods.actor.rust_plan import plan_rust
from nova_refactor.codemods.actor.rust_write import CODEMOD, write_rust
from nova_refactor.codemods.changeset import Changeset
from nova_refactor.codemods.python.flakes import new_warnings
from nova_refactor.codemods.transaction import Transaction
from nova_refactor.errors import UsageError, VerificationFailed
from nova_refactor.model import Analysis


@dataclass(frozen=True, slots=True)
class Written:
    entry: journal.Entry
    checks: tuple[str, ...]
    compiled: str = ""  # Rust: "compiled: yes" or "not verifiable: <why>"
    verify_output: str = ""


def plan_lock_to_actor(root: Path, analysis: Analysis, owner: str) -> ActorProposal:
    sites = [s for s in analysis.locks if s.owner == owner]
    if any(s.path.endswith(".py") for s in sites):
        return plan_python(root, analysis, owner)
    if sites or "." in owner:
        return plan_rust(root, analysis, owner)
    known = ", ".join(sorted({s.owner for s in analysis.locks})[:8])
    raise UsageError(f"no lock named {owner!r} in the inventory of {root}; known: {known}")


def plan_many(root: Path, analysis: Analysis, owners: list[str]) -> ActorProposal:
    """Several owners planned one after the other: only when each touches other files (two
    plans of one file would each start from its original text)."""
    proposals = [plan_lock_to_actor(root, analysis, owner) for owner in owners]
    refusals = tuple(r for p in proposals for r in p.refusals)
    lines = tuple(line for p in proposals for line in p.lines)
    if refusals:
        return ActorProposal(lines, Changeset(str(root), ()), refusals)
    _refuse_overlap(proposals)
    changes = {c.path: c for p in proposals for c in p.changeset.changes}
    return ActorProposal(lines, Changeset(str(root), tuple(changes[k] for k in sorted(changes))))


def _refuse_overlap(proposals: list[ActorProposal]) -> None:
    shared = ("actors.py", "patterns/mod.rs", "services/mod.rs")  # the same text each time
    paths = [c.path for p in proposals for c in p.changeset.changes
             if not c.path.endswith(shared)]
    twice = sorted({p for p in paths if paths.count(p) > 1})
    if twice:
        raise UsageError(f"{twice[0]}: two locks to convert in one file; apply one --lock at "
                         "a time")


def write_actor(proposal: ActorProposal, verify: str | None = None,
                compile_: bool = True) -> Written:
    if proposal.refusals:
        first = proposal.refusals[0]
        raise UsageError(f"{first.site}: cannot convert safely: {first.reason}")
    changeset = proposal.changeset
    root = Path(changeset.root)
    then: Callable[[], str] = (lambda: run_verify(root, verify)) if verify else str
    if any(c.path.endswith(".rs") for c in changeset.changes):
        done = write_rust(changeset, compile_, then)
        return Written(done.entry, done.checks, done.compiled, done.output)
    with Transaction(changeset, CODEMOD) as written:
        checks = flakes_checks(changeset)
        output = then()
    return Written(written.entry, checks, "", output)


def flakes_checks(changeset: Changeset) -> tuple[str, ...]:
    """pyflakes over what was written, against the files as they were: nothing new."""
    changes = [c for c in changeset.changes if c.path.endswith(".py")]
    fresh = new_warnings([(c.path, c.before) for c in changes if c.before is not None],
                         [(c.path, c.after) for c in changes])
    if fresh:
        raise VerificationFailed("pyflakes found what the original did not have, rolled "
                                 f"back: {'; '.join(w.render() for w in fresh[:5])}")
    return (f"pyflakes: no new warnings in {len(changes)} written module(s)",)


def run_verify(root: Path, command: str) -> str:
    proc = subprocess.run(command, shell=True, cwd=root, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, check=False,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        tail = " | ".join(output.strip().splitlines()[-3:])
        raise VerificationFailed(f"--verify {command!r} exited {proc.returncode}, rolled "
                                 f"back: {tail}")
    return output


def render_refusals(refusals: tuple[Refusal, ...]) -> str:
    return "\n".join(r.render() for r in refusals)
