"""The source pre-scan that lets the lock pass skip constructions must never hide a lock."""

from __future__ import annotations

import pytest

from nova_refactor.frontends.python.locks import may_construct
from tests.helpers import facts_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x = 1\n", False),
        ("import threading\nL = threading.Lock()\n", True),
        ("from asyncio import Semaphore as S\n", True),
        ("c = threading.Condition()\n", True),
        ("m = multiprocessing.Manager()\n", True),
        ("s = 'é'\n", True),  # non-ASCII: identifiers are NFKC-normalised, so always scan
    ],
)
def test_may_construct(text: str, expected: bool) -> None:
    assert may_construct(text) is expected


def test_fullwidth_lock_name_is_still_found() -> None:
    # `Ｌock` (fullwidth L) is `Lock` once parsed; its bytes do not contain "Lock".
    sites = facts_of("import threading\nGUARD = threading.\uff2cock()\n").locks
    assert [(s.owner, s.primitive) for s in sites] == [("GUARD", "threading.Lock")]


def test_foreign_rebinding_without_lock_words_is_a_mutable_global() -> None:
    code = "import settings\n\ndef reset():\n    settings.CACHE = {}\n"
    sites = facts_of(code).locks
    assert [(s.owner, s.role) for s in sites] == [("settings.CACHE", "rebinding")]
    assert sites[0].primitive.endswith("mutable global")
