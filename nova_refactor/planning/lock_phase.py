"""Phase 2: the shared locks to replace, hot paths first, each with a replacement and why.

One entry per lock owner, as `analyze` inventories them. The order: held across an await
first (they stall every request behind one I/O), then by acquisitions on request paths. A
suggestion follows from measured facts (the primitive, read/write counts, awaits, how many
request-path functions take it); where it also rests on the owner's name (a counter, a flag,
a keyed store), the reason says so. Wording follows the language of the code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nova_refactor.model import MUTABLE_GLOBAL, Analysis, LockRole, LockSite
from nova_refactor.planning.model import LockPlan

COUNTER = re.compile(r"(count|counter|seq|total|hits|_id)s?$", re.IGNORECASE)
FLAG = re.compile(r"(mode|flag|enabled|running|stop|ready)", re.IGNORECASE)
STATS = re.compile(r"(stat|metric|count)", re.IGNORECASE)
STORE = re.compile(r"(cache|redis|session|store|repo|index)", re.IGNORECASE)
POOL = re.compile(r"pool", re.IGNORECASE)
SERVICE = re.compile(r"(service|repo|client|pool)s?$", re.IGNORECASE)
MANY = 3  # request-path functions from which one lock is a queue every request waits in

# (Python wording, Rust wording)
TEXT = {
    "actor": ("actor: one thread or asyncio task owns the state; handlers put commands on a "
              "queue and wait for the reply (queue.Queue + concurrent.futures.Future)",
              "actor: one task owns the state; handlers send commands over `mpsc` and await "
              "a `oneshot` reply"),
    "snapshot": ("copy-on-write snapshot: writers build a new dict and rebind one reference; "
                 "readers never lock",
                 "snapshot swap (ArcSwap-like): readers load an immutable `Arc`, a writer "
                 "builds a new one and swaps it in"),
    "sharded": ("per-key locks or a sharded dict, if each operation touches one key; an actor "
                "if operations span keys",
                "sharded map (DashMap-like) or per-key locks, if each operation touches one "
                "key; an actor if operations span keys"),
    "stats": ("per-thread counters (threading.local) summed on read, or itertools.count()",
              "atomics (`AtomicU64`), or per-worker counters summed on read"),
    "counter": ("itertools.count() (next() is atomic in CPython) held by AppState",
                "`AtomicU64` held by AppState"),
    "flag": ("threading.Event (or asyncio.Event) held by AppState",
             "`AtomicBool` (or a `watch` channel) held by AppState"),
    "pool": ("queue.Queue of idle connections (get blocks when empty), or the driver's own "
             "pool",
             "a pool built for it (deadpool/bb8-like: a semaphore plus a lock-free queue of "
             "idle connections)"),
    "channel": ("queue.Queue: producers put, waiters get; no hand-made condition",
                "a channel (`broadcast` or `mpsc`): producers send, waiters receive"),
}


def lock_phase(analysis: Analysis) -> tuple[LockPlan, ...]:
    # One lock per owner: a global rebound to an `asyncio.Lock()` is recorded both as a
    # mutable global (the rebinding) and as the lock (its acquisitions); it is one thing to fix.
    by_owner: dict[str, list[LockSite]] = {}
    for site in analysis.locks:  # test code's are left out by analysis (unless asked for)
        by_owner.setdefault(site.owner, []).append(site)
    plans = [_plan(owner, sites) for owner, sites in by_owner.items()]
    return tuple(sorted(plans, key=lambda p: p.rank))


def _where(site: LockSite) -> str:
    function = f" ({site.function})" if site.function else ""
    return f"{site.path}:{site.line}{function}"


def _plan(owner: str, sites: Sequence[LockSite]) -> LockPlan:
    built, uses, hot, awaits = _kinds(sites)
    primitive = _primitive(sites)
    suggestion, reason = suggest(owner, primitive, uses, awaits, hot)
    if suggestion in TEXT:
        suggestion = TEXT[suggestion][sites[0].path.endswith(".rs")]
    return LockPlan(
        owner=owner, primitive=primitive, declared=_where(built[0]) if built else "",
        acquisitions=len(uses), hot=tuple(_where(s) for s in hot),
        across_await=tuple(_where(s) for s in awaits),
        via=_chains(hot),
        suggestion=suggestion, reason=reason,
    )


Sites = list[LockSite]


def _kinds(sites: Sequence[LockSite]) -> tuple[Sites, Sites, Sites, Sites]:
    """(where it is built, where it is used, used on request paths, held across an await)."""
    built = [s for s in sites if s.role in (LockRole.CONSTRUCTION, LockRole.DECLARATION)]
    uses = [s for s in sites if s.role in (LockRole.ACQUISITION, LockRole.REBINDING)]
    return (built, uses, [s for s in uses if s.hot_path],
            [s for s in uses if s.held_across_await])


def _chains(hot: Sequence[LockSite]) -> tuple[str, ...]:
    return tuple(sorted({" -> ".join(s.via) for s in hot if s.via}))


def _primitive(sites: Sequence[LockSite]) -> str:
    """The lock's own primitive over "mutable global" (a global rebound to a lock)."""
    real = [s.primitive for s in sites if s.primitive != MUTABLE_GLOBAL]
    return real[0] if real else sites[0].primitive


