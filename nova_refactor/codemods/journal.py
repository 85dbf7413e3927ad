"""The journal of written changes: originals kept byte for byte, so `undo` restores them.

Layout: `<root>/.nova-refactor/journal/<id>/manifest.json` plus `originals/<path>` for every
file that existed before. Writes are atomic (temporary file in the same folder + rename), so a
reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nova_refactor.codemods.changeset import Changeset
from nova_refactor.errors import InputError, UsageError
from nova_refactor.workspace import atomic_write as atomic_write  # journal.atomic_write

STATE_DIR = ".nova-refactor"
JOURNAL = f"{STATE_DIR}/journal"


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    codemod: str
    created: tuple[str, ...]
    modified: tuple[str, ...]
    written: dict[str, str]  # path -> sha256 of the bytes written
    undone: bool = False


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record(changeset: Changeset, codemod: str) -> Entry:
    """Keep the originals of `changeset` before anything is written; returns the entry."""
    root = Path(changeset.root)
    state = root / STATE_DIR
    state.mkdir(exist_ok=True)
    ignore = state / ".gitignore"
    if not ignore.exists():
        atomic_write(ignore, b"*\n")  # the journal never ends up in the user's commits
    now = time.time_ns()  # sortable to the microsecond, unique with the random tail
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now / 1e9))
    entry_id = f"{stamp}.{now // 1000 % 1_000_000:06d}-{secrets.token_hex(2)}"
    folder = root / JOURNAL / entry_id
    for change in changeset.changes:
        if change.before is not None:
            atomic_write(folder / "originals" / change.path, change.before)
    entry = Entry(
        id=entry_id, codemod=codemod,
        created=tuple(c.path for c in changeset.changes if c.created),
        modified=tuple(c.path for c in changeset.changes if not c.created),
        written={c.path: sha256(c.after) for c in changeset.changes},
    )
    _save(root, entry)
    return entry


def _save(root: Path, entry: Entry) -> None:
    data = {"id": entry.id, "codemod": entry.codemod, "created": list(entry.created),
            "modified": list(entry.modified), "written": entry.written, "undone": entry.undone}
    atomic_write(root / JOURNAL / entry.id / "manifest.json",
                 (json.dumps(data, indent=2, sort_keys=True) + "\n").encode())


def rewritten(root: Path, entry: Entry, files: dict[str, bytes]) -> Entry:
    """The entry after some of its files were written again (the compiler pruned them), so
    that `undo` does not take the second write for someone else's edit."""
    written = {**entry.written, **{path: sha256(data) for path, data in files.items()}}
    done = Entry(entry.id, entry.codemod, entry.created, entry.modified, written, entry.undone)
    _save(root, done)
    return done


def load(root: Path, entry_id: str) -> Entry:
    manifest = root / JOURNAL / entry_id / "manifest.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return Entry(data["id"], data["codemod"], tuple(data["created"]),
                     tuple(data["modified"]), dict(data["written"]), bool(data["undone"]))
    except FileNotFoundError:
        raise UsageError(f"no journal entry {entry_id!r} under {root / JOURNAL}") from None
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(f"{manifest}: unreadable journal entry ({err})") from None


def applied(root: Path) -> Iterator[Entry]:
    """The entries not undone yet, newest first."""
    folder = root / JOURNAL
    ids = sorted((p.name for p in folder.iterdir() if p.is_dir()), reverse=True) \
        if folder.is_dir() else []
    for entry_id in ids:
        entry = load(root, entry_id)
        if not entry.undone:
            yield entry


def latest(root: Path) -> Entry:
    """The newest entry not undone yet."""
    for entry in applied(root):
        return entry
    raise UsageError(f"nothing to undo: no applied change journalled under {root / JOURNAL}")


def original(root: Path, entry: Entry, path: str) -> bytes:
    """The bytes `path` held before `entry` modified it."""
    return (root / JOURNAL / entry.id / "originals" / path).read_bytes()


def edited_since(root: Path, entry: Entry) -> list[str]:
    """Files changed by someone else after the entry wrote them."""
    edited = []
    for path, digest in sorted(entry.written.items()):
        target = root / path
        if not target.is_file() or sha256(target.read_bytes()) != digest:
            edited.append(path)
    return edited


def restore(root: Path, entry: Entry) -> Entry:
    """Put back the originals byte for byte and remove the files the entry created."""
    for path in entry.modified:
        atomic_write(root / path, original(root, entry, path))
    for path in entry.created:
        (root / path).unlink(missing_ok=True)
    done = Entry(entry.id, entry.codemod, entry.created, entry.modified, entry.written, True)
    _save(root, done)
    return done
