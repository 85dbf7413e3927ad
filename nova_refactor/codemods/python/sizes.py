"""Warn about written modules that are still too long to call the split done."""

from __future__ import annotations

from collections.abc import Mapping

FILE_LIMIT = 500  # the default rule pack's `file-size` limit: the plan's "largest file < 500"


def oversized(texts: Mapping[str, str], limit: int = FILE_LIMIT) -> tuple[str, ...]:
    """One warning per module of `texts` (path -> text) with `limit` lines or more."""
    return tuple(
        f"warning: {path} will have {lines} lines, not under the file-size limit ({limit}): "
        "the split leaves it to split by hand"
        for path, lines in sorted((p, t.count("\n")) for p, t in texts.items())
        if lines >= limit)