def suggest(owner: str, primitive: str, uses: Sequence[LockSite], awaits: Sequence[LockSite],
            hot: Sequence[LockSite]) -> tuple[str, str]:
    """(replacement, reason) from what was measured about one lock; the replacement is a key
    of TEXT or a sentence."""
    if awaits:
        first = awaits[0]
        return "actor", (f"held across an await at {first.path}:{first.line}: every other "
                         "caller waits for that I/O; an actor serialises access without "
                         "holding anything across the await")
    if not hot and primitive != MUTABLE_GLOBAL:
        return ("keep for now: no request path takes it",
                f"{len(uses)} acquisition(s), none on a request path")
    if "RwLock" in primitive:
        return _rwlock(owner, uses)
    if "Semaphore" in primitive:
        return ("keep it: a semaphore bounds concurrency on purpose",
                "it limits how many requests run a section at once; that is its job")
    if "Condition" in primitive:
        return "channel", ("a condition variable hand-codes a channel: waiters take the lock "
                           f"to wait and re-check ({len(uses)} uses)")
    if primitive == MUTABLE_GLOBAL:
        return _global(owner, uses, hot)
    return _mutex(owner, uses, hot)


def _rwlock(owner: str, uses: Sequence[LockSite]) -> tuple[str, str]:
    reads = sum(1 for s in uses if "read" in s.how)
    writes = sum(1 for s in uses if "write" in s.how)
    sites = f"{reads} read and {writes} write acquisition sites"
    if STORE.search(owner):
        return "sharded", (f"named like a keyed store ({sites}): a write to one key need not "
                           "block readers of every other key")
    if reads >= writes:
        return "snapshot", f"read-mostly ({sites}): readers stop waiting for writers"
    return "sharded", f"write-heavy ({sites}): a read-write lock buys little"


def _global(owner: str, uses: Sequence[LockSite], hot: Sequence[LockSite]) -> tuple[str, str]:
    where = f"rebound in {len({s.function for s in uses})} function(s), {len(hot)} on request paths"
    name = owner.lstrip("_")
    if COUNTER.search(name):
        return "counter", f"named like a counter and {where}: an increment needs no lock"
    if FLAG.search(name):
        return "flag", f"named like a flag and {where}: a flag needs no lock"
    if SERVICE.search(name):
        return ("construct once and inject (AppState / the service factory), never rebind",
                f"named like a service and {where}: rebinding a global swaps it under "
                "running requests")
    return ("a field of AppState passed to who needs it, not a module global",
            f"{where}: a global rebound at run time is shared state without a lock")


def _mutex(owner: str, uses: Sequence[LockSite], hot: Sequence[LockSite]) -> tuple[str, str]:
    functions = {s.function for s in hot}
    spread = f"{len(hot)} acquisition(s) on request paths in {len(functions)} function(s)"
    if STATS.search(owner):
        return "stats", f"named like statistics; {spread}: counting needs no lock"
    if POOL.search(owner):
        return "pool", f"named like a connection pool; {spread}: checkout is the hot path"
    if STORE.search(owner) and len(functions) >= MANY:
        return "sharded", (f"named like a keyed store; {spread}: requests for different "
                           "keys need not wait for each other")
    if len(functions) >= MANY:
        return "actor", f"{spread}: every request to them queues on one lock"
    return ("narrow the critical section (copy out, release, then work), or an actor", spread)
