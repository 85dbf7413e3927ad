"""Nova backend - application entrypoint.

This file started as a 150-line Flask prototype and kept growing: it now
holds configuration, logging setup, process-wide shared state, every HTTP
route (v1, v2, admin, streaming), the background workers and the operator
CLI. It is the Python twin of the Rust service's ``main.rs`` and the reason
the nova-refactor tool exists.

Run ``python main.py --help`` for the command line interface.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
import hashlib
import hmac
import itertools
import json
import logging
import os
import queue
import random
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    g,
    has_request_context,
    jsonify,
    request,
    url_for,
)

import storage
import utils
from services import NotFoundError, PermissionDeniedError, ServiceError
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


def build_services() -> None:
    """Wire the domain services to the current repository and cache."""
    global user_service, post_service, media_service, stream_service, analytics_service
    store = init_storage()
    user_service = UserService(store, cache)
    post_service = PostService(store, cache)
    media_service = MediaService(store, cache, max_upload_bytes=CONFIG.max_upload_bytes)
    stream_service = StreamService(store, cache)
    analytics_service = AnalyticsService(store, cache)


init_storage()
build_services()


def reset_state() -> None:
    """Drop all data, sessions, counters and caches (tests, ``seed --reset``)."""
    global request_counter, error_counter, _token_counter, _event_seq
    global _started_at, _last_metrics_flush, MAINTENANCE_MODE
    init_storage(fresh=True)
    cache.flushall()
    cache.healthy = True
    build_services()
    with STATS_LOCK:
        request_counter = 0
        error_counter = 0
        STATUS_COUNTS.clear()
        ROUTE_TIMINGS.clear()
        HOT_COUNTERS.clear()
    with SESSION_LOCK:
        SESSIONS.clear()
        _token_counter = 0
    with EVENT_COND:
        EVENT_LOG.clear()
        _event_seq = 0
    with INDEX_LOCK:
        SEARCH_INDEX.clear()
        INDEXED_POST_IDS.clear()
    while not INDEX_QUEUE.empty():
        INDEX_QUEUE.get_nowait()
    _started_at = None
    _last_metrics_flush = None
    MAINTENANCE_MODE = CONFIG.maintenance_mode


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
        requests_total = request_counter
        errors_total = error_counter
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
        "storage": repo.counts() if repo is not None else {},
        "index_queue": INDEX_QUEUE.qsize(),
        "indexed_posts": len(INDEXED_POST_IDS),
        "streams": stream_service.stats() if ENABLE_STREAMING else None,
        "workers": worker_status(),
        "last_metrics_flush": _last_metrics_flush,
    }


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


# =====================================================================================
# APP + ROUTES
# =====================================================================================

app = Flask(__name__)
app.config.update(
    SECRET_KEY=SECRET_KEY,
    # base64-encoded JSON uploads inflate by 4/3, leave headroom
    MAX_CONTENT_LENGTH=CONFIG.max_upload_bytes * 2,
)


class ApiError(Exception):
    """An error with an HTTP status, rendered as a JSON error envelope."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        details: dict | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or f"http_{status}"
        self.details = details or {}


def error_response(
    status: int, code: str, message: str, details: dict | None = None
) -> tuple[Response, int]:
    body = {
        "error": {
            "code": code,
            "message": message,
            "details": details or {},
            "request_id": g.get("request_id"),
        }
    }
    return jsonify(body), status


