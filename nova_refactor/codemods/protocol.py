"""The codemod protocol: plan -> render -> verify, and the typed results every codemod returns.

What a codemod author implements (the Python and Rust splits, `python/split.py` and
`rust/split.py`, are the worked examples):

1. **Options**: a frozen dataclass subclassing `CodemodOptions`, one field per option of your
   own, named like the `apply` option that carries it (`lock` <- `--lock OWNER`, `hot` <-
   `--hot`, `proposal` <- `--proposal FILE`, `service` <- `--service NAME`). A field without a
   default is required. `NoOptions` when the codemod has none. The registry builds it from
   what the user gave and refuses an option the codemod does not declare.
2. **One `Implementation` per language**, a class constructible without arguments:
   - `handles(target)`: whether it takes this target (e.g. by the entrypoint's suffix or the
     files the analysis found). The runner asks the implementations in registration order
     and uses the first that says yes; it never asks which language it holds.
   - `plan(codemod, target, options)`: decide what moves where. Reads, never writes. A target
     it cannot work on at all (no entrypoint, a file that does not parse) raises
     `UsageError`/`InputError`; what it refuses to move safely goes into the plan's
     `blockers`, each a typed `Skipped(kind, message, path, line)`: it never raises
     `Refused` itself; the runner turns blockers into `Refused` (exit code 4, nothing
     written) and `Skipped.render` words them.
   - `render(planned)`: the `Proposal`: the plan shown to the user (`SplitPlan`: modules,
     placements, notes, blockers), the `Changeset` (bytes before and after of every file),
     and `skipped` sites it left alone without refusing the whole change.
   - `verify(proposal, settings)`: a `PostWrite`: `before()` runs before the transaction
     opens (snapshot, compile the original); `after(transaction)` runs inside it once every
     file is written and raises `VerificationFailed` to roll everything back. Never write
     files yourself: the runner writes the changeset in a `Transaction` (journal, atomic
     replace, undo), runs `--verify CMD` after your checks, and rolls back on any failure.
3. **Registration**: a `Codemod(name, summary, options=..., implementations=("module:Class",
   ...))` entry in `registry.py` (implementations are imported only when the codemod runs).
4. **Tests**: plan and render on a fixture (`tests/data/...`), then `runner.write` and
   `runner.undo` on a copy of it; `tests/codemods/test_protocol.py` shows the shape.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from nova_refactor.codemods.changeset import Changeset
from nova_refactor.codemods.plan import Skipped as Skipped  # re-exported: codemods return it
from nova_refactor.codemods.plan import SplitPlan
from nova_refactor.errors import UsageError

if TYPE_CHECKING:
    from nova_refactor.codemods.journal import Entry
    from nova_refactor.codemods.registry import Codemod
    from nova_refactor.codemods.transaction import Transaction
    from nova_refactor.model import Analysis


@dataclass(frozen=True, slots=True)
class CodemodOptions:
    """Base of every codemod's own options (see the module docstring, point 1)."""


@dataclass(frozen=True, slots=True)
class NoOptions(CodemodOptions):
    """The splits take no option of their own."""


@dataclass(frozen=True, slots=True)
class Target:
    root: Path  # absolute project root
    analysis: Analysis  # of `root`, paths relative to it
    entrypoint: str | None = None  # as given by --entrypoint, relative to root; None: choose

    def given_entry(self) -> str:
        """The given entrypoint as a root-relative POSIX path; a symlink, a missing file or
        one outside the root is a UsageError."""
        root, entrypoint = self.root, self.entrypoint or ""
        if (root / entrypoint).is_symlink():
            raise UsageError(f"{entrypoint}: a symlink (to {os.readlink(root / entrypoint)}); "
                             "apply never replaces a link with a file: name the file it "
                             "points to")
        target = (root / entrypoint).resolve()
        if not target.is_file():
            raise UsageError(f"{entrypoint}: no such file under {root}")
        try:
            return target.relative_to(root).as_posix()
        except ValueError:
            raise UsageError(f"{entrypoint}: not inside {root}") from None


@dataclass(frozen=True, slots=True)
class Proposal:
    """What a codemod would do: shown by a dry run, written by `runner.write`."""

    plan: SplitPlan  # what moves where, notes, blockers: what the user reads first
    changeset: Changeset
    # what pyflakes compares the written modules with, beside the files' own before: the
    # entrypoint as first written, when an earlier split is planned again from it
    originals: tuple[tuple[str, bytes], ...] = ()
    skipped: tuple[Skipped, ...] = ()  # left alone without refusing the rest
    implementation: Implementation | None = None  # who planned it: it supplies the checks

    @property
    def notes(self) -> tuple[str, ...]:
        return self.plan.notes

    @property
    def refused(self) -> tuple[Skipped, ...]:
        """Why nothing can be written: the plan's blockers (the runner refuses, exit 4)."""
        return self.plan.blockers


@dataclass(frozen=True, slots=True)
class WriteSettings:
    force: bool = False  # overwrite files that exist with other content
    verify: str | None = None  # the user's --verify command, run after the codemod's checks
    compile: bool = True  # Rust: `cargo check` before and after (--no-compile: off)


@dataclass(frozen=True, slots=True)
class Checked:
    """What a codemod's post-write checks established."""

    checks: tuple[str, ...]  # one line each, printed as "checked: ..."
    compiled: str = ""  # Rust: "compiled: yes" or "not verifiable: <why>"


@dataclass(frozen=True, slots=True)
class Outcome:
    entry: Entry | None  # None: nothing had to change
    checks: tuple[str, ...]  # what was checked after writing
    verify_output: str = ""
    recovered: tuple[str, ...] = ()  # interrupted applies rolled back before this one
    compiled: str = ""  # Rust: "compiled: yes" or "not verifiable: <why>"


class PostWrite(Protocol):
    def before(self) -> None:
        """Runs before the transaction opens: take what `after` compares with."""

    def after(self, written: Transaction) -> Checked:
        """Runs inside the transaction, every file written; raise VerificationFailed to roll
        back. May rewrite files through the journal (then set `written.entry`)."""


class Implementation(Protocol):
    language: str  # shown in messages only

    def handles(self, target: Target) -> bool: ...

    def plan(self, codemod: Codemod, target: Target, options: Any) -> Any: ...

    def render(self, planned: Any) -> Proposal: ...

    def verify(self, proposal: Proposal, settings: WriteSettings) -> PostWrite: ...


class NoChecks:
    """For a codemod whose only check is the user's --verify command."""

    def before(self) -> None:
        return None

    def after(self, written: Transaction) -> Checked:
        return Checked(())
