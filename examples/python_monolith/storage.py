"""In-memory persistence for Nova.

``Repository`` is a dict-backed, thread-safe table store standing in for the
Postgres database of the real deployment. ``FakeRedis`` mimics the handful of
Redis commands the app uses (strings, counters, lists, hashes, TTLs).
"""

from __future__ import annotations

import fnmatch
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

TABLES = ("users", "posts", "comments", "likes", "media", "streams", "chat")


class Repository:
    """Thread-safe table store keyed by integer ids."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._tables: dict[str, dict[int, Any]] = {name: {} for name in TABLES}
        self._sequences: dict[str, int] = {name: 0 for name in TABLES}

    def _table(self, name: str) -> dict[int, Any]:
        try:
            return self._tables[name]
        except KeyError:
            raise KeyError(f"unknown table {name!r}") from None

    @contextmanager
    def transaction(self) -> Iterator[Repository]:
        """Hold the repository lock across several operations."""
        with self._lock:
            yield self

    def next_id(self, table: str) -> int:
        with self._lock:
            self._table(table)
            self._sequences[table] += 1
            return self._sequences[table]

    def put(self, table: str, obj: Any) -> Any:
        with self._lock:
            self._table(table)[obj.id] = obj
            return obj

    def get(self, table: str, obj_id: int) -> Any | None:
        with self._lock:
            return self._table(table).get(obj_id)

    def delete(self, table: str, obj_id: int) -> bool:
        with self._lock:
            return self._table(table).pop(obj_id, None) is not None

    def all(self, table: str) -> list[Any]:
        with self._lock:
            rows = self._table(table)
            return [rows[key] for key in sorted(rows)]

    def filter(self, table: str, predicate: Callable[[Any], bool]) -> list[Any]:
        with self._lock:
            return [row for row in self.all(table) if predicate(row)]

    def find_one(self, table: str, **attrs: Any) -> Any | None:
        with self._lock:
            for row in self.all(table):
                if all(
                    getattr(row, key, None) == value for key, value in attrs.items()
                ):
                    return row
            return None

    def update(self, table: str, obj_id: int, **changes: Any) -> Any | None:
        with self._lock:
            row = self._table(table).get(obj_id)
            if row is None:
                return None
            for key, value in changes.items():
                if not hasattr(row, key):
                    raise AttributeError(f"{table} has no field {key!r}")
                setattr(row, key, value)
            return row

    def count(self, table: str) -> int:
        with self._lock:
            return len(self._table(table))

    def counts(self) -> dict[str, int]:
        with self._lock:
            return {name: len(rows) for name, rows in self._tables.items()}

    def clear(self) -> None:
        with self._lock:
            for name in TABLES:
                self._tables[name].clear()
                self._sequences[name] = 0

    def ping(self) -> bool:
        return True


class FakeRedis:
    """A tiny, thread-safe, Redis-like cache client (no network involved)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._data: dict[str, Any] = {}
        self._expiry: dict[str, float] = {}
        self._clock = clock
        self.healthy = True
        self.commands = 0

    def _alive(self, key: str) -> bool:
        deadline = self._expiry.get(key)
        if deadline is not None and deadline <= self._clock():
            self._data.pop(key, None)
            self._expiry.pop(key, None)
            return False
        return key in self._data

    def ping(self) -> bool:
        return self.healthy

    def get(self, key: str) -> Any | None:
        with self._lock:
            self.commands += 1
            return self._data[key] if self._alive(key) else None

    def set(self, key: str, value: Any, ex: float | None = None) -> bool:
        with self._lock:
            self.commands += 1
            self._data[key] = value
            if ex is not None:
                self._expiry[key] = self._clock() + ex
            else:
                self._expiry.pop(key, None)
            return True

    def delete(self, *keys: str) -> int:
        with self._lock:
            self.commands += 1
            removed = 0
            for key in keys:
                if self._alive(key):
                    removed += 1
                self._data.pop(key, None)
                self._expiry.pop(key, None)
            return removed

    def exists(self, key: str) -> bool:
        with self._lock:
            return self._alive(key)

    def incr(self, key: str, amount: int = 1) -> int:
        with self._lock:
            self.commands += 1
            value = int(self._data[key]) if self._alive(key) else 0
            self._data[key] = value + amount
            return value + amount

    def expire(self, key: str, seconds: float) -> bool:
        with self._lock:
            if not self._alive(key):
                return False
            self._expiry[key] = self._clock() + seconds
            return True

    def ttl(self, key: str) -> float:
        with self._lock:
            if not self._alive(key):
                return -2
            deadline = self._expiry.get(key)
            return -1 if deadline is None else max(0.0, deadline - self._clock())

    def keys(self, pattern: str = "*") -> list[str]:
        with self._lock:
            return sorted(
                key
                for key in list(self._data)
                if self._alive(key) and fnmatch.fnmatchcase(key, pattern)
            )

    def lpush(self, key: str, *values: Any) -> int:
        with self._lock:
            if not self._alive(key):
                self._data[key] = []
            items = self._data[key]
            for value in values:
                items.insert(0, value)
            return len(items)

    def lrange(self, key: str, start: int, stop: int) -> list[Any]:
        with self._lock:
            if not self._alive(key):
                return []
            items = self._data[key]
            end = None if stop == -1 else stop + 1
            return list(items[start:end])

    def ltrim(self, key: str, start: int, stop: int) -> None:
        with self._lock:
            if self._alive(key):
                end = None if stop == -1 else stop + 1
                self._data[key] = self._data[key][start:end]

    def hincrby(self, key: str, field_name: str, amount: int = 1) -> int:
        with self._lock:
            if not self._alive(key):
                self._data[key] = {}
            bucket = self._data[key]
            bucket[field_name] = int(bucket.get(field_name, 0)) + amount
            return bucket[field_name]

    def hgetall(self, key: str) -> dict[str, Any]:
        with self._lock:
            return dict(self._data[key]) if self._alive(key) else {}

    def flushall(self) -> None:
        with self._lock:
            self._data.clear()
            self._expiry.clear()
