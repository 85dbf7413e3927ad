"""Which lock sites belong to the service: test code is left out of the inventory and the
hot paths unless asked for (`--include-tests`).

Test code: a site the frontend marked `test` (`#[cfg(test)]`, `#[test]` functions), a file
under a `tests/` or `benches/` folder, `test_*.py`, `*_test.*`, `conftest.py` and, for Rust,
a crate's `examples/` (each built as its own binary, never part of the service). A mock
under `tests/` that holds an `Arc<Mutex<..>>` is not shared state of the service.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from nova_refactor.analysis.naming import is_test
from nova_refactor.model import FileFacts

RUST_ONLY_DIRS = frozenset({"examples"})


def is_test_code(path: str) -> bool:
    if is_test(path):
        return True
    return path.endswith(".rs") and any(
        part in RUST_ONLY_DIRS for part in path.split("/")[:-1])


def without_test_locks(files: Sequence[FileFacts], include_tests: bool) -> list[FileFacts]:
    """`files` with the lock sites of test code dropped (all kept with `include_tests`)."""
    if include_tests:
        return list(files)
    kept = []
    for facts in files:
        if not facts.locks:
            kept.append(facts)  # nothing to drop: the path need not be judged
            continue
        test_file = is_test_code(facts.path)
        locks = () if test_file else tuple(s for s in facts.locks if not s.test)
        kept.append(facts if locks == facts.locks else dataclasses.replace(facts, locks=locks))
    return kept
