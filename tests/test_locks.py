"""The shared-lock inventory of a Python module."""

from __future__ import annotations

from tests.helpers import facts_of

CODE = '''
import asyncio
import multiprocessing as mp
import threading
from threading import RLock as ReentrantLock
from dataclasses import dataclass, field
from flask import Flask

app = Flask(__name__)
STATS_LOCK = threading.Lock()
SESSIONS = ReentrantLock()
SLOTS = threading.BoundedSemaphore(4)
QUEUE_LOCK = asyncio.Lock()
MANAGER = mp.Manager()
SHARED = MANAGER.Lock()
counter = 0
cache = None


class Stream:
    lock = threading.Condition()

    def __init__(self):
        self._lock = threading.Lock()

    def join(self):
        with self._lock:
            return 1


@dataclass
class Box:
    guard: threading.Lock = field(default_factory=threading.Lock)


@app.route("/hit")
def hit():
    global counter
    with STATS_LOCK, SESSIONS:
        counter += 1
    SLOTS.acquire()
    try:
        return "ok"
    finally:
        SLOTS.release()


def init_cache():
    global cache
    cache = {}


def read_only():
    global counter
    return counter


async def consume():
    async with QUEUE_LOCK:
        await asyncio.sleep(0)
    with STATS_LOCK:
        await asyncio.sleep(0)
'''


def _sites():
    return facts_of(CODE, "app.py").locks


def test_constructions_of_every_primitive_with_owner() -> None:
    built = {s.owner: s.primitive for s in _sites() if s.role == "construction"}
    assert built == {
        "STATS_LOCK": "threading.Lock",
        "SESSIONS": "threading.RLock",
        "SLOTS": "threading.BoundedSemaphore",
        "QUEUE_LOCK": "asyncio.Lock",
        "MANAGER": "multiprocessing.Manager",
        "SHARED": "multiprocessing.Manager.Lock",
        "Stream.lock": "threading.Condition",
        "Stream._lock": "threading.Lock",
        "Box.guard": "threading.Lock",
        "counter": "mutable global",
        "cache": "mutable global",
    }


def test_acquisitions_know_function_and_hot_path() -> None:
    acquired = {
        (s.owner, s.function, s.how, s.hot_path)
        for s in _sites()
        if s.role == "acquisition"
    }
    assert acquired == {
        ("STATS_LOCK", "hit", "with", True),
        ("SESSIONS", "hit", "with", True),
        ("SLOTS", "hit", "acquire()", True),
        ("Stream._lock", "Stream.join", "with", False),
        ("QUEUE_LOCK", "consume", "async with", False),
        ("STATS_LOCK", "consume", "with", False),
    }


def test_blocking_lock_held_across_await_is_flagged_but_asyncio_lock_is_not() -> None:
    held = {(s.owner, s.line) for s in _sites() if s.held_across_await}
    assert [owner for owner, _ in held] == ["STATS_LOCK"]


def test_globals_rebound_not_merely_read() -> None:
    rebound = {(s.owner, s.function, s.hot_path) for s in _sites() if s.role == "rebinding"}
    assert rebound == {("counter", "hit", True), ("cache", "init_cache", False)}


def test_locals_and_closures() -> None:
    code = (
        "import threading\n"
        "def run():\n"
        "    lock = threading.Lock()\n"
        "    def work():\n"
        "        with lock:\n"
        "            pass\n"
        "    return work\n"
    )
    sites = facts_of(code).locks
    assert {(s.owner, s.role, s.function) for s in sites} == {
        ("run.lock", "construction", "run"),
        ("run.lock", "acquisition", "run.work"),
    }


def test_with_on_something_that_is_not_a_lock_is_ignored() -> None:
    code = (
        "import threading\nL = threading.Lock()\n"
        "def f(path):\n    with open(path):\n        pass\n"
    )
    assert [s.role for s in facts_of(code).locks] == ["construction"]
