"""Extractions compose: `extract-state`, then later `extract-routes`, ends where
`extract-state+extract-routes` would have.

A split entrypoint is a facade, and planning a facade again finds nothing to move. So a codemod
on an entrypoint that earlier journalled splits wrote is planned from the entrypoint as it was
before the first of them, with every module they extracted plus its own. The result is written
over theirs as one more journal entry: `undo` steps back one codemod at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options, analyze_sources
from nova_refactor.codemods import journal
from nova_refactor.codemods.python.facade import MARKER
from nova_refactor.codemods.registry import Codemod, codemod_named, combined
from nova_refactor.errors import UsageError
from nova_refactor.model import Language, Segment

_MARKER = MARKER.encode()


@dataclass(frozen=True, slots=True)
class Earlier:
    """The journalled splits that produced the entrypoint now on disk."""

    original: bytes  # the entrypoint before the first of them
    modules: frozenset[str]  # every module they extracted
    created: frozenset[str]  # the files they created (ours to rewrite)
    ids: tuple[str, ...]  # their journal entries, newest first
    newest: str  # the codemod of the newest one
    edited: tuple[str, ...]  # files edited by hand since the newest one wrote them


def earlier_splits(root: Path, entry: str) -> Earlier | None:
    """None when the entrypoint is not a facade, or one nova-refactor's journal cannot explain
    (split by hand, or its journal was deleted)."""
    current = (root / entry).read_bytes()
    if _MARKER not in current:
        return None
    ids: list[str] = []
    modules: set[str] = set()
    created: set[str] = set()
    newest: journal.Entry | None = None
    written: dict[str, str] = {}  # path -> digest its newest writer in the chain wrote
    for done in journal.applied(root):
        if done.written.get(entry) != journal.sha256(current):
            continue
        newest = newest or done
        ids.append(done.id)
        modules |= set(codemod_named(done.codemod).modules)
        created |= set(done.created)
        for path, digest in done.written.items():
            written.setdefault(path, digest)
        current = journal.original(root, done, entry)
        if _MARKER not in current:
            edited = tuple(p for p, digest in sorted(written.items())
                           if not _holds(root / p, digest))
            return Earlier(current, frozenset(modules), frozenset(created), tuple(ids),
                           newest.codemod, edited)
    return None


def _holds(path: Path, digest: str) -> bool:
    return path.is_file() and journal.sha256(path.read_bytes()) == digest


def refuse_edited(earlier: Earlier) -> None:
    """Re-planning rewrites every file of the earlier splits: an edit to one would be lost."""
    if earlier.edited:
        done = earlier.ids[0]
        raise UsageError(f"{earlier.edited[0]} changed since {done} ({earlier.newest}) wrote it; "
                         "a further extraction re-plans that split and would lose the edit; "
                         "keep the split as it is, or drop the edit with `nova-refactor undo "
                         f"{done} --force` and apply the codemods together (joined by `+`)")


def widened(codemod: Codemod, earlier: Earlier) -> Codemod | None:
    """The codemod that extracts what `earlier` did plus what `codemod` adds; None when it
    adds nothing."""
    modules = earlier.modules | set(codemod.modules)
    return None if modules == earlier.modules else combined(set(modules))


def segments_of(root: Path, entry: str, source: bytes, script: bool) -> tuple[Segment, ...]:
    """The anatomy of the pre-split entrypoint, analysed from its journalled bytes."""
    scripts = frozenset({entry} if script else ())
    result = analyze_sources(root.name, [(entry, Language.PYTHON, source)], (),
                             Options(use_cache=False, jobs=1), scripts=scripts)
    return next((e.segments for e in result.entrypoints if e.path == entry), ())