def json_body(*required: str) -> dict[str, Any]:
    """Parse the JSON object body, enforcing ``required`` keys."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, "request body must be a JSON object", code="invalid_json")
    missing = [key for key in required if data.get(key) in (None, "")]
    if missing:
        raise ApiError(
            400,
            f"missing required field(s): {', '.join(missing)}",
            code="missing_fields",
            details={"fields": missing},
        )
    return data


def pagination_args() -> tuple[int, int]:
    try:
        return utils.parse_pagination(request.args, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    except ValueError as exc:
        raise ApiError(400, str(exc), code="bad_pagination") from None


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


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_user_id() is None:
            raise ApiError(401, "authentication required", code="unauthorized")
        return view(*args, **kwargs)

    return wrapper


def track(event: str, **properties: Any) -> None:
    """Fire-and-forget analytics; never fails the request."""
    if not ENABLE_ANALYTICS:
        return
    try:
        analytics_service.track(event, current_user_id(), properties)
    except ServiceError:
        log.warning("dropping malformed analytics event %s", event)


# -- hooks & error handlers ------------------------------------------------------------


@app.before_request
def before_request() -> Any:
    g.request_id = (
        request.headers.get("X-Request-ID") or f"req-{next(_request_ids):08d}"
    )
    g.started = time.perf_counter()
    g.user_id = None
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        g.user_id = resolve_session(auth[len("Bearer ") :].strip())
    if MAINTENANCE_MODE and not request.path.startswith(MAINTENANCE_EXEMPT_PREFIXES):
        return error_response(
            503, "maintenance", "Nova is down for maintenance, back soon"
        )
    return None


@app.after_request
def after_request(response: Response) -> Response:
    global request_counter, error_counter
    elapsed_ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000.0
    with STATS_LOCK:
        request_counter += 1
        STATUS_COUNTS[response.status_code] = (
            STATUS_COUNTS.get(response.status_code, 0) + 1
        )
        if response.status_code >= 500:
            error_counter += 1
        timings = ROUTE_TIMINGS.setdefault(request.endpoint or "<unmatched>", [])
        timings.append(elapsed_ms)
        if len(timings) > 500:
            del timings[:-500]
    response.headers["X-Request-ID"] = g.get("request_id", "-")
    response.headers["X-Response-Time-Ms"] = f"{elapsed_ms:.2f}"
    log.debug(
        "%s %s -> %s (%.1fms)",
        request.method,
        request.path,
        response.status_code,
        elapsed_ms,
    )
    return response


@app.errorhandler(ApiError)
def handle_api_error(exc: ApiError) -> tuple[Response, int]:
    return error_response(exc.status, exc.code, exc.message, exc.details)


@app.errorhandler(ServiceError)
def handle_service_error(exc: ServiceError) -> tuple[Response, int]:
    return error_response(exc.status_code, exc.code, exc.message, exc.details)


@app.errorhandler(404)
def handle_not_found(exc: Exception) -> tuple[Response, int]:
    return error_response(
        404, "not_found", f"no route for {request.method} {request.path}"
    )


@app.errorhandler(405)
def handle_method_not_allowed(exc: Exception) -> tuple[Response, int]:
    return error_response(
        405, "method_not_allowed", f"{request.method} is not allowed on {request.path}"
    )


@app.errorhandler(413)
def handle_too_large(exc: Exception) -> tuple[Response, int]:
    return error_response(413, "payload_too_large", "request body is too large")


# -- meta ------------------------------------------------------------------------------


@app.route("/", methods=["GET"])
def index() -> Response:
    links = {
        "self": url_for("index"),
        "health": url_for("health"),
        "ready": url_for("readiness"),
        "version": url_for("version_info"),
        "feed": url_for("home_feed"),
        "posts_v2": url_for("api_v2.list_posts"),
        "admin_stats": url_for("admin.stats"),
    }
    if ENABLE_STREAMING:
        links["streams"] = url_for("list_streams")
    return jsonify(name=APP_NAME, version=APP_VERSION, links=links)


@app.get("/health")
def health() -> tuple[Response, int]:
    report = run_health_checks()
    return jsonify(report), 200 if report["status"] == "ok" else 503


def readiness() -> tuple[Response, int]:
    """Ready once storage exists and the cache answers; workers are optional."""
    ready = repo is not None and cache.ping()
    return jsonify(ready=ready, workers=worker_status()), 200 if ready else 503


def version_info() -> Response:
    return jsonify(
        name=APP_NAME,
        version=APP_VERSION,
        python=sys.version.split()[0],
        features={"streaming": ENABLE_STREAMING, "analytics": ENABLE_ANALYTICS},
        config=CONFIG.public_dict(),
    )


def prometheus_metrics() -> Response:
    """Minimal Prometheus text exposition of the request counters."""
    stats = collect_stats()
    lines = [
        "# HELP nova_requests_total Requests served since start.",
        "# TYPE nova_requests_total counter",
        f"nova_requests_total {stats['requests']}",
        "# TYPE nova_errors_total counter",
        f"nova_errors_total {stats['errors']}",
        "# TYPE nova_active_sessions gauge",
        f"nova_active_sessions {stats['active_sessions']}",
    ]
    for code, count in stats["status_codes"].items():
        lines.append(f'nova_responses_total{{code="{code}"}} {count}')
    for table, count in stats["storage"].items():
        lines.append(f'nova_rows{{table="{table}"}} {count}')
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


app.add_url_rule("/ready", endpoint="readiness", view_func=readiness, methods=["GET"])
app.add_url_rule(
    "/version", endpoint="version_info", view_func=version_info, methods=["GET"]
)
app.add_url_rule(
    "/metrics", endpoint="metrics", view_func=prometheus_metrics, methods=["GET"]
)

# -- auth ------------------------------------------------------------------------------


@app.route("/api/v1/auth/register", methods=["POST"])
def register() -> tuple[Response, int]:
    data = json_body("username", "email", "password")
    user = user_service.register(
        data["username"],
        data["email"],
        data["password"],
        display_name=data.get("display_name", ""),
    )
    token = issue_session(user.id)
    track("user.registered")
    publish_event("user.registered", {"user_id": user.id})
    return jsonify(user=user.to_dict(private=True), token=token), 201


@app.route("/api/v1/auth/login", methods=["POST"])
def login() -> Response:
    data = json_body("username", "password")
    user = user_service.authenticate(data["username"], data["password"])
    token = issue_session(user.id)
    g.user_id = user.id
    track("user.login")
    return jsonify(
        user=user.to_dict(private=True), token=token, expires_in=SESSION_TTL_SECONDS
    )


@app.route("/api/v1/auth/logout", methods=["POST"])
@login_required
def logout() -> Response:
    token = request.headers.get("Authorization", "")[len("Bearer ") :].strip()
    return jsonify(revoked=revoke_session(token))


@app.get("/api/v1/auth/me")
@login_required
def me() -> Response:
    user = user_service.get(current_user_id())
    with SESSION_LOCK:
        sessions = sum(1 for s in SESSIONS.values() if s["user_id"] == user.id)
    return jsonify(user=user.to_dict(private=True), active_sessions=sessions)


# -- users -----------------------------------------------------------------------------


@app.route("/api/v1/users", methods=["GET"])
def list_users() -> Response:
    page, per_page = pagination_args()
    query = (request.args.get("q") or "").strip().lower()
    users = user_service.list_users(include_banned=is_admin_request())
    if query:
        users = [
            u
            for u in users
            if query in u.username or query in (u.display_name or "").lower()
        ]
    result = utils.paginate(users, page, per_page)
    result["items"] = [u.to_dict() for u in result["items"]]
    return jsonify(result)


@app.route("/api/v1/users/<int:user_id>", methods=["GET"], endpoint="user_detail")
def get_user(user_id: int) -> Response:
    user = user_service.get(user_id)
    if user.is_banned and not is_admin_request():
        raise NotFoundError(f"user {user_id} not found")
    return jsonify(user.to_dict(private=current_user_id() == user_id))


@app.route("/api/v1/users/<int:user_id>", methods=["PATCH"])
@login_required
def update_user(user_id: int) -> Response:
    if current_user_id() != user_id and not is_admin_request():
        raise ApiError(403, "you can only edit your own profile", code="forbidden")
    data = json_body()
    user = user_service.update_profile(user_id, **data)
    return jsonify(user.to_dict(private=True))


@app.route("/api/v1/users/<int:user_id>", methods=["DELETE"])
@login_required
def delete_user(user_id: int) -> tuple[str, int]:
    if current_user_id() != user_id and not is_admin_request():
        raise ApiError(403, "you can only delete your own account", code="forbidden")
    user_service.delete(user_id)
    revoke_user_sessions(user_id)
    publish_event("user.deleted", {"user_id": user_id})
    return "", 204


@app.route("/api/v1/users/<int:user_id>/follow", methods=["POST", "DELETE"])
@login_required
def follow_user(user_id: int) -> Response:
    me_id = current_user_id()
    if request.method == "POST":
        changed = user_service.follow(me_id, user_id)
        if changed:
            track("user.followed", target=user_id)
            publish_event("user.followed", {"follower": me_id, "followee": user_id})
    else:
        changed = user_service.unfollow(me_id, user_id)
    target = user_service.get(user_id)
    return jsonify(
        following=request.method == "POST",
        changed=changed,
        followers_count=len(target.followers),
    )


@app.get("/api/v1/users/<int:user_id>/followers")
def list_followers(user_id: int) -> Response:
    page, per_page = pagination_args()
    result = utils.paginate(user_service.followers(user_id), page, per_page)
    result["items"] = [u.to_dict() for u in result["items"]]
    return jsonify(result)


@app.get("/api/v1/users/<int:user_id>/following")
def list_following(user_id: int) -> Response:
    page, per_page = pagination_args()
    result = utils.paginate(user_service.following(user_id), page, per_page)
    result["items"] = [u.to_dict() for u in result["items"]]
    return jsonify(result)


# -- posts -----------------------------------------------------------------------------


@app.route("/api/v1/posts", methods=["GET"])
def list_posts() -> Response:
    page, per_page = pagination_args()
    author_id = request.args.get("author_id")
    try:
        author = int(author_id) if author_id else None
    except ValueError:
        raise ApiError(
            400, "author_id must be an integer", code="bad_request"
        ) from None
    posts = post_service.list_posts(
        current_user_id(), author_id=author, hashtag=request.args.get("hashtag")
    )
    result = utils.paginate(posts, page, per_page)
    result["items"] = [p.to_dict() for p in result["items"]]
    return jsonify(result)


@app.route("/api/v1/posts", methods=["POST"])
@login_required
def create_post() -> tuple[Response, int, dict[str, str]]:
    data = json_body()
    media_ids = data.get("media_ids") or []
    if not isinstance(media_ids, list) or not all(
        isinstance(m, int) for m in media_ids
    ):
        raise ApiError(400, "media_ids must be a list of integers", code="bad_request")
    post = post_service.create_post(
        current_user_id(),
        data.get("content", ""),
        visibility=data.get("visibility", "public"),
        media_ids=media_ids,
    )
    enqueue_for_indexing(post.id, post.content)
    track("post.created", hashtags=len(post.hashtags))
    publish_event("post.created", {"post_id": post.id, "author_id": post.author_id})
    return (
        jsonify(post.to_dict()),
        201,
        {"Location": url_for("get_post", post_id=post.id)},
    )


@app.route("/api/v1/posts/<int:post_id>", methods=["GET"])
def get_post(post_id: int) -> Response:
    post = post_service.get_visible_post(post_id, current_user_id())
    data = post.to_dict()
    if request.args.get("include") == "comments":
        data["comments"] = post_service.comment_tree(post_id, current_user_id())
    return jsonify(data)


@app.route("/api/v1/posts/<int:post_id>", methods=["PUT", "PATCH"])
@login_required
def update_post(post_id: int) -> Response:
    data = json_body()
    pinned = data.get("pinned")
    if pinned is not None and not isinstance(pinned, bool):
        raise ApiError(400, "pinned must be a boolean", code="bad_request")
    post = post_service.update_post(
        post_id,
        current_user_id(),
        content=data.get("content"),
        visibility=data.get("visibility"),
        pinned=pinned,
        is_admin=is_admin_request(),
    )
    if "content" in data:
        enqueue_for_indexing(post.id, post.content)
    return jsonify(post.to_dict())


@app.route("/api/v1/posts/<int:post_id>", methods=["DELETE"])
@login_required
def delete_post(post_id: int) -> Response:
    removed = post_service.delete_post(
        post_id, current_user_id(), is_admin=is_admin_request()
    )
    with INDEX_LOCK:
        for post_ids in SEARCH_INDEX.values():
            post_ids.discard(post_id)
        INDEXED_POST_IDS.discard(post_id)
    publish_event("post.deleted", {"post_id": post_id})
    return jsonify(deleted=True, removed=removed)


@app.route("/api/v1/posts/<int:post_id>/like", methods=["POST", "DELETE"])
@login_required
def toggle_like(post_id: int) -> Response:
    if request.method == "POST":
        changed, count = post_service.like(post_id, current_user_id())
        if changed:
            track("post.liked", post_id=post_id)
    else:
        changed, count = post_service.unlike(post_id, current_user_id())
    return jsonify(
        post_id=post_id,
        liked=request.method == "POST",
        changed=changed,
        like_count=count,
    )


@app.post("/api/v1/posts/<int:post_id>/repost")
@login_required
def repost(post_id: int) -> tuple[Response, int]:
    data = request.get_json(silent=True) or {}
    post = post_service.repost(
        current_user_id(),
        post_id,
        data.get("comment", "") if isinstance(data, dict) else "",
    )
    publish_event("post.reposted", {"post_id": post.id, "original": post.repost_of})
    return jsonify(post.to_dict()), 201


@app.get("/api/v1/posts/<int:post_id>/comments")
def list_comments(post_id: int) -> Response:
    if request.args.get("format") == "tree":
        return jsonify(items=post_service.comment_tree(post_id, current_user_id()))
    page, per_page = pagination_args()
    result = utils.paginate(
        post_service.list_comments(post_id, current_user_id()), page, per_page
    )
    result["items"] = [c.to_dict() for c in result["items"]]
    return jsonify(result)


@app.post("/api/v1/posts/<int:post_id>/comments")
@login_required
def add_comment(post_id: int) -> tuple[Response, int]:
    data = json_body("body")
    parent_id = data.get("parent_id")
    if parent_id is not None and not isinstance(parent_id, int):
        raise ApiError(400, "parent_id must be an integer", code="bad_request")
    comment = post_service.add_comment(
        post_id, current_user_id(), data["body"], parent_id=parent_id
    )
    track("comment.created", post_id=post_id)
    return jsonify(comment.to_dict()), 201


# -- discovery -------------------------------------------------------------------------


@app.route("/api/v1/feed", methods=["GET"])
@login_required
def home_feed() -> Response:
    page, per_page = pagination_args()
    return jsonify(post_service.build_feed(current_user_id(), page, per_page))


@app.route("/api/v1/trending", methods=["GET"])
def trending() -> Response:
    try:
        limit = utils.parse_int(request.args.get("limit"), 10, minimum=1, maximum=50)
    except ValueError as exc:
        raise ApiError(400, str(exc), code="bad_request") from None
    cached = cache.get("trending:hashtags")
    hashtags = (
        json.loads(cached)[:limit]
        if cached
        else post_service.trending_hashtags(limit=limit)
    )
    posts = [p.to_dict() for p in post_service.trending_posts(limit)]
    return jsonify(hashtags=hashtags, posts=posts, cached=cached is not None)


@app.route("/api/v1/search", methods=["GET"])
def search() -> Response:
    raw = request.args.get("q", "")
    if not raw.strip():
        raise ApiError(400, "query parameter q is required", code="missing_query")
    try:
        limit = utils.parse_int(
            request.args.get("limit"), 20, minimum=1, maximum=MAX_PAGE_SIZE
        )
    except ValueError as exc:
        raise ApiError(400, str(exc), code="bad_request") from None
    results = post_service.search(raw, current_user_id(), limit=limit)
    track("search.performed", terms=len(raw.split()))
    return jsonify(query=raw, count=len(results), items=[p.to_dict() for p in results])


@app.route("/api/v1/search/index", methods=["GET"])
def search_index() -> Response:
    """Lookup in the asynchronously built inverted index (eventually consistent)."""
    term = (request.args.get("term") or "").strip().lower().lstrip("#@")
    if not term:
        raise ApiError(400, "query parameter term is required", code="missing_query")
    with INDEX_LOCK:
        post_ids = sorted(SEARCH_INDEX.get(term, ()))
        indexed = len(INDEXED_POST_IDS)
    return jsonify(
        term=term, post_ids=post_ids, indexed_posts=indexed, pending=INDEX_QUEUE.qsize()
    )


@app.get("/api/v1/events")
def poll_events() -> Response:
    """Long-poll for platform events newer than ``after``."""
    try:
        after = utils.parse_int(request.args.get("after"), 0, minimum=0)
        timeout = float(request.args.get("timeout", "0"))
    except ValueError as exc:
        raise ApiError(400, str(exc), code="bad_request") from None
    events = wait_for_events(after, max(0.0, min(timeout, LONG_POLL_MAX_SECONDS)))
    last = events[-1]["seq"] if events else after
    return jsonify(events=events, last_seq=last)


@app.post("/api/v1/analytics/events")
def track_event() -> tuple[Response, int]:
    if not ENABLE_ANALYTICS:
        raise ApiError(404, "analytics disabled", code="not_found")
    data = json_body("event")
    properties = data.get("properties") or {}
    if not isinstance(properties, dict):
        raise ApiError(400, "properties must be an object", code="bad_request")
    record = analytics_service.track(data["event"], current_user_id(), properties)
    return jsonify(accepted=True, event=record["event"]), 202


# -- media -----------------------------------------------------------------------------


def _read_upload() -> tuple[str, str, bytes]:
    """Accept multipart ``file`` or JSON ``{filename, content_type, data}`` (base64)."""
    if "file" in request.files:
        upload = request.files["file"]
        return upload.filename or "upload", upload.mimetype or "", upload.read()
    data = json_body("filename", "content_type", "data")
    try:
        raw = base64.b64decode(data["data"], validate=True)
    except (binascii.Error, TypeError, ValueError):
        raise ApiError(400, "data must be base64 encoded", code="bad_request") from None
    return data["filename"], data["content_type"], raw


@app.route("/api/v1/media", methods=["POST"])
@login_required
def upload_media() -> tuple[Response, int]:
    filename, content_type, raw = _read_upload()
    # Transcoding hosts are small; cap concurrent uploads per process.
    if not UPLOAD_SLOTS.acquire(timeout=UPLOAD_SLOT_TIMEOUT):
        raise ApiError(
            503,
            "too many concurrent uploads, retry shortly",
            code="upload_slots_exhausted",
        )
    try:
        asset = media_service.register_upload(
            current_user_id(), filename, content_type, raw
        )
        if request.args.get("transcode") == "1":
            media_service.transcode(asset.id, requested_by=current_user_id())
    finally:
        UPLOAD_SLOTS.release()
    with STATS_LOCK:
        HOT_COUNTERS["uploads"] = HOT_COUNTERS.get("uploads", 0) + 1
    track("media.uploaded", bytes=asset.size_bytes, kind=asset.kind)
    return jsonify(asset.to_dict()), 201


@app.route("/api/v1/media/<int:asset_id>", methods=["GET"])
def get_media(asset_id: int) -> Response:
    return jsonify(media_service.get(asset_id).to_dict())


@app.route("/api/v1/media/<int:asset_id>/transcode", methods=["POST"])
@login_required
def transcode_media(asset_id: int) -> Response:
    asset = media_service.transcode(
        asset_id, requested_by=None if is_admin_request() else current_user_id()
    )
    publish_event("media.transcoded", {"asset_id": asset.id, "status": asset.status})
    return jsonify(asset.to_dict())


@app.route("/api/v1/media/<int:asset_id>", methods=["DELETE"])
@login_required
def delete_media(asset_id: int) -> tuple[str, int]:
    media_service.delete(asset_id, current_user_id(), is_admin=is_admin_request())
    return "", 204


# -- streaming (feature flagged) -------------------------------------------------------

if ENABLE_STREAMING:

    @app.route("/api/v1/streams", methods=["GET"])
    def list_streams() -> Response:
        page, per_page = pagination_args()
        result = utils.paginate(stream_service.list_live(), page, per_page)
        result["items"] = [s.to_dict() for s in result["items"]]
        return jsonify(result)

    @app.route("/api/v1/streams", methods=["POST"])
    @login_required
    def start_stream() -> tuple[Response, int]:
        data = json_body("title")
        stream = stream_service.start_stream(current_user_id(), data["title"])
        publish_event(
            "stream.started", {"stream_id": stream.id, "owner_id": stream.owner_id}
        )
        track("stream.started")
        body = stream.to_dict()
        body["stream_key"] = stream.stream_key  # only ever shown to the owner, once
        return jsonify(body), 201

    @app.get("/api/v1/streams/<int:stream_id>")
    def get_stream(stream_id: int) -> Response:
        return jsonify(stream_service.get(stream_id).to_dict())

    @app.post("/api/v1/streams/<int:stream_id>/end")
    @login_required
    def end_stream(stream_id: int) -> Response:
        stream = stream_service.end_stream(
            stream_id, current_user_id(), is_admin=is_admin_request()
        )
        publish_event(
            "stream.ended",
            {"stream_id": stream.id, "peak_viewers": stream.peak_viewers},
        )
        return jsonify(stream.to_dict())

    @app.post("/api/v1/streams/<int:stream_id>/join")
    @login_required
    def join_stream(stream_id: int) -> Response:
        viewers = stream_service.join(stream_id, current_user_id())
        with STATS_LOCK:
            HOT_COUNTERS["stream_joins"] = HOT_COUNTERS.get("stream_joins", 0) + 1
        return jsonify(stream_id=stream_id, viewers=viewers)

    @app.post("/api/v1/streams/<int:stream_id>/leave")
    @login_required
    def leave_stream(stream_id: int) -> Response:
        return jsonify(
            stream_id=stream_id,
            viewers=stream_service.leave(stream_id, current_user_id()),
        )

    @app.route("/api/v1/streams/<int:stream_id>/chat", methods=["GET", "POST"])
    def stream_chat(stream_id: int) -> tuple[Response, int]:
        if request.method == "GET":
            try:
                after_id = utils.parse_int(request.args.get("after_id"), 0, minimum=0)
            except ValueError as exc:
                raise ApiError(400, str(exc), code="bad_request") from None
            messages = stream_service.recent_chat(stream_id, after_id=after_id)
            return jsonify(items=[m.to_dict() for m in messages]), 200
        if current_user_id() is None:
            raise ApiError(401, "authentication required", code="unauthorized")
        data = json_body("body")
        message = stream_service.post_chat(stream_id, current_user_id(), data["body"])
        return jsonify(message.to_dict()), 201


# -- admin blueprint -------------------------------------------------------------------

admin_bp = Blueprint("admin", __name__, url_prefix="/admin")


@admin_bp.before_request
def require_admin() -> Any:
    if not is_admin_request():
        return error_response(403, "forbidden", "admin access required")
    return None


@admin_bp.route("/stats", methods=["GET"])
def stats() -> Response:
    data = collect_stats()
    data["posts"] = post_service.stats()
    data["media"] = media_service.usage()
    return jsonify(data)


@admin_bp.post("/cache/flush")
def flush_cache() -> Response:
    pattern = request.args.get("pattern", "*")
    keys = cache.keys(pattern)
    removed = cache.delete(*keys) if keys else 0
    log.info("admin flushed %d cache keys matching %r", removed, pattern)
    return jsonify(removed=removed, pattern=pattern)


@admin_bp.post("/users/<int:user_id>/ban")
def ban_user(user_id: int) -> Response:
    data = request.get_json(silent=True) or {}
    reason = data.get("reason", "") if isinstance(data, dict) else ""
    user = user_service.ban(user_id, reason)
    revoked = revoke_user_sessions(user_id)
    publish_event("user.banned", {"user_id": user_id})
    return jsonify(user=user.to_dict(private=True), sessions_revoked=revoked)


@admin_bp.get("/workers")
def workers() -> Response:
    return jsonify(
        workers=worker_status(),
        stop_requested=_stop_event.is_set(),
        last_metrics_flush=_last_metrics_flush,
    )


@admin_bp.route("/maintenance", methods=["POST"])
def maintenance() -> Response:
    global MAINTENANCE_MODE
    data = json_body("enabled")
    if not isinstance(data["enabled"], bool):
        raise ApiError(400, "enabled must be a boolean", code="bad_request")
    MAINTENANCE_MODE = data["enabled"]
    log.warning("maintenance mode %s", "ENABLED" if MAINTENANCE_MODE else "disabled")
    return jsonify(maintenance=MAINTENANCE_MODE)


app.register_blueprint(admin_bp)

# -- v2 API blueprint ------------------------------------------------------------------

api_v2 = Blueprint("api_v2", __name__)


def list_posts_v2() -> Response:
    """Keyset-paginated post listing (v1 offset pagination does not scale)."""
    try:
        limit = utils.parse_int(
            request.args.get("limit"),
            DEFAULT_PAGE_SIZE,
            minimum=1,
            maximum=MAX_PAGE_SIZE,
        )
        cursor = request.args.get("cursor")
        cursor_id = utils.decode_cursor(cursor) if cursor else None
    except ValueError as exc:
        raise ApiError(400, str(exc), code="bad_request") from None
    posts, next_id = post_service.list_after(cursor_id, limit, current_user_id())
    return jsonify(
        data=[p.to_dict() for p in posts],
        next_cursor=utils.encode_cursor(next_id) if next_id is not None else None,
    )


api_v2.add_url_rule(
    "/posts", endpoint="list_posts", view_func=list_posts_v2, methods=["GET"]
)


@api_v2.route("/users/<int:user_id>/profile", methods=["GET"])
def user_profile(user_id: int) -> Response:
    return jsonify(data=user_service.profile(user_id))


@api_v2.route("/analytics/summary", methods=["GET"])
def analytics_summary() -> Response:
    if not is_admin_request():
        raise PermissionDeniedError("admin access required")
    return jsonify(data=analytics_service.summary())


app.register_blueprint(api_v2, url_prefix="/api/v2")

# =====================================================================================
# BACKGROUND WORKERS
# =====================================================================================


def metrics_flusher(stop_event: threading.Event) -> None:
    """Every METRICS_FLUSH_INTERVAL seconds, snapshot stats into the cache."""
    global _last_metrics_flush
    log.info("metrics flusher started (interval=%ss)", METRICS_FLUSH_INTERVAL)
    while not stop_event.wait(METRICS_FLUSH_INTERVAL):
        try:
            snapshot = collect_stats()
            cache.set("metrics:snapshot", json.dumps(snapshot, default=str))
            cache.incr("metrics:flushes")
            _last_metrics_flush = time.time()
        except Exception:  # pragma: no cover - keep the worker alive
            log.exception("metrics flush failed")
    log.info("metrics flusher stopped")


def feed_recompute_worker(stop_event: threading.Event) -> None:
    """Precompute trending hashtags and warm the feeds of the most recent users."""
    log.info("feed recompute worker started (interval=%ss)", FEED_RECOMPUTE_INTERVAL)
    while not stop_event.wait(FEED_RECOMPUTE_INTERVAL):
        try:
            cache.set(
                "trending:hashtags",
                json.dumps(post_service.trending_hashtags(limit=50)),
                ex=max(60.0, FEED_RECOMPUTE_INTERVAL * 2),  # survive a slow cycle
            )
            users = repo.all("users")[-FEED_PRECOMPUTE_USERS:]
            for user in users:
                if stop_event.is_set():
                    break
                post_service.build_feed(user.id)
            cache.incr("feed:recompute_runs")
        except Exception:  # pragma: no cover
            log.exception("feed recompute failed")
    log.info("feed recompute worker stopped")


def session_reaper(stop_event: threading.Event) -> None:
    """Drop expired sessions so SESSIONS does not grow without bound."""
    while not stop_event.wait(SESSION_REAP_INTERVAL):
        reaped = reap_expired_sessions()
        if reaped:
            log.info("reaped %d expired sessions", reaped)


def _drain_index_queue(limit: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while len(items) < limit:
        try:
            items.append(INDEX_QUEUE.get_nowait())
        except queue.Empty:
            break
    return items


async def _index_document(item: dict[str, Any]) -> None:
    tokens = set(utils.tokenize(item["text"]))
    async with ASYNC_INDEX_LOCK:
        await asyncio.sleep(0)  # stands in for the round-trip to the search cluster
        with INDEX_LOCK:
            for token in tokens:
                SEARCH_INDEX.setdefault(token, set()).add(item["post_id"])
            INDEXED_POST_IDS.add(item["post_id"])
    publish_event("post.indexed", {"post_id": item["post_id"], "terms": len(tokens)})


async def _async_heartbeat(stop_event: threading.Event) -> None:
    while not stop_event.is_set():
        cache.set("workers:async:heartbeat", time.time())
        await asyncio.sleep(ASYNC_POLL_INTERVAL * 5)


async def _async_indexer_main(stop_event: threading.Event) -> int:
    """Pull documents off INDEX_QUEUE and index them concurrently as asyncio tasks."""
    global ASYNC_INDEX_LOCK
    ASYNC_INDEX_LOCK = asyncio.Lock()  # must belong to this thread's event loop
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
        await asyncio.sleep(ASYNC_POLL_INTERVAL)
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
    global _stop_event
    with WORKERS_LOCK:
        if BACKGROUND_WORKERS and all(t.is_alive() for t in BACKGROUND_WORKERS):
            return list(BACKGROUND_WORKERS)
        _stop_event = threading.Event()
        BACKGROUND_WORKERS.clear()
        for name, target in WORKER_SPECS:
            thread = threading.Thread(
                target=target, args=(_stop_event,), daemon=True, name=name
            )
            thread.start()
            BACKGROUND_WORKERS.append(thread)
    mark_started()
    log.info("started %d background workers", len(BACKGROUND_WORKERS))
    return list(BACKGROUND_WORKERS)


def stop_background_workers(timeout: float = WORKER_SHUTDOWN_TIMEOUT) -> bool:
    """Signal all workers to stop and join them; True when all exited in time."""
    _stop_event.set()
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


# =====================================================================================
# CLI
# =====================================================================================


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nova-app", description="Nova backend server and operator tools."
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {APP_VERSION}"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="enable debug logging"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default=HOST, help=f"bind address (default: {HOST})")
    serve.add_argument(
        "--port", type=int, default=PORT, help=f"bind port (default: {PORT})"
    )
    serve.add_argument(
        "--no-workers", action="store_true", help="do not start background workers"
    )
    serve.add_argument(
        "--debug", action="store_true", default=CONFIG.debug, help="Flask debug mode"
    )
    serve.set_defaults(handler=cmd_serve)

    seed = sub.add_parser("seed", help="populate demo data")
    seed.add_argument(
        "--users", type=int, default=10, help="number of demo users (default: 10)"
    )
    seed.add_argument("--posts-per-user", type=int, default=3)
    seed.add_argument(
        "--seed", type=int, default=42, help="random seed for reproducible data"
    )
    seed.add_argument("--reset", action="store_true", help="wipe existing data first")
    seed.set_defaults(handler=cmd_seed)

    health = sub.add_parser(
        "healthcheck", help="run health checks and print JSON (exit 1 when unhealthy)"
    )
    health.add_argument("--pretty", action="store_true")
    health.set_defaults(handler=cmd_healthcheck)

    routes = sub.add_parser("routes", help="print the URL map")
    routes.add_argument("--json", action="store_true", help="machine readable output")
    routes.set_defaults(handler=cmd_routes)

    stats_cmd = sub.add_parser("stats", help="print runtime statistics as JSON")
    stats_cmd.set_defaults(handler=cmd_stats)
    return parser


def cmd_serve(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        print(f"error: invalid port {args.port}", file=sys.stderr)
        return 2
    run_server(args.host, args.port, workers=not args.no_workers, debug=args.debug)
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    if args.users < 1 or args.posts_per_user < 0:
        print("error: --users must be >= 1 and --posts-per-user >= 0", file=sys.stderr)
        return 2
    if args.reset:
        reset_state()
    summary = seed_demo_data(
        users=args.users, posts_per_user=args.posts_per_user, seed=args.seed
    )
    print(json.dumps({"seeded": summary}, sort_keys=True))
    return 0


def cmd_healthcheck(args: argparse.Namespace) -> int:
    report = run_health_checks()
    print(json.dumps(report, indent=2 if args.pretty else None, sort_keys=True))
    return 0 if report["status"] == "ok" else 1


def route_table() -> list[dict[str, Any]]:
    rows = []
    for rule in app.url_map.iter_rules():
        methods = sorted(m for m in rule.methods or () if m not in ("HEAD", "OPTIONS"))
        rows.append({"rule": rule.rule, "methods": methods, "endpoint": rule.endpoint})
    return sorted(rows, key=lambda r: (r["rule"], r["methods"], r["endpoint"]))


def cmd_routes(args: argparse.Namespace) -> int:
    rows = route_table()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(r["rule"]) for r in rows)
    for row in rows:
        print(
            f"{row['rule']:<{width}}  {','.join(row['methods']):<14}  {row['endpoint']}"
        )
    print(f"{len(rows)} routes")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    print(json.dumps(collect_stats(), sort_keys=True, default=str))
    return 0


def cli_main(argv: list[str] | None = None) -> int:
    """Entry point for ``nova-app`` / ``python main.py``; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 0
    if args.verbose:
        configure_logging("DEBUG")
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130


