"""Propose a codemod (plan + changeset, nothing written), write it safely, or undo it.

`write` is the only place that touches the user's files: conflicts refuse (exit 2), originals
are journalled before anything is written, every file is replaced atomically, then the route
inventory, importable names and import graph are compared and `--verify CMD` is run; any
failure rolls everything back from the journal.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import libcst as cst

from nova_refactor.analysis.pipeline import Options, analyze
from nova_refactor.codemods import compose, journal
from nova_refactor.codemods.changeset import Changeset, build_changeset
from nova_refactor.codemods.checks import Snapshot, compare, import_cycles, snapshot
from nova_refactor.codemods.plan import SplitPlan
from nova_refactor.codemods.preflight import environment_error
from nova_refactor.codemods.python.closures import lift_for_split
from nova_refactor.codemods.python.facade import MARKER
from nova_refactor.codemods.python.flakes import new_warnings
from nova_refactor.codemods.python.planner import plan_split
from nova_refactor.codemods.python.render import SPLIT_OUT, Renderer
from nova_refactor.codemods.python.sizes import oversized
from nova_refactor.codemods.python.statements import ModuleFacts, module_facts
from nova_refactor.codemods.registry import Codemod, codemod_named
from nova_refactor.codemods.rust import compiler as rust_compile
from nova_refactor.codemods.rust import verify as rust_verify
from nova_refactor.codemods.rust.propose import propose_rust
from nova_refactor.codemods.transaction import Transaction, project_lock
from nova_refactor.codemods.transaction import recover as recover_interrupted
from nova_refactor.errors import InputError, UsageError, VerificationFailed
from nova_refactor.model import Analysis, Diagnostic, Entrypoint, Segment


@dataclass(frozen=True, slots=True)
class Proposal:
    plan: SplitPlan
    changeset: Changeset
    # what pyflakes compares the written modules with, beside the files' own before: the
    # entrypoint as first written, when an earlier split is planned again from it
    originals: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    entry: journal.Entry | None  # None: nothing had to change
    checks: tuple[str, ...]  # what was checked after writing
    verify_output: str = ""
    recovered: tuple[str, ...] = ()  # interrupted applies rolled back before this one
    compiled: str = ""  # Rust: "compiled: yes" or "not verifiable: <why>"


def propose(codemod_name: str, path: Path, entrypoint: str | None = None) -> Proposal:
    codemod_named(codemod_name)  # an unknown name fails before the analysis
    root = path.resolve()
    if not root.is_dir():
        raise UsageError(f"{path}: not a directory")
    return propose_on(codemod_name, root, analyze([root], Options(use_cache=True, jobs=1)),
                      entrypoint)


def propose_on(codemod_name: str, root: Path, result: Analysis,
               entrypoint: str | None = None) -> Proposal:
    """`propose` on an analysis already made of `root` (paths relative to it)."""
    codemod = codemod_named(codemod_name)
    if _is_rust(entrypoint, result):
        return _propose_rust(codemod, root, entrypoint, result)
    return _propose_python(codemod, root, entrypoint, result)


def _propose_python(codemod: Codemod, root: Path, entrypoint: str | None,
                    result: Analysis) -> Proposal:
    entry = _entry(root, entrypoint, result)
    found = next((e for e in result.entrypoints if e.path == entry), None)
    broken = _unparsed(result, entry)
    if broken:
        raise InputError(f"{broken[0].render()}; a file that does not parse cannot be split")
    if found is None:
        raise UsageError(f"{entry}: not an entrypoint (no main guard, app object, script entry "
                         "or entrypoint file name); nothing to split")
    files = [root / f.path for f in result.files if f.language == "python"]
    earlier = compose.earlier_splits(root, entry)
    wider = compose.widened(codemod, earlier) if earlier else None
    if earlier is None or wider is None:
        return _proposal(codemod, root, entry, _parse(entry, (root / entry).read_bytes()),
                         found.segments, files)
    return _propose_again(codemod, wider, root, found, earlier, files)


def _propose_again(codemod: Codemod, wider: Codemod, root: Path, found: Entrypoint,
                   earlier: compose.Earlier, files: list[Path]) -> Proposal:
    """Plan `wider` from the entrypoint as it was before the `earlier` splits."""
    compose.refuse_edited(earlier)
    entry = found.path
    script = any("[project.scripts]" in signal for signal in found.signals)
    segments = compose.segments_of(root, entry, earlier.original, script)
    proposal = _proposal(wider, root, entry, _parse(entry, earlier.original), segments, files,
                         ours=earlier.created)
    _refuse_dropped(proposal, earlier)
    note = (f"{entry} was split by {', '.join(earlier.ids)}: planned again from the entrypoint "
            f"as it was before (line numbers refer to that version), extracting what that "
            f"split did and what {codemod.name} adds")
    plan = replace(proposal.plan, notes=(note, *proposal.plan.notes))
    return Proposal(plan, proposal.changeset, ((entry, earlier.original),))


def _proposal(codemod: Codemod, root: Path, entry: str, facts: ModuleFacts,
              segments: Sequence[Segment], files: list[Path],
              ours: frozenset[str] = frozenset()) -> Proposal:
    facts, segments = lift_for_split(set(codemod.modules), root, entry, facts, segments)
    plan = plan_split(codemod, root, entry, facts, segments, files)
    if plan.blockers or not plan.moved:
        return Proposal(plan, Changeset(str(root), ()))
    texts = Renderer(plan, facts, plan.package).render()
    plan = replace(plan, notes=plan.notes + oversized(texts))
    new_paths = [m.path for m in plan.used_modules() if m.path not in ours]
    return Proposal(plan, build_changeset(root, texts, new_paths))


def _refuse_dropped(proposal: Proposal, earlier: compose.Earlier) -> None:
    """A module an earlier split created that the wider plan leaves empty would linger."""
    used = {m.path for m in proposal.plan.used_modules()}
    dropped = sorted(earlier.created - used - {proposal.plan.entrypoint})
    if dropped and not proposal.plan.blockers:
        raise UsageError(f"{dropped[0]}: the wider split would leave it empty; undo "
                         f"{earlier.ids[0]} and apply the codemods together instead")


def _is_rust(entrypoint: str | None, result: object) -> bool:
    """By the given entrypoint's suffix; else Rust when there is no Python entrypoint."""
    if entrypoint:
        return entrypoint.endswith(".rs")
    paths = [e.path for e in result.entrypoints]  # type: ignore[attr-defined]
    return not any(p.endswith(".py") for p in paths) and any(p.endswith(".rs") for p in paths)


