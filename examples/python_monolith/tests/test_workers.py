"""Background worker tests: thread lifecycle, asyncio indexer, patched globals."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest

import main
import storage

WORKER_NAMES = [
    "nova-metrics-flusher",
    "nova-feed-recompute",
    "nova-session-reaper",
    "nova-async-indexer",
]


def _nova_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("nova-")]


@pytest.fixture
def fast_workers(monkeypatch):
    """Shrink every worker interval so loops turn over within milliseconds."""
    monkeypatch.setattr(main, "METRICS_FLUSH_INTERVAL", 0.01)
    monkeypatch.setattr(main, "FEED_RECOMPUTE_INTERVAL", 0.01)
    monkeypatch.setattr(main, "SESSION_REAP_INTERVAL", 0.01)
    monkeypatch.setattr(main, "ASYNC_POLL_INTERVAL", 0.005)
    yield
    assert main.stop_background_workers(timeout=10.0)


def test_import_starts_no_threads():
    assert _nova_threads() == []
    assert main.BACKGROUND_WORKERS == []


def test_start_creates_named_daemon_threads(fast_workers):
    threads = main.start_background_workers()
    assert [t.name for t in threads] == WORKER_NAMES
    assert all(t.daemon and t.is_alive() for t in threads)
    assert threads == main.BACKGROUND_WORKERS
    assert main._started_at is not None


def test_start_is_idempotent(fast_workers):
    first = main.start_background_workers()
    second = main.start_background_workers()
    assert [id(t) for t in first] == [id(t) for t in second]
    assert len(_nova_threads()) == len(WORKER_NAMES)


def test_stop_joins_all_threads(fast_workers):
    threads = main.start_background_workers()
    assert main.stop_background_workers(timeout=10.0) is True
    assert not any(t.is_alive() for t in threads)
    assert main.BACKGROUND_WORKERS == []
    assert main._stop_event.is_set()


def test_stop_is_fast_even_with_long_intervals(monkeypatch):
    # Default intervals are seconds long; Event.wait() must still wake at once.
    monkeypatch.setattr(main, "METRICS_FLUSH_INTERVAL", 30.0)
    monkeypatch.setattr(main, "FEED_RECOMPUTE_INTERVAL", 30.0)
    main.start_background_workers()
    started = time.monotonic()
    assert main.stop_background_workers(timeout=10.0)
    assert time.monotonic() - started < 5.0


def test_restart_after_stop(fast_workers):
    first = main.start_background_workers()
    main.stop_background_workers(timeout=10.0)
    second = main.start_background_workers()
    assert all(t.is_alive() for t in second)
    assert not set(map(id, first)) & set(map(id, second))


def test_async_indexer_processes_new_post(client, alice, fast_workers, wait_until):
    original_lock = main.ASYNC_INDEX_LOCK
    main.start_background_workers()
    post = client.post(
        "/api/v1/posts",
        json={"content": "Indexing works #async"},
        headers=alice["headers"],
    ).get_json()

    def indexed():
        body = client.get("/api/v1/search/index?term=indexing").get_json()
        return body["post_ids"] == [post["id"]]

    assert wait_until(indexed)
    assert post["id"] in main.INDEXED_POST_IDS
    # The worker rebinds the asyncio lock inside its own event loop.
    assert isinstance(main.ASYNC_INDEX_LOCK, asyncio.Lock)
    assert main.ASYNC_INDEX_LOCK is not original_lock
    kinds = [e["kind"] for e in main.EVENT_LOG]
    assert "post.indexed" in kinds
    assert wait_until(lambda: main.cache.get("workers:async:heartbeat") is not None)


def test_async_indexer_main_runs_standalone():
    """Drive the coroutine directly: one queued item, stop shortly after."""
    main.enqueue_for_indexing(41, "hello standalone world")
    stop = threading.Event()
    timer = threading.Timer(0.05, stop.set)
    timer.start()
    try:
        processed = asyncio.run(main._async_indexer_main(stop))
    finally:
        timer.join()
    assert processed == 1
    assert main.SEARCH_INDEX["standalone"] == {41}


def test_metrics_flusher_writes_snapshot(client, fast_workers, wait_until):
    client.get("/health")
    main.start_background_workers()
    assert wait_until(lambda: main.cache.get("metrics:snapshot") is not None)
    snapshot = json.loads(main.cache.get("metrics:snapshot"))
    assert snapshot["requests"] >= 1
    assert main._last_metrics_flush is not None
    workers = client.get("/admin/workers", headers={"X-Admin-Token": main.ADMIN_TOKEN})
    assert {w["name"] for w in workers.get_json()["workers"]} == set(WORKER_NAMES)


def test_patched_interval_global_is_honoured(monkeypatch, wait_until):
    # A huge interval patched on the module means no flush ever happens...
    monkeypatch.setattr(main, "METRICS_FLUSH_INTERVAL", 3600.0)
    monkeypatch.setattr(main, "FEED_RECOMPUTE_INTERVAL", 3600.0)
    main.start_background_workers()
    time.sleep(0.05)
    assert main.cache.get("metrics:flushes") is None
    main.stop_background_workers(timeout=10.0)
    # ...while a tiny one flushes promptly: workers read the global per loop.
    monkeypatch.setattr(main, "METRICS_FLUSH_INTERVAL", 0.01)
    main.start_background_workers()
    assert wait_until(lambda: (main.cache.get("metrics:flushes") or 0) >= 2)
    assert main.stop_background_workers(timeout=10.0)


def test_patched_cache_global_is_used_by_workers(monkeypatch, fast_workers, wait_until):
    replacement = storage.FakeRedis()
    monkeypatch.setattr(main, "cache", replacement)
    main.start_background_workers()
    assert wait_until(lambda: replacement.get("metrics:flushes") is not None)


def test_feed_worker_precomputes_trending(client, alice, fast_workers, wait_until):
    client.post(
        "/api/v1/posts", json={"content": "#warm cache"}, headers=alice["headers"]
    )
    main.start_background_workers()
    assert wait_until(lambda: (main.cache.get("feed:recompute_runs") or 0) >= 1)
    trending = client.get("/api/v1/trending").get_json()
    assert trending["cached"] is True
    assert trending["hashtags"][0]["hashtag"] == "warm"


def test_session_reaper_drops_expired_sessions(client, alice, fast_workers, wait_until):
    expired = main.issue_session(alice["id"])
    with main.SESSION_LOCK:
        main.SESSIONS[expired]["expires_at"] = time.time() - 1
    main.start_background_workers()
    assert wait_until(lambda: expired not in main.SESSIONS)
    assert alice["token"] in main.SESSIONS


def test_concurrent_requests_count_exactly(client):
    """after_request increments under STATS_LOCK; no lost updates across threads."""

    def hammer():
        local = main.app.test_client()
        for _ in range(25):
            local.get("/health")

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert main.request_counter == 100
    assert main.collect_stats()["status_codes"] == {"200": 100}
