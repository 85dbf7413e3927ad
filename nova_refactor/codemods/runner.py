"""Run any registered codemod: propose (plan + render on the analysis it is given, nothing
written), write it safely, or undo it. The runner never asks which language it holds: the
codemod's implementations say whether they take the target
(`protocol.Implementation.handles`).

`write` is the only place that touches the user's files: refusals stop it (exit 4), conflicts
refuse (exit 2), the codemod's `before` checks run, originals are journalled before anything
is written, every file is replaced atomically, then the codemod's `after` checks and
`--verify CMD` run; any failure rolls everything back from the journal.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from nova_refactor.codemods import journal, registry
from nova_refactor.codemods.preflight import environment_error
from nova_refactor.codemods.protocol import (
    CodemodOptions,
    Implementation,
    NoChecks,
    Outcome,
    PostWrite,
    Proposal,
    Target,
    WriteSettings,
)
from nova_refactor.codemods.registry import Codemod, codemod_named
from nova_refactor.codemods.transaction import Transaction, project_lock
from nova_refactor.codemods.transaction import recover as recover_interrupted
from nova_refactor.errors import Refused, UsageError, VerificationFailed
from nova_refactor.model import Analysis

__all__ = ["Outcome", "Proposal", "interrupted", "kept_edits", "propose_on", "recover",
           "undo", "write"]


def propose_on(codemod_name: str, root: Path, result: Analysis,
               entrypoint: str | None = None, options: CodemodOptions | None = None
               ) -> Proposal:
    """The codemod's plan and changeset on an analysis already made of `root` (paths relative
    to it): the use case (`app/apply.py`, `app/plan.py`) runs the analysis, never the runner."""
    codemod = codemod_named(codemod_name)
    target = Target(root, result, entrypoint)
    implementation = _implementation(codemod, target)
    given = options if options is not None else registry.options_for(codemod, {})
    return implementation.render(implementation.plan(codemod, target, given))


def _implementation(codemod: Codemod, target: Target) -> Implementation:
    for implementation in registry.implementations(codemod):
        if implementation.handles(target):
            return implementation
    raise UsageError(f"{codemod.name}: nothing here it can change under {target.root}"
                     + (f" ({target.entrypoint})" if target.entrypoint else ""))


def refusal(proposal: Proposal, all_shown: bool = False) -> Refused:
    """The error (exit 4) a refused proposal stops with: its first blocker (and how many
    more, when `all_shown` printed them all above). The planners only return typed
    `Skipped` blockers; this is where a refusal becomes the user's line."""
    first, *more = proposal.refused
    rest = f" (and {len(more)} more above)" if more and all_shown else ""
    refuses = codemod_named(proposal.plan.codemod).refuses
    return Refused(f"{proposal.plan.entrypoint}: {refuses}: {first.render()}{rest}")


def write(proposal: Proposal, force: bool = False, verify: str | None = None,
          compile_: bool = True) -> Outcome:
    """`compile_=False` (`--no-compile`): a Rust split is not checked by `cargo check`."""
    settings = WriteSettings(force=force, verify=verify, compile=compile_)
    _refuse(proposal, force)
    if proposal.changeset.empty:
        return Outcome(None, ())
    try:  # the transaction checks free space and permissions before the first byte
        return _write(proposal, settings)
    except OSError as err:  # the disk filled up or a permission changed while writing
        raise environment_error(err) from None


def _write(proposal: Proposal, settings: WriteSettings) -> Outcome:
    root = Path(proposal.changeset.root)
    checks: PostWrite = proposal.implementation.verify(proposal, settings) \
        if proposal.implementation is not None else NoChecks()
    checks.before()
    with Transaction(proposal.changeset, proposal.plan.codemod) as written:
        checked = checks.after(written)
        output = _verify(root, settings.verify) if settings.verify else ""
    return Outcome(written.entry, checked.checks, output, tuple(written.recovered),
                   checked.compiled)


def _refuse(proposal: Proposal, force: bool) -> None:
    if proposal.refused:
        raise refusal(proposal)
    conflicts = [c.path for c in proposal.changeset.changes if c.conflict]
    if conflicts and not force:
        raise UsageError(f"{conflicts[0]} already exists with other content; "
                         "pass --force to overwrite it (undo restores it)")
    root = Path(proposal.changeset.root)
    for change in proposal.changeset.changes:
        if (root / change.path).is_symlink():  # a rename would replace the link, not its target
            raise UsageError(f"{change.path} is a symlink; apply never replaces a link with "
                             "a file")


def _verify(root: Path, command: str) -> str:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(command, shell=True, cwd=root, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL,
                          env=env, check=False)
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        tail = " | ".join(output.strip().splitlines()[-3:])
        raise VerificationFailed(f"--verify {command!r} exited {proc.returncode}, rolled "
                                 f"back: {tail}")
    return output


def undo(path: Path, entry_id: str | None = None, force: bool = False) -> journal.Entry:
    """Revert an entry (default: the newest not undone, an interrupted one included). Files
    edited since are refused unless `force`, which keeps a copy of them in the journal."""
    root = path.resolve()
    if not root.is_dir():
        raise UsageError(f"{path}: not a folder; undo takes the folder the codemod was "
                         "applied to")
    if not (root / journal.JOURNAL).is_dir():
        raise UsageError(f"nothing to undo: no applied change journalled under "
                         f"{root / journal.JOURNAL}")
    with project_lock(root):
        journal.discard_incomplete(root)
        entry = journal.load(root, entry_id) if entry_id else journal.latest(root)
        if entry.undone:
            raise UsageError(f"journal entry {entry.id} was already undone")
        journal.refuse_outside(root, entry)
        edited = journal.edited_since(root, entry)
        if edited and not force:
            raise UsageError(f"{edited[0]} was edited after {entry.id} wrote it; pass --force "
                             "to restore the originals (a copy of the edits is kept)")
        return journal.restore(root, entry)


def recover(path: Path) -> list[str]:
    """Roll back applies that were interrupted (killed): their journal ids."""
    root = path.resolve()
    if not (root / journal.JOURNAL).is_dir():
        return []
    with project_lock(root):
        return recover_interrupted(root)


def kept_edits(path: Path, entry: journal.Entry) -> list[Path]:
    """Copies of hand edits that `undo --force` replaced."""
    return journal.kept_edits(path.resolve(), entry)


def interrupted(path: Path) -> list[str]:
    """The ids of interrupted applies, without touching anything (for a dry run)."""
    root = path.resolve()
    return [e.id for e in journal.pending(root)] if (root / journal.JOURNAL).is_dir() else []
