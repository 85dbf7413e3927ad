"""Product analytics: event tracking and summaries, backed by cache counters."""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from services import ValidationError
from storage import FakeRedis, Repository

EVENT_NAME_RE = re.compile(r"^[a-z][a-z0-9_.]{1,63}$")
MAX_PROPERTIES = 20
RECENT_EVENTS = 500


class AnalyticsService:
    """Counts events per type and per day and computes dashboard summaries."""

    def __init__(
        self,
        repo: Repository,
        cache: FakeRedis,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.repo = repo
        self.cache = cache
        self.clock = clock
        self._recent: deque[dict[str, Any]] = deque(maxlen=RECENT_EVENTS)
        self._lock = threading.Lock()

    def _day(self, ts: float) -> str:
        return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%d")

    def track(
        self,
        event: str,
        user_id: int | None = None,
        properties: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        if not isinstance(event, str) or not EVENT_NAME_RE.match(event):
            raise ValidationError(
                "event name must match [a-z][a-z0-9_.]{1,63}",
                details={"field": "event"},
            )
        properties = dict(properties or {})
        if len(properties) > MAX_PROPERTIES:
            raise ValidationError(f"at most {MAX_PROPERTIES} properties per event")
        now = self.clock()
        day = self._day(now)
        record = {
            "event": event,
            "user_id": user_id,
            "properties": properties,
            "ts": now,
        }
        with self._lock:
            self._recent.append(record)
        self.cache.incr(f"analytics:event:{event}")
        self.cache.hincrby(f"analytics:day:{day}", event)
        if user_id is not None:
            self.cache.hincrby(f"analytics:dau:{day}", str(user_id))
        return record

    def event_counts(self) -> dict[str, int]:
        prefix = "analytics:event:"
        return {
            key[len(prefix) :]: int(self.cache.get(key) or 0)
            for key in self.cache.keys(prefix + "*")
        }

    def daily_active_users(self, day: str | None = None) -> int:
        return len(
            self.cache.hgetall(f"analytics:dau:{day or self._day(self.clock())}")
        )

    def recent(self, limit: int = 20) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._recent)[-limit:]

    def top_posts(self, limit: int = 5) -> list[dict[str, Any]]:
        posts = sorted(
            self.repo.all("posts"),
            key=lambda p: (-(p.like_count + 2 * p.comment_count), p.id),
        )
        return [
            {
                "post_id": p.id,
                "author_id": p.author_id,
                "likes": p.like_count,
                "comments": p.comment_count,
            }
            for p in posts[:limit]
        ]

    def summary(self) -> dict[str, Any]:
        counts = self.repo.counts()
        return {
            "totals": {
                name: counts[name]
                for name in ("users", "posts", "comments", "likes", "media", "streams")
            },
            "events": self.event_counts(),
            "daily_active_users": self.daily_active_users(),
            "top_posts": self.top_posts(),
        }
