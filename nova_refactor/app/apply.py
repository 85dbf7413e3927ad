"""`apply` and `undo`: propose a codemod on the session's project, write it, step back."""

from __future__ import annotations

from pathlib import Path

from nova_refactor.app.session import Session
from nova_refactor.codemods import journal, registry, runner
from nova_refactor.codemods.protocol import CodemodOptions, Outcome, Proposal

__all__ = ["Outcome", "Proposal", "interrupted", "kept_edits", "propose", "recover",
           "refusal", "undo", "write"]
from nova_refactor.errors import Refused, UsageError


def propose(session: Session, codemod: str, entrypoint: str | None = None,
            options: CodemodOptions | None = None) -> Proposal:
    """The codemod's plan and changeset (nothing written). An unknown codemod, or one not
    implemented yet, fails before the analysis."""
    registry.implementations(registry.codemod_named(codemod))
    if not session.target.is_dir():
        raise UsageError(f"{session.target}: not a directory")
    # no source file is the codemod's to say ("no Python entrypoint found"), exit 2 as well
    session.paths = [session.root]  # paths in the plan are relative to the resolved root
    result = session.analysis(require_sources=False)
    return runner.propose_on(codemod, session.root, result, entrypoint, options)


def write(proposal: Proposal, force: bool = False, verify: str | None = None,
          compile_: bool = True) -> Outcome:
    return runner.write(proposal, force=force, verify=verify, compile_=compile_)


def undo(session: Session, entry_id: str | None = None, force: bool = False) -> journal.Entry:
    return runner.undo(session.target, entry_id, force)


def refusal(proposal: Proposal, all_shown: bool = False) -> Refused:
    return runner.refusal(proposal, all_shown)


def recover(path: Path) -> list[str]:
    """Roll back applies that were interrupted (killed): their journal ids."""
    return runner.recover(path)


def interrupted(path: Path) -> list[str]:
    """The ids of interrupted applies, touching nothing (for a dry run)."""
    return runner.interrupted(path)


def kept_edits(path: Path, entry: journal.Entry) -> list[Path]:
    """Copies of hand edits that `undo --force` replaced."""
    return runner.kept_edits(path, entry)