def _propose_rust(codemod, root: Path, entrypoint: str | None, result) -> Proposal:
    entries = {e.path: e for e in result.entrypoints
               if e.path.endswith(".rs") and not (root / e.path).is_symlink()}
    entry = _given_entry(root, entrypoint) if entrypoint else \
        max(entries, key=lambda p: entries[p].lines, default=None)
    if entry is None:
        raise UsageError(f"no Rust entrypoint (`fn main`) found under {root}; "
                         "pass --entrypoint FILE")
    segments = entries[entry].segments if entry in entries else ()
    plan, changeset = propose_rust(codemod, root, entry, segments)
    if not changeset.empty:  # what --write will count again and compare
        now = rust_verify.counts(root, entry, [], result)
        plan = replace(plan, notes=(*plan.notes, f"checked after writing: {now.summary()}",
                                    rust_compile.compile_note(root, entry)))
    return Proposal(plan, changeset)


def _parse(entry: str, source: bytes) -> ModuleFacts:
    try:
        return module_facts(source.decode("utf-8"))
    except (UnicodeDecodeError, cst.ParserSyntaxError) as err:
        raise InputError(f"{entry}:{getattr(err, 'raw_line', 1)}: cannot parse: "
                         f"{str(err).splitlines()[0]}") from None


def _entry(root: Path, entrypoint: str | None, result: object) -> str:
    if entrypoint:
        return _given_entry(root, entrypoint)
    texts = _python_texts(root, [e.path for e in result.entrypoints])  # type: ignore[attr-defined]
    found = list(texts)
    split = [p for p in found if MARKER in texts[p]]
    if split:
        return split[0]  # already split: planning it again finds nothing to do
    found = [p for p in found if SPLIT_OUT not in texts[p]]  # pieces of an earlier split
    if not found:
        broken = _unparsed(result)
        why = (f" ({len(broken)} file(s) did not parse, e.g. {broken[0].render()})"
               if broken else "")
        raise UsageError(f"no Python entrypoint found under {root}{why}; "
                         "pass --entrypoint FILE")
    return max(found, key=lambda p: texts[p].count("\n"))


def _unparsed(result: Analysis, path: str | None = None) -> list[Diagnostic]:
    """Python files (or `path`) the analysis could not parse: no anatomy, nothing to plan."""
    python = {f.path for f in result.files if f.language == "python"}
    return [d for d in result.diagnostics if d.severity == "error" and d.path in python
            and (path is None or d.path == path)]


def _python_texts(root: Path, paths: list[str]) -> dict[str, str]:
    # a symlinked entrypoint is never picked: writing would replace the link with a file
    python = (p for p in paths if p.endswith(".py") and not (root / p).is_symlink())
    return {p: (root / p).read_text(encoding="utf-8", errors="replace") for p in python}


