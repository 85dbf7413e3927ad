"""Write a plan directory: atomically, and never over files the plan did not write.

A new directory is built next to its destination and renamed into place, so a reader sees all
files or none. An existing directory is written into only when it is empty or holds nothing but
files a previous `plan` wrote (they start with the generated-file marker), unless `force`; each
file is then replaced atomically, and stale generated files (an ADR for a service no longer
proposed) are removed. Files of other origin are never removed, even with `force`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from nova_refactor.errors import UsageError
from nova_refactor.planning.markdown import MARKER
from nova_refactor.workspace import atomic_write, umask


@dataclass(frozen=True, slots=True)
class Written:
    directory: str
    files: tuple[str, ...]  # relative paths written, sorted
    removed: tuple[str, ...]  # stale generated files removed


def write_plan(directory: Path, files: Mapping[str, str], force: bool = False) -> Written:
    """Raises UsageError (exit 2) when the directory is someone else's and not `force`."""
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory}: exists and is not a directory")
    if not directory.exists():
        _create(directory, files)
        return Written(str(directory), tuple(sorted(files)), ())
    _refuse_foreign(directory, force)
    stale = [p for p in _entries(directory)
             if _generated(p) and p.relative_to(directory).as_posix() not in files]
    for name, text in sorted(files.items()):
        atomic_write(directory / name, text.encode("utf-8"))
    for path in stale:
        path.unlink()
    return Written(str(directory), tuple(sorted(files)),
                   tuple(sorted(p.relative_to(directory).as_posix() for p in stale)))


def _refuse_foreign(directory: Path, force: bool) -> None:
    foreign = [p for p in _entries(directory) if not _generated(p)]
    if foreign and not force:
        shown = foreign[0].relative_to(directory).as_posix()
        raise UsageError(f"{directory}: not empty and not written by `nova-refactor plan` "
                         f"(e.g. {shown}); choose another directory or pass --force")


def _create(directory: Path, files: Mapping[str, str]) -> None:
    parent = directory.absolute().parent
    if not parent.is_dir():
        raise UsageError(f"{directory}: parent directory {parent} does not exist")
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=parent))
    try:
        for name, text in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        mode = 0o777 & ~umask()
        for folder in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
            folder.chmod(mode)  # mkdtemp makes 0700; a plan is meant to be shared
        os.rename(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _entries(directory: Path) -> list[Path]:
    """Every file below `directory`, and every folder that is not `adr/` (ours)."""
    found = []
    for path in sorted(directory.rglob("*")):
        if path.is_dir():
            if path.relative_to(directory).as_posix() != "adr":
                found.append(path)
        else:
            found.append(path)
    return found


def _generated(path: Path) -> bool:
    if not path.is_file() or path.is_symlink() or path.suffix != ".md":
        return False
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.readline().rstrip("\n") == MARKER
    except (OSError, UnicodeDecodeError):
        return False
