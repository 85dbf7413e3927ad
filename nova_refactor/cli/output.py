"""Writing a command's output, without typer (the warm `analyze` path runs before it loads)."""

from __future__ import annotations

import sys
from pathlib import Path

from nova_refactor.errors import UsageError
from nova_refactor.workspace import atomic_write

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
    if target.is_dir():
        raise UsageError(f"{output}: is a folder; give a file name")
    if target.exists() and not target.is_file():
        # A device or pipe (`-o /dev/null`, `-o /dev/stdout`): renaming over it would replace
        # the device with a regular file, so it is written in place.
        with open(target, "w", encoding="utf-8") as stream:
            stream.write(text)
        return
    atomic_write(target, text.encode("utf-8"))
