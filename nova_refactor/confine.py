"""Keep paths that come from a repository's own content inside that repository.

A repository we analyse or change may be hostile: its configuration (`baseline`, `coverage`,
`pack`) and the journal manifests it ships name paths that we then read, write or delete. Those
paths must never reach outside the repository, neither by `..`, nor as absolute paths, nor
through a symlinked folder or file that points out. Paths the user types on the command line are
not checked here: the user may point anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath


class OutsideRoot(ValueError):
    """A repository-supplied path that would leave the repository; the message says why."""


def confined(root: Path, relative: str) -> Path:
    """`root / relative`, after checking that it names something inside `root`.

    Refused: an empty or absolute path (POSIX or Windows style), any `..` component, and a path
    whose resolution (symlinked parents or the file itself) ends outside the resolved root.
    """
    if not isinstance(relative, str) or not relative or "\0" in relative:
        raise OutsideRoot(f"{relative!r}: not a relative path")
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).is_absolute() \
            or PureWindowsPath(relative).drive:
        raise OutsideRoot(f"{relative}: an absolute path, not one inside the repository")
    if ".." in PurePosixPath(relative.replace("\\", "/")).parts:
        raise OutsideRoot(f"{relative}: goes up with '..' out of the repository")
    top = root.resolve()
    target = top / relative
    real = Path(os.path.realpath(target))  # follows every symlink that exists, even a loop's start
    if real != top and top not in real.parents:
        raise OutsideRoot(f"{relative}: a symlink leads out of the repository (to {real})")
    return target
