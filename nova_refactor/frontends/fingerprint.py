"""A fingerprint of the code that produces `FileFacts`, part of the result cache's salt.

Cached facts are reused only when the frontends, the model and the codec that made them are
byte-for-byte the code running now, so a changed frontend never serves stale facts, even
when the version number was not bumped.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def _facts_format() -> str:
    digest = hashlib.sha256()
    sources = sorted(Path(__file__).resolve().parent.rglob("*.py"))
    sources += [_PACKAGE / "model.py", _PACKAGE / "codec.py"]
    for path in sources:
        try:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
        except (OSError, ValueError):  # sources not shipped: the version alone must do
            digest.update(b"?")
    return digest.hexdigest()[:16]


FACTS_FORMAT = _facts_format()
