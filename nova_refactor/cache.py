"""The caches of analysis results, in one sqlite3 file in the user's cache directory (never
inside the analysed repository, so a repository cannot plant data that we would load)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

# Another run writing the cache holds its lock: wait this long, then run without the cache
# (sqlite's default of 5 s per connection stalled a run 15 s).
LOCK_WAIT_S = 0.2
LOCKED_NOTE = "the result cache is locked by another run: analysed without it"


def open_db(directory: Path) -> sqlite3.Connection:
    directory.mkdir(parents=True, exist_ok=True)
    return sqlite3.connect(directory / "facts.sqlite3", timeout=LOCK_WAIT_S)


def open_table(directory: Path | None, ddl: str) -> sqlite3.Connection | None:
    """The cache database with `ddl`'s table made, or None when there is no cache folder or
    it cannot be opened: a cache never fails a run."""
    if directory is None:
        return None
    try:
        db = open_db(directory)
        db.execute(ddl)
    except (OSError, sqlite3.Error):
        return None
    return db


def is_locked(err: Exception) -> bool:
    return "locked" in str(err) or "busy" in str(err)


def default_cache_dir() -> Path:
    explicit = os.environ.get("NOVA_REFACTOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nova-refactor"


class ResultCache:
    """Per-file results keyed by content hash, in one sqlite3 file.

    A cache that cannot be opened or written is silently skipped: it must never fail a run.
    """

    def __init__(self, directory: Path | None, salt: str) -> None:
        self._salt = salt
        self._db = open_table(
            directory, "CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, data TEXT)")

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def key(self, rel_path: str, digest: str, extra: str = "") -> str:
        return hashlib.sha256(f"{self._salt}\0{rel_path}\0{digest}\0{extra}".encode()).hexdigest()

    def get_blobs(self, keys: list[str]) -> dict[str, bytes]:
        """Stored bytes by key, as `put_blobs` wrote them (the caller decodes)."""
        if self._db is None or not keys:
            return {}
        found: dict[str, bytes] = {}
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, data FROM facts WHERE key IN ({marks})"
                found.update(
                    (key, data) for key, data in self._db.execute(query, chunk)
                    if isinstance(data, bytes)
                )
        except sqlite3.Error:
            return {}
        return found

    def put_blobs(self, items: dict[str, bytes]) -> None:
        self._put(list(items.items()))

    def _put(self, rows: list[tuple[str, str | bytes]]) -> None:
        if self._db is None or not rows:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?)", rows)
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


class RunCache:
    """The rendered output of the last run per scope (paths, format, options), in the same
    sqlite file as the facts. One row per scope, replaced on every run, so it cannot grow
    without bound. Never fails a run."""

    def __init__(self, directory: Path | None, salt: str) -> None:
        self._salt = salt
        self._db = open_table(directory, "CREATE TABLE IF NOT EXISTS runs "
                                         "(scope TEXT PRIMARY KEY, key TEXT, data BLOB)")

    def key(self, *parts: str) -> str:
        digest = hashlib.sha256(self._salt.encode())
        for part in parts:
            digest.update(b"\0" + part.encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def get(self, scope: str, key: str) -> bytes | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT data FROM runs WHERE scope = ? AND key = ?", (scope, key)
            ).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row and isinstance(row[0], bytes) else None

    def put(self, scope: str, key: str, data: bytes) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO runs VALUES (?, ?, ?)", (scope, key, data))
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