# =====================================================================================
# SERVER START
# =====================================================================================


def _install_sigterm_handler() -> Any:
    """Turn SIGTERM (docker stop, k8s) into SystemExit so ``finally`` blocks run.

    Returns the previous handler, or ``None`` when not on the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        return None

    def _terminate(signum: int, frame: Any) -> None:
        log.info("received signal %d, shutting down", signum)
        raise SystemExit(0)

    return signal.signal(signal.SIGTERM, _terminate)


def run_server(
    host: str = HOST, port: int = PORT, workers: bool = True, debug: bool = False
) -> None:
    """Start background workers (optionally) and block in the Werkzeug server."""
    mark_started()
    init_storage()
    previous_sigterm = _install_sigterm_handler()
    if workers:
        start_background_workers()
    log.info(
        "nova %s listening on http://%s:%d (workers=%s)",
        APP_VERSION,
        host,
        port,
        workers,
    )
    try:
        app.run(host=host, port=port, debug=debug, use_reloader=False, threaded=True)
    finally:
        if workers:
            stop_background_workers(timeout=WORKER_SHUTDOWN_TIMEOUT)
        if previous_sigterm is not None:
            signal.signal(signal.SIGTERM, previous_sigterm)
        log.info("nova stopped")


def main() -> None:
    sys.exit(cli_main())


if __name__ == "__main__":
    main()
