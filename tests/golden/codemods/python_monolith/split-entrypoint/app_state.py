"""Configuration, logging set-up and process-wide shared state.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import logging
import os
import queue
import random
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from flask import (
    g,
    has_request_context,
    request,
)

import storage
from services import ServiceError
from services.analytics import AnalyticsService
from services.media import MediaService
from services.posts import PostService
from services.streaming import StreamService
from services.users import UserService

# =====================================================================================
# CONFIG
# =====================================================================================

APP_NAME = "nova"
APP_VERSION = os.environ.get("NOVA_VERSION", "0.14.2")
ADMIN_TOKEN = os.environ.get("NOVA_ADMIN_TOKEN", "nova-admin-dev")

# Feature flags (read once at import time; the streaming routes are only
# registered when the flag is on).
ENABLE_STREAMING = os.environ.get("NOVA_ENABLE_STREAMING", "1") == "1"
ENABLE_ANALYTICS = os.environ.get("NOVA_ENABLE_ANALYTICS", "1") == "1"
MAINTENANCE_MODE = os.environ.get("NOVA_MAINTENANCE", "0") == "1"

# Tunables that predate the Config object; still read directly by workers.
METRICS_FLUSH_INTERVAL = float(os.environ.get("NOVA_METRICS_FLUSH_INTERVAL", "5.0"))
FEED_RECOMPUTE_INTERVAL = float(os.environ.get("NOVA_FEED_RECOMPUTE_INTERVAL", "15.0"))
SESSION_REAP_INTERVAL = float(os.environ.get("NOVA_SESSION_REAP_INTERVAL", "60.0"))
ASYNC_POLL_INTERVAL = float(os.environ.get("NOVA_ASYNC_POLL_INTERVAL", "0.02"))
INDEX_BATCH_SIZE = int(os.environ.get("NOVA_INDEX_BATCH_SIZE", "16"))
FEED_PRECOMPUTE_USERS = int(os.environ.get("NOVA_FEED_PRECOMPUTE_USERS", "50"))
UPLOAD_SLOT_TIMEOUT = float(os.environ.get("NOVA_UPLOAD_SLOT_TIMEOUT", "2.0"))
LONG_POLL_MAX_SECONDS = float(os.environ.get("NOVA_LONG_POLL_MAX", "25.0"))
WORKER_SHUTDOWN_TIMEOUT = 5.0
EVENT_LOG_SIZE = 1000
MAINTENANCE_EXEMPT_PREFIXES = ("/health", "/ready", "/version", "/metrics", "/admin")


@dataclass(frozen=True)
class Config:
    """Typed runtime configuration assembled from ``NOVA_*`` environment variables."""

    host: str = "127.0.0.1"
    port: int = 8080
    debug: bool = False
    secret_key: str = "dev-secret-change-me"
    log_level: str = "INFO"
    log_format: str = "text"
    max_upload_bytes: int = 25 * 1024 * 1024
    max_concurrent_uploads: int = 4
    session_ttl_seconds: int = 24 * 3600
    default_page_size: int = 20
    max_page_size: int = 100
    enable_streaming: bool = True
    enable_analytics: bool = True
    maintenance_mode: bool = False

    def public_dict(self) -> dict[str, Any]:
        """Everything except secrets, for ``/version`` and ``stats``."""
        data = asdict(self)
        data.pop("secret_key")
        return data


def _env_flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in ("1", "true", "yes", "on")


def load_config(env: Mapping[str, str] | None = None) -> Config:
    """Build a :class:`Config` from ``env`` (default ``os.environ``) and validate it."""
    env = os.environ if env is None else env
    try:
        config = Config(
            host=env.get("NOVA_HOST", "127.0.0.1"),
            port=int(env.get("NOVA_PORT", "8080")),
            debug=_env_flag(env, "NOVA_DEBUG", False),
            secret_key=env.get("NOVA_SECRET_KEY", "dev-secret-change-me"),
            log_level=env.get("NOVA_LOG_LEVEL", "INFO").upper(),
            log_format=env.get("NOVA_LOG_FORMAT", "text").lower(),
            max_upload_bytes=int(
                env.get("NOVA_MAX_UPLOAD_BYTES", str(25 * 1024 * 1024))
            ),
            max_concurrent_uploads=int(env.get("NOVA_MAX_CONCURRENT_UPLOADS", "4")),
            session_ttl_seconds=int(env.get("NOVA_SESSION_TTL", str(24 * 3600))),
            default_page_size=int(env.get("NOVA_DEFAULT_PAGE_SIZE", "20")),
            max_page_size=int(env.get("NOVA_MAX_PAGE_SIZE", "100")),
            enable_streaming=_env_flag(env, "NOVA_ENABLE_STREAMING", True),
            enable_analytics=_env_flag(env, "NOVA_ENABLE_ANALYTICS", True),
            maintenance_mode=_env_flag(env, "NOVA_MAINTENANCE", False),
        )
    except ValueError as exc:
        raise ValueError(f"invalid configuration: {exc}") from exc
    if not 0 < config.port < 65536:
        raise ValueError(f"invalid configuration: port {config.port} out of range")
    if config.log_format not in ("text", "json"):
        raise ValueError(
            "invalid configuration: NOVA_LOG_FORMAT must be 'text' or 'json'"
        )
    if not 1 <= config.default_page_size <= config.max_page_size:
        raise ValueError(
            "invalid configuration: page sizes must satisfy 1 <= default <= max"
        )
    if config.max_concurrent_uploads < 1 or config.session_ttl_seconds < 60:
        raise ValueError(
            "invalid configuration: upload slots must be >= 1 and session TTL >= 60s"
        )
    return config


CONFIG = load_config()
HOST = CONFIG.host
PORT = CONFIG.port
SECRET_KEY = CONFIG.secret_key
SESSION_TTL_SECONDS = CONFIG.session_ttl_seconds
DEFAULT_PAGE_SIZE = CONFIG.default_page_size
MAX_PAGE_SIZE = CONFIG.max_page_size

# =====================================================================================
# LOGGING
# =====================================================================================

TEXT_LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s"


class RequestIdFilter(logging.Filter):
    """Stamp every record with the current request id ("-" outside of requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line, for the log shipper in production."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "thread": record.threadName,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload)


logging.basicConfig(
    level=getattr(logging, CONFIG.log_level, logging.INFO),
    format="%(asctime)s %(levelname)s %(name)s: %(message)s",
)
log = logging.getLogger("nova")


def configure_logging(
    level: str | None = None, fmt: str | None = None
) -> logging.Logger:
    """(Re)install the nova handler with the request-id filter and chosen formatter."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        JsonLogFormatter()
        if (fmt or CONFIG.log_format) == "json"
        else logging.Formatter(TEXT_LOG_FORMAT)
    )
    log.handlers[:] = [handler]
    log.setLevel(getattr(logging, (level or CONFIG.log_level).upper(), logging.INFO))
    log.propagate = False
    return log


configure_logging()

# =====================================================================================
# SHARED STATE
# =====================================================================================

repo: storage.Repository | None = None  # initialised by init_storage()
cache = storage.FakeRedis()

# Guards request_counter / error_counter / STATUS_COUNTS / ROUTE_TIMINGS / HOT_COUNTERS.
STATS_LOCK = threading.Lock()
# Guards SESSIONS and _token_counter.
SESSION_LOCK = threading.RLock()
# Guards EVENT_LOG / _event_seq and wakes long-polling clients.
EVENT_COND = threading.Condition()
# Caps concurrent uploads per process (transcoding hosts are small).
UPLOAD_SLOTS = threading.BoundedSemaphore(CONFIG.max_concurrent_uploads)
# Guards SEARCH_INDEX for readers outside the asyncio loop.
INDEX_LOCK = threading.Lock()
# Guards BACKGROUND_WORKERS start/stop.
WORKERS_LOCK = threading.Lock()
# Serialises index writes between asyncio tasks (rebound inside the worker loop).
ASYNC_INDEX_LOCK = asyncio.Lock()

request_counter = 0
error_counter = 0
STATUS_COUNTS: dict[int, int] = {}
ROUTE_TIMINGS: dict[str, list[float]] = {}
# Cheap per-feature counters (uploads, stream joins, ...).
HOT_COUNTERS: dict[str, int] = {}
_started_at: float | None = None
_last_metrics_flush: float | None = None
_token_counter = 0
_event_seq = 0
_request_ids = itertools.count(1)

SESSIONS: dict[str, dict[str, Any]] = {}
EVENT_LOG: list[dict[str, Any]] = []
INDEX_QUEUE: queue.Queue[dict[str, Any]] = queue.Queue()
SEARCH_INDEX: dict[str, set[int]] = {}
INDEXED_POST_IDS: set[int] = set()

_stop_event = threading.Event()
BACKGROUND_WORKERS: list[threading.Thread] = []


def init_storage(*, fresh: bool = False) -> storage.Repository:
    """Create the repository on first use (or replace it when ``fresh``)."""
    global repo
    if repo is None or fresh:
        repo = storage.Repository()
        log.debug("storage initialised")
    return repo


def mark_started() -> float:
    """Record process start for uptime reporting (idempotent)."""
    global _started_at
    if _started_at is None:
        _started_at = time.time()
    return _started_at


def uptime_seconds() -> float:
    return 0.0 if _started_at is None else round(time.time() - _started_at, 3)


# =====================================================================================
# SERVICES
# =====================================================================================

user_service: UserService
post_service: PostService
media_service: MediaService
stream_service: StreamService
analytics_service: AnalyticsService


init_storage()


# -- sessions --------------------------------------------------------------------------


def issue_session(user_id: int) -> str:
    """Create a bearer token for ``user_id`` (deterministic HMAC of a counter)."""
    global _token_counter
    now = time.time()
    with SESSION_LOCK:
        _token_counter += 1
        token = hmac.new(
            SECRET_KEY.encode(), f"{user_id}:{_token_counter}".encode(), hashlib.sha256
        ).hexdigest()
        SESSIONS[token] = {
            "user_id": user_id,
            "created_at": now,
            "last_seen": now,
            "expires_at": now + SESSION_TTL_SECONDS,
        }
    return token


def resolve_session(token: str) -> int | None:
    now = time.time()
    with SESSION_LOCK:
        session = SESSIONS.get(token)
        if session is None:
            return None
        if session["expires_at"] <= now:
            SESSIONS.pop(token, None)
            return None
        session["last_seen"] = now
        return session["user_id"]


def revoke_session(token: str) -> bool:
    with SESSION_LOCK:
        return SESSIONS.pop(token, None) is not None


def revoke_user_sessions(user_id: int) -> int:
    with SESSION_LOCK:
        doomed = [
            token
            for token, session in SESSIONS.items()
            if session["user_id"] == user_id
        ]
        for token in doomed:
            del SESSIONS[token]
    return len(doomed)


def reap_expired_sessions(now: float | None = None) -> int:
    now = time.time() if now is None else now
    with SESSION_LOCK:
        expired = [
            token for token, session in SESSIONS.items() if session["expires_at"] <= now
        ]
        for token in expired:
            del SESSIONS[token]
    return len(expired)


# -- events ----------------------------------------------------------------------------


def publish_event(kind: str, payload: dict[str, Any]) -> int:
    """Append to the in-process event log and wake long-polling clients."""
    global _event_seq
    with EVENT_COND:
        _event_seq += 1
        EVENT_LOG.append(
            {"seq": _event_seq, "kind": kind, "payload": payload, "ts": time.time()}
        )
        if len(EVENT_LOG) > EVENT_LOG_SIZE:
            del EVENT_LOG[: len(EVENT_LOG) - EVENT_LOG_SIZE]
        EVENT_COND.notify_all()
        return _event_seq


def wait_for_events(after: int, timeout: float) -> list[dict[str, Any]]:
    with EVENT_COND:
        EVENT_COND.wait_for(lambda: _event_seq > after, timeout=timeout)
        return [event for event in EVENT_LOG if event["seq"] > after]


def enqueue_for_indexing(post_id: int, text: str) -> None:
    INDEX_QUEUE.put({"post_id": post_id, "text": text, "queued_at": time.time()})


def run_health_checks() -> dict[str, Any]:
    checks: dict[str, bool] = {}
    # A real DB driver / Redis client can raise just about anything here.
    try:
        checks["storage"] = bool(repo is not None and repo.ping())
    except Exception:  # noqa: BLE001  # pragma: no cover
        checks["storage"] = False
    try:
        checks["cache"] = bool(cache.ping())
    except Exception:  # noqa: BLE001  # pragma: no cover
        checks["cache"] = False
    checks["not_in_maintenance"] = not MAINTENANCE_MODE
    return {
        "status": "ok" if all(checks.values()) else "fail",
        "checks": checks,
        "version": APP_VERSION,
        "uptime_seconds": uptime_seconds(),
    }


def current_user_id() -> int | None:
    return g.get("user_id")


def is_admin_request() -> bool:
    if hmac.compare_digest(request.headers.get("X-Admin-Token", ""), ADMIN_TOKEN):
        return True
    user_id = current_user_id()
    if user_id is None:
        return False
    user = repo.get("users", user_id)
    return bool(user and user.is_admin)


def track(event: str, **properties: Any) -> None:
    """Fire-and-forget analytics; never fails the request."""
    if not ENABLE_ANALYTICS:
        return
    try:
        analytics_service.track(event, current_user_id(), properties)
    except ServiceError:
        log.warning("dropping malformed analytics event %s", event)


def _drain_index_queue(limit: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while len(items) < limit:
        try:
            items.append(INDEX_QUEUE.get_nowait())
        except queue.Empty:
            break
    return items


# =====================================================================================
# SEEDING
# =====================================================================================

DEMO_TOPICS = ("rust", "python", "music", "gaming", "travel", "food", "art", "fitness")
DEMO_PASSWORD = "demo-password"


def seed_demo_data(
    users: int = 10, posts_per_user: int = 3, seed: int = 42
) -> dict[str, int]:
    """Populate deterministic demo users, follows, posts, likes and comments."""
    rng = random.Random(seed)
    accounts = []
    for i in range(1, users + 1):
        username = f"demo_user_{i:02d}"
        existing = user_service.find_by_username(username)
        if existing is not None:
            accounts.append(existing)
            continue
        accounts.append(
            user_service.register(
                username,
                f"{username}@example.com",
                DEMO_PASSWORD,
                display_name=f"Demo User {i}",
            )
        )
    for account in accounts:
        for other in rng.sample(accounts, k=min(3, len(accounts))):
            if other.id != account.id:
                user_service.follow(account.id, other.id)
    posts = []
    for account in accounts:
        for n in range(posts_per_user):
            topic = rng.choice(DEMO_TOPICS)
            post = post_service.create_post(
                account.id, f"Post {n + 1} from {account.username} about #{topic}"
            )
            enqueue_for_indexing(post.id, post.content)
            posts.append(post)
    for post in posts:
        for liker in rng.sample(accounts, k=rng.randint(0, min(3, len(accounts)))):
            post_service.like(post.id, liker.id)
        if rng.random() < 0.3:
            post_service.add_comment(post.id, rng.choice(accounts).id, "Nice one!")
    return {
        "users": len(accounts),
        "posts": len(posts),
        "comments": repo.count("comments"),
        "likes": repo.count("likes"),
    }
