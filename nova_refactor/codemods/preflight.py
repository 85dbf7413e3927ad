"""Before `apply --write` shows a diff or touches a file: can the change be written at all?

A read-only checkout, a folder without write permission or a disk too full are the user's
environment, not an internal error: one line, exit 2, before any diff is printed and before
the journal is started.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from nova_refactor.codemods.changeset import Changeset
from nova_refactor.errors import UsageError

MARGIN_BYTES = 1 << 20  # sqlite, temporary files and the manifest on top of the contents


def check_writable(changeset: Changeset) -> None:
    """UsageError naming the first folder that cannot be written, or the space missing."""
    root = Path(changeset.root)
    folders = {root, *(_existing_folder(root / change.path) for change in changeset.changes)}
    for folder in sorted(folders):
        if not os.access(folder, os.W_OK | os.X_OK):
            raise UsageError(f"cannot write under {folder}: read-only file system or no "
                             "permission; nothing was changed")
    # every new file, plus the journal's copy of every original
    needed = sum(len(c.after) + len(c.before or b"") for c in changeset.changes) + MARGIN_BYTES
    free = shutil.disk_usage(root).free
    if free < needed:
        raise UsageError(f"not enough free space under {root}: {needed // 1024} KiB needed, "
                         f"{free // 1024} KiB free; nothing was changed")


def _existing_folder(path: Path) -> Path:
    """The folder a file at `path` lands in, or its nearest ancestor that exists (new
    folders are made there)."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def environment_error(err: OSError) -> UsageError:
    where = f"{err.filename}: " if err.filename else ""
    return UsageError(f"cannot write: {where}{err.strerror or err}")
