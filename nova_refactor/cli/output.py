"""Writing a command's output, without typer (the warm `analyze` path runs before it loads)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from nova_refactor.errors import UsageError

DEBUG_ENV = "NOVA_REFACTOR_DEBUG"


def internal_error(err: Exception) -> str:
    """The one line an unexpected error prints (with DEBUG_ENV set, the traceback instead)."""
    return f"internal error: {type(err).__name__}: {err} (rerun with {DEBUG_ENV}=1 for details)"


def write_text(text: str, output: Path | None) -> None:
    """Print, or write atomically to `output` (a reader never sees a half-written file)."""
    if output is None:
        sys.stdout.write(text)
        return
    target = output.resolve()
    if not target.parent.is_dir():
        raise UsageError(f"{output}: directory does not exist")
    if target.exists() and not target.is_file():
        # A device or pipe (`-o /dev/null`, `-o /dev/stdout`): renaming over it would replace
        # the device with a regular file, so it is written in place.
        with open(target, "w", encoding="utf-8") as stream:
            stream.write(text)
        return
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", delete=False
    ) as handle:
        handle.write(text)
    os.chmod(handle.name, _new_file_mode(target))  # temp files are 0600; keep the usual mode
    os.replace(handle.name, target)


def _new_file_mode(target: Path) -> int:
    """The target's current mode, or what a plain `open(..., "w")` would give under the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
