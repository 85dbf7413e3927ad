"""A changeset: for each file, the bytes on disk now and the bytes a codemod wants there."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class FileChange:
    path: str  # repo-relative POSIX path
    before: bytes | None  # None: the file does not exist yet
    after: bytes
    must_be_new: bool = False  # a module the codemod creates: existing other content conflicts
    removed: bool = False  # the file is deleted (a module moved away); `after` is then b""

    @property
    def created(self) -> bool:
        return self.before is None

    @property
    def conflict(self) -> bool:
        return self.must_be_new and self.before is not None and self.before != self.after


@dataclass(frozen=True, slots=True)
class Changeset:
    root: str  # absolute path of the project root
    changes: tuple[FileChange, ...]

    @property
    def empty(self) -> bool:
        return not self.changes

    def diff(self) -> str:
        """Unified diff of every change, files in path order."""
        return "".join(unified_diff(change) for change in self.changes)


def unified_diff(change: FileChange) -> str:
    old = _text(change.before) if change.before is not None else ""
    new = _text(change.after)
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile="/dev/null" if change.created else f"a/{change.path}",
        tofile="/dev/null" if change.removed else f"b/{change.path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def build_changeset(root: Path, texts: Mapping[str, str], new_paths: Iterable[str]) -> Changeset:
    """Compare `texts` (path -> wanted text) with the disk; unchanged files are left out."""
    must_be_new = set(new_paths)
    changes = []
    for path in sorted(texts):
        target = root / path
        before = target.read_bytes() if target.is_file() else None
        after = texts[path].encode("utf-8")
        if before != after:
            changes.append(FileChange(path, before, after, path in must_be_new))
    return Changeset(str(root), tuple(changes))
