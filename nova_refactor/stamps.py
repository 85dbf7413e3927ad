"""File stamps: the content hash of a file whose stat has not changed, without reading it.

A stamp is (mtime_ns, ctime_ns, size, inode) with the digest seen for it. It is trusted only
when the file was already older than two seconds when the stamp was taken, so a file written
twice within one timestamp tick (git's "racily clean" case) is always read again. Stamps live
in the result cache's sqlite file, never in the analysed repository; any failure means the
file is simply read.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from nova_refactor.cache import is_locked, open_db

SETTLED_NS = 2_000_000_000  # a file younger than this when stamped is not trusted later


def _signature(stat: os.stat_result) -> str:
    return f"{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_size}:{stat.st_ino}"


class Stamps:
    def __init__(self, directory: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        self._known: dict[str, tuple[str, str]] = {}
        self._fresh: list[tuple[str, str, str, int]] = []
        self._now = time.time_ns()
        self.locked = False  # another run holds the cache: this one goes without it
        if directory is None:
            return
        try:
            self._db = open_db(directory)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS stamps "
                "(path TEXT PRIMARY KEY, signature TEXT, digest TEXT, taken INTEGER)"
            )
        except (OSError, sqlite3.Error) as err:
            self._db = None
            self.locked = is_locked(err)

    def load(self, paths: list[str]) -> None:
        """Read the stamps of `paths` (absolute) in one pass."""
        if self._db is None:
            return
        try:
            for start in range(0, len(paths), 500):
                chunk = paths[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT path, signature, digest, taken FROM stamps WHERE path IN ({marks})",
                    chunk,
                )
                self._known.update(
                    (path, (signature, digest))
                    for path, signature, digest, taken in rows
                    if int(signature.split(":", 1)[0]) + SETTLED_NS < taken
                )
        except (sqlite3.Error, ValueError):
            self._known = {}

    def digest(self, path: str, stat: os.stat_result) -> str | None:
        """The digest of an unchanged file, or None: it must be read."""
        known = self._known.get(path)
        return known[1] if known and known[0] == _signature(stat) else None

    def record(self, path: str, stat: os.stat_result, digest: str) -> None:
        self._fresh.append((path, _signature(stat), digest, self._now))

    def close(self) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO stamps VALUES (?, ?, ?, ?)",
                                     self._fresh)
        except sqlite3.Error:
            pass
        self._db.close()
