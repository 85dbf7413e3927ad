"""The journal of written changes: originals kept byte for byte, so `undo` restores them.

Layout: `<root>/.nova-refactor/journal/<id>/manifest.json` plus `originals/<path>` for every
file that existed before. The journal is written ahead: the originals and a manifest in state
`pending` are on disk (fsynced) before the first user file is replaced, and the manifest turns
`applied` only after the last one and its checks. So a process killed at any point leaves
either a folder without a manifest (nothing of the user's was touched yet: it is discarded) or
a `pending` entry that `restore` rolls back. `restore` decides per file by content digest, so
it touches only what the entry really changed and can itself be interrupted and run again.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from nova_refactor.codemods import faults
from nova_refactor.codemods.changeset import Changeset
from nova_refactor.confine import OutsideRoot, confined
from nova_refactor.errors import InputError, UsageError
from nova_refactor.workspace import atomic_write as atomic_write  # journal.atomic_write

STATE_DIR = ".nova-refactor"
JOURNAL = f"{STATE_DIR}/journal"
MANIFEST = "manifest.json"
PENDING, APPLIED, UNDONE = "pending", "applied", "undone"


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    codemod: str
    created: tuple[str, ...]
    modified: tuple[str, ...]
    written: dict[str, str]  # path -> sha256 of the bytes written
    state: str = APPLIED
    removed: tuple[str, ...] = ()  # modified paths the entry deleted (a moved module's old path)

    @property
    def undone(self) -> bool:
        return self.state == UNDONE

    @property
    def pending(self) -> bool:
        return self.state == PENDING


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def folder_of(root: Path, entry_id: str) -> Path:
    return root / JOURNAL / entry_id


def record(changeset: Changeset, codemod: str) -> Entry:
    """Keep the originals of `changeset`, then a `pending` manifest: nothing of the user's is
    written before this returns."""
    root = Path(changeset.root)
    ensure_state_dir(root)
    now = time.time_ns()  # sortable to the microsecond, unique with the random tail
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now / 1e9))
    entry_id = f"{stamp}.{now // 1000 % 1_000_000:06d}-{secrets.token_hex(2)}"
    folder = folder_of(root, entry_id)
    for change in changeset.changes:
        if change.before is not None:
            atomic_write(folder / "originals" / change.path, change.before)
            faults.step()
    entry = Entry(
        id=entry_id, codemod=codemod,
        created=tuple(c.path for c in changeset.changes if c.created),
        modified=tuple(c.path for c in changeset.changes if not c.created),
        written={c.path: sha256(c.after) for c in changeset.changes},
        state=PENDING,
        removed=tuple(c.path for c in changeset.changes if c.removed),
    )
    _save(root, entry)
    return entry


def ensure_state_dir(root: Path) -> None:
    """`.nova-refactor/`, git-ignored from the start: neither the journal nor the lock file
    ever ends up in the user's commits or `git status`."""
    state = root / STATE_DIR
    state.mkdir(exist_ok=True)
    ignore = state / ".gitignore"
    if not ignore.exists():
        atomic_write(ignore, b"*\n")


def commit(root: Path, entry: Entry) -> Entry:
    """Every file is written and checked: the entry becomes one that `undo` reverts."""
    done = replace(entry, state=APPLIED)
    _save(root, done)
    return done


def remove_file(root: Path, path: str) -> None:
    """Delete one user file the entry moved away (its original is kept in the journal)."""
    (root / path).unlink(missing_ok=True)
    faults.step()


def replace_file(root: Path, entry: Entry, path: str, data: bytes) -> None:
    """Write one user file for `entry`; its temporary name is the entry's, so a rollback
    after a kill finds and removes it."""
    atomic_write(root / path, data, temp_name=_temp_name(path, entry.id), step=faults.step)
    faults.step()


def _temp_name(path: str, entry_id: str) -> str:
    return f".{PurePosixPath(path).name}.{entry_id}.tmp"


def _save(root: Path, entry: Entry) -> None:
    data = {"id": entry.id, "codemod": entry.codemod, "created": list(entry.created),
            "modified": list(entry.modified), "written": entry.written, "state": entry.state,
            "undone": entry.undone, "removed": list(entry.removed)}
    atomic_write(folder_of(root, entry.id) / MANIFEST,
                 (json.dumps(data, indent=2, sort_keys=True) + "\n").encode(),
                 temp_name=f".{MANIFEST}.tmp")
    faults.step()


def rewritten(root: Path, entry: Entry, files: dict[str, bytes]) -> Entry:
    """The entry after some of its files were written again (the compiler pruned them), so
    that `undo` does not take the second write for someone else's edit."""
    done = replace(entry, written={**entry.written,
                                   **{path: sha256(data) for path, data in files.items()}})
    _save(root, done)
    return done


