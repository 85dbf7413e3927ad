"""Service construction: the factory that wires the domain services.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

from __future__ import annotations

from services.analytics import AnalyticsService
from services.media import MediaService
from services.posts import PostService
from services.streaming import StreamService
from services.users import UserService

import app_state
from app_state import (
    CONFIG,
    EVENT_COND,
    EVENT_LOG,
    HOT_COUNTERS,
    INDEXED_POST_IDS,
    INDEX_LOCK,
    INDEX_QUEUE,
    ROUTE_TIMINGS,
    SEARCH_INDEX,
    SESSIONS,
    SESSION_LOCK,
    STATS_LOCK,
    STATUS_COUNTS,
    init_storage,
)


def build_services() -> None:
    """Wire the domain services to the current repository and cache."""
    store = init_storage()
    app_state.user_service = UserService(store, app_state.cache)
    app_state.post_service = PostService(store, app_state.cache)
    app_state.media_service = MediaService(store, app_state.cache, max_upload_bytes=CONFIG.max_upload_bytes)
    app_state.stream_service = StreamService(store, app_state.cache)
    app_state.analytics_service = AnalyticsService(store, app_state.cache)


build_services()


def reset_state() -> None:
    """Drop all data, sessions, counters and caches (tests, ``seed --reset``)."""
    init_storage(fresh=True)
    app_state.cache.flushall()
    app_state.cache.healthy = True
    build_services()
    with STATS_LOCK:
        app_state.request_counter = 0
        app_state.error_counter = 0
        STATUS_COUNTS.clear()
        ROUTE_TIMINGS.clear()
        HOT_COUNTERS.clear()
    with SESSION_LOCK:
        SESSIONS.clear()
        app_state._token_counter = 0
    with EVENT_COND:
        EVENT_LOG.clear()
        app_state._event_seq = 0
    with INDEX_LOCK:
        SEARCH_INDEX.clear()
        INDEXED_POST_IDS.clear()
    while not INDEX_QUEUE.empty():
        INDEX_QUEUE.get_nowait()
    app_state._started_at = None
    app_state._last_metrics_flush = None
    app_state.MAINTENANCE_MODE = CONFIG.maintenance_mode
