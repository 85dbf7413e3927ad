"""Write a Rust split with the compiler as the judge.

Before writing: count what must be kept and run `cargo check`. After writing: count again, and
when the crate compiled before, check again; a failure rolls back and names the compiler's first
error. When it compiles, the `unused_imports` warnings that are new and in files the split wrote
are applied (the split copies every `use` it cannot rule out; the compiler knows better), then
the crate is checked once more. The outcome says "compiled: yes", or "not verifiable: <why>".
"""

from __future__ import annotations

from pathlib import Path

from nova_refactor.codemods import journal
from nova_refactor.codemods.changeset import Changeset
from nova_refactor.codemods.protocol import Checked
from nova_refactor.codemods.rust import cargo, toolchain
from nova_refactor.codemods.rust import verify as counting
from nova_refactor.codemods.transaction import Transaction
from nova_refactor.errors import VerificationFailed

BUILD_NOTE = ("--write runs `cargo check` before and after writing: it compiles the "
              "dependencies and runs their build scripts and proc macros{own}; pass "
              "--no-compile to skip it (the result then says \"not verifiable\")")


def compile_note(root: Path, entry: str) -> str:
    """What `--write` will run, for the dry run: cargo check executes build scripts."""
    manifest = toolchain.package_manifest(root, entry)
    own = " (including this crate's own build.rs)" if manifest is not None and \
        (manifest.parent / "build.rs").is_file() else ""
    return BUILD_NOTE.format(own=own)


class CompiledChecks:
    """The Rust split's post-write checks (`protocol.PostWrite`): the counts, then the
    compiler; the runner writes the changeset in between and runs `--verify` after."""

    def __init__(self, changeset: Changeset, entrypoint: str, compile_: bool = True) -> None:
        self.changeset = changeset
        self.entrypoint = entrypoint
        self.compile = compile_
        self.root = Path(changeset.root)
        self.homes = [c.path for c in changeset.changes if c.path != entrypoint]
        self.folder = counting.crate_dir(self.root, entrypoint)

    def before(self) -> None:
        self.counts = counting.counts(self.root, self.entrypoint, [])
        self.run = cargo.check(self.folder) if self.compile else cargo.not_run("--no-compile")

    def after(self, written: Transaction) -> Checked:
        after_counts = _counted(self.root, self.entrypoint, self.homes, self.counts)
        assert written.entry is not None, "called inside the transaction"
        written.entry, compiled, pruned = _compiled(self.root, written.entry, self.folder,
                                                    self.run, self.changeset, self.entrypoint)
        return Checked(_checks(after_counts, compiled, pruned), compiled)


def _checks(after: counting.Counts, compiled: str, pruned: int) -> tuple[str, ...]:
    """Say "identical" only when the compiler agreed; else what our own model counted."""
    routes = f"{len(after.routes)} routes, middleware included"
    first = f"route inventory identical ({routes})" if compiled.startswith("compiled: yes") \
        else f"route inventory counted the same by our own model ({routes}); not compiled"
    checks = [first, f"kept {after.summary()}"]
    if pruned:
        checks.append(f"removed {pruned} unused import(s) the compiler reported in the files "
                      "the split wrote")
    return tuple(checks)


def _counted(root: Path, entrypoint: str, homes: list[str], before: counting.Counts
             ) -> counting.Counts:
    after = counting.counts(root, entrypoint, homes)
    problems = counting.compare(before, after)
    if problems:
        raise VerificationFailed("post-apply check failed, rolled back: " + "; ".join(problems))
    return after


def _compiled(root: Path, entry: journal.Entry, folder: Path | None, before: cargo.CheckRun,
              changeset: Changeset, entrypoint: str) -> tuple[journal.Entry, str, int]:
    if not before.passed:
        return entry, not_verifiable(before), 0
    after = cargo.check(folder)
    edits = new_unused_imports(before, after, {str((root / c.path).resolve())
                                               for c in changeset.changes})
    if not after.passed and not _only_unused_imports(after, edits):
        raise VerificationFailed(f"compiled: no (rolled back): {after.why}")
    if not edits:
        return entry, "compiled: yes", 0
    return _pruned(root, entry, folder, edits, (entrypoint, changeset, before), bool(after.passed))


def not_verifiable(before: cargo.CheckRun) -> str:
    if before.passed is None:
        return f"not verifiable: {before.why}"
    return f"not verifiable: cargo check failed before the change ({before.why})"