def load(root: Path, entry_id: str) -> Entry:
    manifest = folder_of(root, entry_id) / MANIFEST
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        state = data.get("state") or (UNDONE if data["undone"] else APPLIED)
        entry = Entry(data["id"], data["codemod"], tuple(data["created"]),
                      tuple(data["modified"]), dict(data["written"]), state,
                      tuple(data.get("removed", ())))
    except FileNotFoundError:
        raise UsageError(f"no journal entry {entry_id!r} under {root / JOURNAL}") from None
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(f"{manifest}: unreadable journal entry ({err})") from None
    if state not in (PENDING, APPLIED, UNDONE):
        raise InputError(f"{manifest}: unreadable journal entry (state {state!r})")
    return entry


def _entries(root: Path) -> Iterator[Entry]:
    """Every entry with a manifest, newest first."""
    folder = root / JOURNAL
    ids = sorted((p.name for p in folder.iterdir()
                  if p.is_dir() and (p / MANIFEST).is_file()), reverse=True) \
        if folder.is_dir() else []
    for entry_id in ids:
        yield load(root, entry_id)


def applied(root: Path) -> Iterator[Entry]:
    """The entries written to the end and not undone yet, newest first."""
    return (e for e in _entries(root) if e.state == APPLIED)


def pending(root: Path) -> list[Entry]:
    """Entries whose apply was interrupted (killed, or its rollback failed), newest first."""
    return [e for e in _entries(root) if e.pending]


def latest(root: Path) -> Entry:
    """The newest entry not undone yet (an interrupted one included)."""
    for entry in _entries(root):
        if not entry.undone:
            return entry
    raise UsageError(f"nothing to undo: no applied change journalled under {root / JOURNAL}")


def discard_incomplete(root: Path) -> list[str]:
    """Remove journal folders without a manifest: an apply killed while it kept the originals,
    before it touched any file of the user's."""
    folder = root / JOURNAL
    if not folder.is_dir():
        return []
    stale = [p for p in folder.iterdir() if p.is_dir() and not (p / MANIFEST).is_file()]
    for path in stale:
        shutil.rmtree(path)
    return sorted(p.name for p in stale)


def refuse_outside(root: Path, entry: Entry) -> None:
    """A journal manifest is a file in the repository, so a repository can ship a crafted one:
    every path it names (and the original kept for it) must stay inside the project before
    `restore` writes or deletes anything for it."""
    try:
        if "/" in entry.id or "\\" in entry.id:
            raise OutsideRoot(f"{entry.id}: not a journal entry name")
        folder = confined(root, f"{JOURNAL}/{entry.id}")
        for path in (*entry.created, *entry.modified, *entry.written):
            confined(root, path)
        for path in entry.modified:
            confined(folder / "originals", path)
    except OutsideRoot as err:
        raise UsageError(f"refusing to undo {entry.id}: its manifest names a path outside "
                         f"{root}: {err}") from None


def original(root: Path, entry: Entry, path: str) -> bytes:
    """The bytes `path` held before `entry` modified it."""
    return (folder_of(root, entry.id) / "originals" / path).read_bytes()


def _digest(target: Path) -> str | None:
    return sha256(target.read_bytes()) if target.is_file() else None


def _expected(root: Path, entry: Entry, path: str) -> set[str | None]:
    """What `path` may hold without anyone but the entry having touched it."""
    before = sha256(original(root, entry, path)) if path in entry.modified else None
    if path in entry.removed:  # deleted by the entry: absent is what it wrote
        return {before, None}
    return {before, entry.written.get(path)}


def edited_since(root: Path, entry: Entry) -> list[str]:
    """Files changed by someone else after the entry wrote them (a file still as it was
    before the entry, or not yet created, is not edited)."""
    return [path for path in sorted(entry.written)
            if _digest(root / path) not in _expected(root, entry, path)]


def restore(root: Path, entry: Entry, keep_edits: bool = True) -> Entry:
    """Put back the originals byte for byte and remove the files the entry created. Files
    already as they were are left alone, so an interrupted restore can simply run again; a
    file edited since is copied under the entry's `edited/` folder first (`keep_edits`)."""
    edited = set(edited_since(root, entry))
    for path in sorted(entry.written):
        target = root / path
        if path in edited and keep_edits:
            atomic_write(folder_of(root, entry.id) / "edited" / path, target.read_bytes())
        if path in entry.modified:
            data = original(root, entry, path)
            if _digest(target) != sha256(data):
                replace_file(root, entry, path, data)
        elif target.is_file():
            target.unlink()
            _remove_empty_folders(root, target.parent)
            faults.step()
    _remove_debris(root, entry)
    done = replace(entry, state=UNDONE)
    _save(root, done)
    return done


def _remove_empty_folders(root: Path, folder: Path) -> None:
    """Folders left empty by removing a created file (a new package's) go too."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()  # only ever succeeds on an empty folder
        except OSError:
            return
        folder = folder.parent


def kept_edits(root: Path, entry: Entry) -> list[Path]:
    """The copies `restore` kept of files edited after the entry wrote them."""
    folder = folder_of(root, entry.id) / "edited"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def _remove_debris(root: Path, entry: Entry) -> None:
    """Temporary files a killed write of this entry left beside the user's files."""
    for path in entry.written:
        (root / path).with_name(_temp_name(path, entry.id)).unlink(missing_ok=True)
    (folder_of(root, entry.id) / f".{MANIFEST}.tmp").unlink(missing_ok=True)

