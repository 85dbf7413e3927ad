"""Live streams, viewers and stream chat.

Viewer joins/leaves and chat writes are the hottest path in the platform, so
``StreamService`` keeps its mutable state (viewer sets, chat ring buffers,
per-user rate limits) behind a single ``threading.Lock``.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from collections.abc import Callable

from models import ChatMessage, Stream
from services import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ValidationError,
)
from storage import FakeRedis, Repository

MAX_TITLE_LENGTH = 120
MAX_CHAT_LENGTH = 300
CHAT_RATE_LIMIT = 5  # messages ...
CHAT_RATE_WINDOW = 10.0  # ... per this many seconds, per user and stream


class StreamService:
    """Lifecycle of live streams; all mutation happens under ``self._lock``."""

    def __init__(
        self,
        repo: Repository,
        cache: FakeRedis,
        *,
        max_chat_history: int = 200,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.repo = repo
        self.cache = cache
        self.clock = clock
        self.max_chat_history = max_chat_history
        self._lock = threading.Lock()
        self._chat: dict[int, deque[ChatMessage]] = {}
        self._recent_posts: dict[tuple[int, int], deque[float]] = {}

    def _stream(self, stream_id: int) -> Stream:
        stream = self.repo.get("streams", stream_id)
        if stream is None:
            raise NotFoundError(f"stream {stream_id} not found")
        return stream

    def start_stream(self, owner_id: int, title: str) -> Stream:
        title = (title or "").strip()
        if not title or len(title) > MAX_TITLE_LENGTH:
            raise ValidationError(
                f"title must be 1-{MAX_TITLE_LENGTH} characters",
                details={"field": "title"},
            )
        owner = self.repo.get("users", owner_id)
        if owner is None:
            raise NotFoundError(f"user {owner_id} not found")
        if owner.is_banned:
            raise PermissionDeniedError("banned users cannot stream")
        with self._lock:
            live = self.repo.find_one("streams", owner_id=owner_id, status="live")
            if live is not None:
                raise ConflictError(
                    "you already have a live stream", details={"stream_id": live.id}
                )
            stream_id = self.repo.next_id("streams")
            key = hashlib.sha256(
                f"{owner_id}:{stream_id}:{title}".encode()
            ).hexdigest()[:24]
            stream = Stream(
                id=stream_id,
                owner_id=owner_id,
                title=title,
                stream_key=key,
                started_at=self.clock(),
            )
            self.repo.put("streams", stream)
            self._chat[stream_id] = deque(maxlen=self.max_chat_history)
        self.cache.incr("streams:started")
        return stream

    def end_stream(
        self, stream_id: int, actor_id: int, *, is_admin: bool = False
    ) -> Stream:
        with self._lock:
            stream = self._stream(stream_id)
            if stream.owner_id != actor_id and not is_admin:
                raise PermissionDeniedError("only the owner can end this stream")
            if stream.status == "ended":
                return stream
            stream.status = "ended"
            stream.ended_at = self.clock()
            stream.viewer_ids.clear()
        return stream

    def join(self, stream_id: int, user_id: int) -> int:
        """Add a viewer and return the current viewer count (hot path)."""
        with self._lock:
            stream = self._stream(stream_id)
            if stream.status != "live":
                raise ConflictError("stream has ended")
            stream.viewer_ids.add(user_id)
            stream.peak_viewers = max(stream.peak_viewers, len(stream.viewer_ids))
            return len(stream.viewer_ids)

    def leave(self, stream_id: int, user_id: int) -> int:
        with self._lock:
            stream = self._stream(stream_id)
            stream.viewer_ids.discard(user_id)
            return len(stream.viewer_ids)

    def post_chat(self, stream_id: int, author_id: int, body: str) -> ChatMessage:
        body = (body or "").strip()
        if not body or len(body) > MAX_CHAT_LENGTH:
            raise ValidationError(
                f"chat messages must be 1-{MAX_CHAT_LENGTH} characters"
            )
        now = self.clock()
        with self._lock:
            stream = self._stream(stream_id)
            if stream.status != "live":
                raise ConflictError("stream has ended")
            window = self._recent_posts.setdefault((stream_id, author_id), deque())
            while window and now - window[0] > CHAT_RATE_WINDOW:
                window.popleft()
            if len(window) >= CHAT_RATE_LIMIT:
                raise RateLimitedError(
                    "slow down",
                    details={
                        "retry_after": round(CHAT_RATE_WINDOW - (now - window[0]), 2)
                    },
                )
            window.append(now)
            message = ChatMessage(
                id=self.repo.next_id("chat"),
                stream_id=stream_id,
                author_id=author_id,
                body=body,
                created_at=now,
            )
            self._chat.setdefault(
                stream_id, deque(maxlen=self.max_chat_history)
            ).append(message)
            self.repo.put("chat", message)  # durable copy for moderation exports
        return message

    def recent_chat(
        self, stream_id: int, *, after_id: int = 0, limit: int = 50
    ) -> list[ChatMessage]:
        with self._lock:
            self._stream(stream_id)
            messages = [m for m in self._chat.get(stream_id, ()) if m.id > after_id]
        return messages[-limit:]

    def get(self, stream_id: int) -> Stream:
        return self._stream(stream_id)

    def list_live(self) -> list[Stream]:
        with self._lock:
            live = self.repo.filter("streams", lambda s: s.status == "live")
        return sorted(live, key=lambda s: (-len(s.viewer_ids), s.id))

    def stats(self) -> dict[str, int]:
        with self._lock:
            streams = self.repo.all("streams")
            return {
                "live": sum(1 for s in streams if s.status == "live"),
                "ended": sum(1 for s in streams if s.status == "ended"),
                "viewers": sum(len(s.viewer_ids) for s in streams),
                "chat_buffered": sum(len(buf) for buf in self._chat.values()),
            }