def _only_unused_imports(after: cargo.CheckRun, edits: dict[str, list[cargo.Diagnostic]]
                         ) -> bool:
    """The build failed only on unused imports in our files (`#![deny(unused_imports)]`)."""
    prunable = {d for found in edits.values() for d in found}
    errors = [d for d in after.diagnostics if d.level == "error"]
    return bool(prunable) and all(d in prunable for d in errors)


def _pruned(root: Path, entry: journal.Entry, folder: Path | None,
            edits: dict[str, list[cargo.Diagnostic]],
            split: tuple[str, Changeset, cargo.CheckRun], compiled_unpruned: bool,
            rounds: int = 3) -> tuple[journal.Entry, str, int]:
    """Remove the unused imports the compiler named (errors too, under `#![deny(warnings)]`)
    and check again (a removal left out for overlapping another gets its own round); when
    that fails, go back to the version that compiled, if one did."""
    entrypoint, changeset, before = split
    written = {path: (root / path).read_bytes() for path in _relative(root, edits)}
    pruned = _prune(root, entry, edits, entrypoint, changeset)
    entry = journal.rewritten(root, entry, {p: (root / p).read_bytes() for p in written})
    again = cargo.check(folder)
    more = new_unused_imports(before, again, {str((root / c.path).resolve())
                                              for c in changeset.changes})
    if again.passed and more and rounds > 1:
        entry, compiled, later = _pruned(root, entry, folder, more, split, True, rounds - 1)
        return entry, compiled, pruned + later
    if again.passed:
        return entry, "compiled: yes", pruned
    if not compiled_unpruned:
        raise VerificationFailed(f"compiled: no (rolled back): {again.why}")
    for path, data in written.items():
        journal.replace_file(root, entry, path, data)
    entry = journal.rewritten(root, entry, written)
    return entry, f"compiled: yes (unused imports kept: removing them failed: {again.why})", 0


def new_unused_imports(before: cargo.CheckRun, after: cargo.CheckRun, ours: set[str]
                       ) -> dict[str, list[cargo.Diagnostic]]:
    """Per written file, the unused-import warnings that were not there before."""
    old = {(d.file, d.message) for d in before.unused_imports()}
    found: dict[str, list[cargo.Diagnostic]] = {}
    for diagnostic in after.unused_imports():
        if diagnostic.file in ours and (diagnostic.file, diagnostic.message) not in old \
                and not _has_test_code(diagnostic.file):
            found.setdefault(diagnostic.file, []).append(diagnostic)
    return found


def _has_test_code(path: str) -> bool:
    """`cargo check` builds without `cfg(test)`: an import only a `#[cfg(test)] mod tests {
    use super::*; .. }` needs looks unused to it. Such a file keeps its imports."""
    try:
        return "cfg(test)" in Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _relative(root: Path, edits: dict[str, list[cargo.Diagnostic]]) -> list[str]:
    base = root.resolve()
    return [Path(path).relative_to(base).as_posix() for path in edits]


def _prune(root: Path, entry: journal.Entry, edits: dict[str, list[cargo.Diagnostic]],
           entrypoint: str, changeset: Changeset) -> int:
    created = {c.path for c in changeset.changes if c.created}
    edition = toolchain.crate_edition(root, entrypoint)
    for path in _relative(root, edits):
        target = root / path
        spans = _disjoint([s for d in edits[str(target.resolve())] for s in d.removals])
        data = apply_removals(target.read_bytes(), spans)
        if path in created:  # our own module: keep it rustfmt-clean after the removal
            data = (toolchain.rustfmt(data.decode("utf-8"), edition, target.parent) or
                    data.decode("utf-8")).encode("utf-8")
        journal.replace_file(root, entry, path, data)
    return sum(len(found) for found in edits.values())


def _disjoint(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Edits that do not overlap: two warnings on one `use` (rustc's suggestion for `Read`, our
    own for a trait import it reported late) would otherwise cut each other's bytes; the later
    one is dropped and its warning stays."""
    kept: list[tuple[int, int, str]] = []
    for span in sorted(set(spans)):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def apply_removals(data: bytes, spans: list[tuple[int, int, str]]) -> bytes:
    """Apply the compiler's edits from the end; a line left empty goes with them."""
    out = data
    for start, end, replacement in sorted(set(spans), reverse=True):
        line_start = out.rfind(b"\n", 0, start) + 1
        if not replacement and out[line_start:start].strip() == b"" and \
                out[end - 1:end] != b"\n" and out[end:end + 1] == b"\n":
            end += 1  # the whole line was the `use` item: its line break goes too
        out = out[:start] + replacement.encode("utf-8") + out[end:]
    return out
