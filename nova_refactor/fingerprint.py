"""Fingerprints of our own code, part of the result caches' salts.

Cached facts are reused only when the frontends, the model and the codec that made them are
byte-for-byte the code running now, so a changed frontend never serves stale facts, even
when the version number was not bumped.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _digest(sources: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sources:
        try:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
        except (OSError, ValueError):  # sources not shipped: the version alone must do
            digest.update(b"?")
    return digest.hexdigest()[:16]


@functools.cache
def facts_format() -> str:
    """The frontends, the model (with its vocabulary) and the codec: what cached `FileFacts`
    depend on."""
    sources = sorted((_PACKAGE / "frontends").rglob("*.py"))
    model = [_PACKAGE / name for name in ("model.py", "vocabulary.py", "codec.py")]
    return _digest([*sources, *model])


@functools.cache
def package_digest() -> str:
    """All of nova-refactor's code: a whole run's cached output depends on every layer."""
    return _digest(sorted(_PACKAGE.rglob("*.py")))
