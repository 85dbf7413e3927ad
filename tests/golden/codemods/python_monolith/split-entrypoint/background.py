"""Background work: worker threads and asyncio tasks, their start and stop.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from typing import Any
import utils

import app_state
from app_state import (
    BACKGROUND_WORKERS,
    ENABLE_STREAMING,
    FEED_PRECOMPUTE_USERS,
    HOT_COUNTERS,
    INDEXED_POST_IDS,
    INDEX_BATCH_SIZE,
    INDEX_LOCK,
    INDEX_QUEUE,
    ROUTE_TIMINGS,
    SEARCH_INDEX,
    SESSIONS,
    SESSION_LOCK,
    STATS_LOCK,
    STATUS_COUNTS,
    WORKERS_LOCK,
    _drain_index_queue,
    log,
    mark_started,
    publish_event,
    reap_expired_sessions,
    uptime_seconds,
)


# -- stats & health --------------------------------------------------------------------


def worker_status() -> list[dict[str, Any]]:
    with WORKERS_LOCK:
        return [
            {"name": t.name, "alive": t.is_alive(), "daemon": t.daemon}
            for t in BACKGROUND_WORKERS
        ]


def collect_stats() -> dict[str, Any]:
    """Snapshot of request counters, sessions, storage and workers."""
    with STATS_LOCK:
        requests_total = app_state.request_counter
        errors_total = app_state.error_counter
        statuses = {str(code): count for code, count in sorted(STATUS_COUNTS.items())}
        latency = {
            endpoint: round(sum(values) / len(values), 3)
            for endpoint, values in sorted(ROUTE_TIMINGS.items())
            if values
        }
        counters = dict(sorted(HOT_COUNTERS.items()))
    with SESSION_LOCK:
        active_sessions = len(SESSIONS)
    return {
        "requests": requests_total,
        "errors": errors_total,
        "status_codes": statuses,
        "avg_latency_ms": latency,
        "counters": counters,
        "active_sessions": active_sessions,
        "uptime_seconds": uptime_seconds(),
        "storage": app_state.repo.counts() if app_state.repo is not None else {},
        "index_queue": INDEX_QUEUE.qsize(),
        "indexed_posts": len(INDEXED_POST_IDS),
        "streams": app_state.stream_service.stats() if ENABLE_STREAMING else None,
        "workers": worker_status(),
        "last_metrics_flush": app_state._last_metrics_flush,
    }

# =====================================================================================
# BACKGROUND WORKERS
# =====================================================================================


def metrics_flusher(stop_event: threading.Event) -> None:
    """Every METRICS_FLUSH_INTERVAL seconds, snapshot stats into the cache."""
    log.info("metrics flusher started (interval=%ss)", app_state.METRICS_FLUSH_INTERVAL)
    while not stop_event.wait(app_state.METRICS_FLUSH_INTERVAL):
        try:
            snapshot = collect_stats()
            app_state.cache.set("metrics:snapshot", json.dumps(snapshot, default=str))
            app_state.cache.incr("metrics:flushes")
            app_state._last_metrics_flush = time.time()
        except Exception:  # pragma: no cover - keep the worker alive
            log.exception("metrics flush failed")
    log.info("metrics flusher stopped")


def feed_recompute_worker(stop_event: threading.Event) -> None:
    """Precompute trending hashtags and warm the feeds of the most recent users."""
    log.info("feed recompute worker started (interval=%ss)", app_state.FEED_RECOMPUTE_INTERVAL)
    while not stop_event.wait(app_state.FEED_RECOMPUTE_INTERVAL):
        try:
            app_state.cache.set(
                "trending:hashtags",
                json.dumps(app_state.post_service.trending_hashtags(limit=50)),
                ex=max(60.0, app_state.FEED_RECOMPUTE_INTERVAL * 2),  # survive a slow cycle
            )
            users = app_state.repo.all("users")[-FEED_PRECOMPUTE_USERS:]
            for user in users:
                if stop_event.is_set():
                    break
                app_state.post_service.build_feed(user.id)
            app_state.cache.incr("feed:recompute_runs")
        except Exception:  # pragma: no cover
            log.exception("feed recompute failed")
    log.info("feed recompute worker stopped")


def session_reaper(stop_event: threading.Event) -> None:
    """Drop expired sessions so SESSIONS does not grow without bound."""
    while not stop_event.wait(app_state.SESSION_REAP_INTERVAL):
        reaped = reap_expired_sessions()
        if reaped:
            log.info("reaped %d expired sessions", reaped)


async def _index_document(item: dict[str, Any]) -> None:
    tokens = set(utils.tokenize(item["text"]))
    async with app_state.ASYNC_INDEX_LOCK:
        await asyncio.sleep(0)  # stands in for the round-trip to the search cluster
        with INDEX_LOCK:
            for token in tokens:
                SEARCH_INDEX.setdefault(token, set()).add(item["post_id"])
            INDEXED_POST_IDS.add(item["post_id"])
    publish_event("post.indexed", {"post_id": item["post_id"], "terms": len(tokens)})


async def _async_heartbeat(stop_event: threading.Event) -> None:
    while not stop_event.is_set():
        app_state.cache.set("workers:async:heartbeat", time.time())
        await asyncio.sleep(app_state.ASYNC_POLL_INTERVAL * 5)


async def _async_indexer_main(stop_event: threading.Event) -> int:
    """Pull documents off INDEX_QUEUE and index them concurrently as asyncio tasks."""
    app_state.ASYNC_INDEX_LOCK = asyncio.Lock()  # must belong to this thread's event loop
    heartbeat = asyncio.create_task(
        _async_heartbeat(stop_event), name="nova-async-heartbeat"
    )
    pending: set[asyncio.Task[None]] = set()
    processed = 0
    while not stop_event.is_set():
        for item in _drain_index_queue(INDEX_BATCH_SIZE):
            task = asyncio.create_task(
                _index_document(item), name=f"index-post-{item['post_id']}"
            )
            pending.add(task)
            task.add_done_callback(pending.discard)
            processed += 1
        await asyncio.sleep(app_state.ASYNC_POLL_INTERVAL)
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)
    heartbeat.cancel()
    await asyncio.gather(heartbeat, return_exceptions=True)
    return processed


def async_indexer_worker(stop_event: threading.Event) -> None:
    """Thread target hosting the asyncio indexer loop."""
    log.info("async indexer started")
    processed = asyncio.run(_async_indexer_main(stop_event))
    log.info("async indexer stopped after %d documents", processed)


WORKER_SPECS: tuple[tuple[str, Callable[[threading.Event], None]], ...] = (
    ("nova-metrics-flusher", metrics_flusher),
    ("nova-feed-recompute", feed_recompute_worker),
    ("nova-session-reaper", session_reaper),
    ("nova-async-indexer", async_indexer_worker),
)


def start_background_workers() -> list[threading.Thread]:
    """Start every worker as a daemon thread; a no-op if they are already running."""
    with WORKERS_LOCK:
        if BACKGROUND_WORKERS and all(t.is_alive() for t in BACKGROUND_WORKERS):
            return list(BACKGROUND_WORKERS)
        app_state._stop_event = threading.Event()
        BACKGROUND_WORKERS.clear()
        for name, target in WORKER_SPECS:
            thread = threading.Thread(
                target=target, args=(app_state._stop_event,), daemon=True, name=name
            )
            thread.start()
            BACKGROUND_WORKERS.append(thread)
    mark_started()
    log.info("started %d background workers", len(BACKGROUND_WORKERS))
    return list(BACKGROUND_WORKERS)


def stop_background_workers(timeout: float = app_state.WORKER_SHUTDOWN_TIMEOUT) -> bool:
    """Signal all workers to stop and join them; True when all exited in time."""
    app_state._stop_event.set()
    deadline = time.monotonic() + timeout
    for thread in list(BACKGROUND_WORKERS):  # unlocked: workers take the lock too
        thread.join(max(0.0, deadline - time.monotonic()))
    with WORKERS_LOCK:
        survivors = [t for t in BACKGROUND_WORKERS if t.is_alive()]
        BACKGROUND_WORKERS[:] = survivors
    if survivors:
        log.warning(
            "workers still running after %.1fs: %s",
            timeout,
            ", ".join(t.name for t in survivors),
        )
    return not survivors