def _given_entry(root: Path, entrypoint: str) -> str:
    if (root / entrypoint).is_symlink():
        raise UsageError(f"{entrypoint}: a symlink (to {os.readlink(root / entrypoint)}); apply "
                         "never replaces a link with a file: name the file it points to")
    target = (root / entrypoint).resolve()
    if not target.is_file():
        raise UsageError(f"{entrypoint}: no such file under {root}")
    try:
        return target.relative_to(root).as_posix()
    except ValueError:
        raise UsageError(f"{entrypoint}: not inside {root}") from None


def write(proposal: Proposal, force: bool = False, verify: str | None = None,
          compile_: bool = True) -> Outcome:
    """`compile_=False` (`--no-compile`): a Rust split is not checked by `cargo check`."""
    _refuse(proposal, force)
    if proposal.changeset.empty:
        return Outcome(None, ())
    try:  # the transaction checks free space and permissions before the first byte
        return _write(proposal, verify, compile_)
    except OSError as err:  # the disk filled up or a permission changed while writing
        raise environment_error(err) from None


def _write(proposal: Proposal, verify: str | None, compile_: bool) -> Outcome:
    plan, changeset = proposal.plan, proposal.changeset
    root = Path(changeset.root)
    if plan.entrypoint.endswith(".rs"):
        return _write_rust(proposal, verify, compile_)
    homes = [m.path for m in plan.used_modules()]
    before = snapshot(root, plan.entrypoint, [])
    with Transaction(changeset, plan.codemod) as written:
        checks = _post_check(root, plan, before, homes) + _flakes_check(proposal)
        output = _verify(root, verify) if verify else ""
    return Outcome(written.entry, checks, output, tuple(written.recovered))


def _flakes_check(proposal: Proposal) -> tuple[str, ...]:
    """pyflakes over every Python file written, against what those files were before: an
    independent check of what our own inventory might have missed."""
    changes = [c for c in proposal.changeset.changes if c.path.endswith(".py")]
    written = [(c.path, c.after) for c in changes]
    originals = [(c.path, c.before) for c in changes if c.before is not None]
    fresh = new_warnings([*proposal.originals, *originals], written)
    if fresh:
        shown = "; ".join(w.render() for w in fresh[:5])
        more = f" (and {len(fresh) - 5} more)" if len(fresh) > 5 else ""
        raise VerificationFailed(f"pyflakes found what the original did not have, rolled "
                                 f"back: {shown}{more}")
    return (f"pyflakes: no new warnings in {len(written)} written module(s)",)


def _write_rust(proposal: Proposal, verify: str | None, compile_: bool) -> Outcome:
    """Counted and compiled (rust/compile.py); `--verify` runs last, rolling back on failure."""
    plan, changeset = proposal.plan, proposal.changeset
    root = Path(changeset.root)
    done = rust_compile.write_checked(changeset, plan.codemod, plan.entrypoint, compile_,
                                      lambda: _verify(root, verify) if verify else "")
    return Outcome(done.entry, done.checks, done.output, done.recovered, done.compiled)


def _refuse(proposal: Proposal, force: bool) -> None:
    plan = proposal.plan
    if plan.blockers:
        raise UsageError(f"{plan.entrypoint}: cannot split safely: {plan.blockers[0]}")
    conflicts = [c.path for c in proposal.changeset.changes if c.conflict]
    if conflicts and not force:
        raise UsageError(f"{conflicts[0]} already exists with other content; "
                         "pass --force to overwrite it (undo restores it)")
    root = Path(proposal.changeset.root)
    for change in proposal.changeset.changes:
        if (root / change.path).is_symlink():  # a rename would replace the link, not its target
            raise UsageError(f"{change.path} is a symlink; apply never replaces a link with "
                             "a file")


def _post_check(root: Path, plan: SplitPlan, before: Snapshot, homes: list[str]) -> tuple[str, ...]:
    after = snapshot(root, plan.entrypoint, homes)
    package = plan.package
    prefix = f"{package}." if package else ""
    modules = {prefix + m.name: m.path for m in plan.used_modules()}
    modules[plan.module_name] = plan.entrypoint
    cycles = import_cycles(root, modules, package)
    problems = compare(before, after) + [f"import cycle: {c}" for c in cycles]
    if problems:
        raise VerificationFailed("post-apply check failed, rolled back: " + "; ".join(problems))
    return (f"route inventory identical ({len(after.routes)} routes)",
            f"all {len(before.names)} names of {plan.entrypoint} still importable",
            f"no import cycle among {len(modules)} modules")


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
        raise UsageError(f"{path}: not a folder; -C takes the folder the codemod was applied to")
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
