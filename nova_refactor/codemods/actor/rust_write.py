"""The checks around writing a Rust lock-to-actor change, the compiler as the judge.

Inside the runner's Transaction (journalled first, so `undo` restores every byte): the route
inventory must stay identical; when `cargo check` passed before, it must pass after, else
everything rolls back naming the compiler's first error. The `unused_imports` warnings that
are new and in the files we wrote (the lock's `use std::sync::RwLock` the handle made unused)
are applied, then the crate is checked once more. The runner's --verify runs after these and
rolls back on failure.
"""

from __future__ import annotations

from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.codemods import journal
from nova_refactor.codemods.changeset import Changeset
from nova_refactor.codemods.rust import cargo
from nova_refactor.codemods.rust.compiler import (
    apply_removals,
    new_unused_imports,
    not_verifiable,
)
from nova_refactor.codemods.transaction import Transaction
from nova_refactor.errors import VerificationFailed

CODEMOD = "lock-to-actor"


def routes(root: Path) -> tuple[tuple[str, str, str], ...]:
    result = analyze([root], Options(use_cache=False, jobs=1))
    return tuple(sorted((r.method, r.path, r.handler.rpartition(".")[2]) for r in result.routes))


def crate_folder(root: Path, changeset: Changeset) -> Path | None:
    for change in changeset.changes:
        folder = (root / change.path).parent
        while folder != root.parent and folder != folder.parent:
            if (folder / "Cargo.toml").is_file():
                return folder
            folder = folder.parent
    return None


class RustChecks:
    """The checks around the write (the protocol's PostWrite): `before()` outside the
    transaction, `after(written)` inside it, raising VerificationFailed to roll back."""

    def __init__(self, changeset: Changeset, compile_: bool = True) -> None:
        self.changeset, self.compile = changeset, compile_
        self.root = Path(changeset.root)
        self.folder = crate_folder(self.root, changeset)
        self.before_routes: tuple[tuple[str, str, str], ...] = ()
        self.before_check = cargo.not_run("--no-compile")

    def before(self) -> None:
        self.before_routes = routes(self.root)
        if self.compile:
            self.before_check = cargo.check(self.folder)

    def after(self, written: Transaction) -> tuple[tuple[str, ...], str]:
        """(checks, "compiled: ..."); the journal entry is updated when imports are pruned."""
        after_routes = routes(self.root)
        if after_routes != self.before_routes:
            raise VerificationFailed("post-apply check failed, rolled back: the route "
                                     "inventory changed")
        if written.entry is None:  # the transaction records its entry before writing
            raise VerificationFailed("no journal entry for the change, rolled back")
        written.entry, compiled, pruned = _compiled(self.root, written.entry, self.folder,
                                                    self.before_check, self.changeset)
        checks = [f"route inventory identical ({len(after_routes)} routes)"]
        if pruned:
            checks.append(f"removed {pruned} import(s) the compiler reported unused in the "
                          "files written (the lock's own)")
        return tuple(checks), compiled


def _prune(root: Path, entry: journal.Entry, edits: dict[str, list[cargo.Diagnostic]]
           ) -> dict[str, bytes]:
    """Apply the compiler's removals; what each file held before them."""
    base = root.resolve()
    written = {}
    for absolute, found in edits.items():
        path = Path(absolute).relative_to(base).as_posix()
        data = (root / path).read_bytes()
        written[path] = data
        journal.replace_file(root, entry, path,
                             apply_removals(data, [s for d in found for s in d.removals]))
    return written


def _compiled(root: Path, entry: journal.Entry, folder: Path | None, before: cargo.CheckRun,
              changeset: Changeset) -> tuple[journal.Entry, str, int]:
    if not before.passed:
        return entry, not_verifiable(before), 0
    after = cargo.check(folder)
    if not after.passed:
        raise VerificationFailed(f"compiled: no (rolled back): {after.why}")
    ours = {str((root / c.path).resolve()) for c in changeset.changes}
    edits = new_unused_imports(before, after, ours)
    if not edits:
        return entry, "compiled: yes", 0
    written = _prune(root, entry, edits)
    entry = journal.rewritten(root, entry, {p: (root / p).read_bytes() for p in written})
    again = cargo.check(folder)
    if again.passed:
        return entry, "compiled: yes", sum(len(found) for found in edits.values())
    for path, data in written.items():  # the version that compiled, with its warnings
        journal.replace_file(root, entry, path, data)
    entry = journal.rewritten(root, entry, written)
    return entry, f"compiled: yes (unused imports kept: removing them failed: {again.why})", 0
