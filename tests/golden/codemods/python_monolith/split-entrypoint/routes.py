"""The web app object, request hooks, error handlers and every route.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    g,
    jsonify,
    request,
)
import utils
from services import ServiceError

import app_state
from app_state import (
    APP_NAME,
    APP_VERSION,
    CONFIG,
    DEFAULT_PAGE_SIZE,
    ENABLE_ANALYTICS,
    ENABLE_STREAMING,
    HOT_COUNTERS,
    MAINTENANCE_EXEMPT_PREFIXES,
    MAX_PAGE_SIZE,
    ROUTE_TIMINGS,
    SECRET_KEY,
    STATS_LOCK,
    STATUS_COUNTS,
    _request_ids,
    current_user_id,
    is_admin_request,
    log,
    publish_event,
    resolve_session,
    revoke_user_sessions,
    track,
)
from background import collect_stats, worker_status


# =====================================================================================
# APP + ROUTES
# =====================================================================================

app = Flask("main")
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


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_user_id() is None:
            raise ApiError(401, "authentication required", code="unauthorized")
        return view(*args, **kwargs)

    return wrapper


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
    if app_state.MAINTENANCE_MODE and not request.path.startswith(MAINTENANCE_EXEMPT_PREFIXES):
        return error_response(
            503, "maintenance", "Nova is down for maintenance, back soon"
        )
    return None


@app.after_request
def after_request(response: Response) -> Response:
    elapsed_ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000.0
    with STATS_LOCK:
        app_state.request_counter += 1
        STATUS_COUNTS[response.status_code] = (
            STATUS_COUNTS.get(response.status_code, 0) + 1
        )
        if response.status_code >= 500:
            app_state.error_counter += 1
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


def readiness() -> tuple[Response, int]:
    """Ready once storage exists and the cache answers; workers are optional."""
    ready = app_state.repo is not None and app_state.cache.ping()
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


# -- streaming (feature flagged) -------------------------------------------------------

if ENABLE_STREAMING:

    @app.route("/api/v1/streams", methods=["GET"])
    def list_streams() -> Response:
        page, per_page = pagination_args()
        result = utils.paginate(app_state.stream_service.list_live(), page, per_page)
        result["items"] = [s.to_dict() for s in result["items"]]
        return jsonify(result)

    @app.route("/api/v1/streams", methods=["POST"])
    @login_required
    def start_stream() -> tuple[Response, int]:
        data = json_body("title")
        stream = app_state.stream_service.start_stream(current_user_id(), data["title"])
        publish_event(
            "stream.started", {"stream_id": stream.id, "owner_id": stream.owner_id}
        )
        track("stream.started")
        body = stream.to_dict()
        body["stream_key"] = stream.stream_key  # only ever shown to the owner, once
        return jsonify(body), 201

    @app.get("/api/v1/streams/<int:stream_id>")
    def get_stream(stream_id: int) -> Response:
        return jsonify(app_state.stream_service.get(stream_id).to_dict())

    @app.post("/api/v1/streams/<int:stream_id>/end")
    @login_required
    def end_stream(stream_id: int) -> Response:
        stream = app_state.stream_service.end_stream(
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
        viewers = app_state.stream_service.join(stream_id, current_user_id())
        with STATS_LOCK:
            HOT_COUNTERS["stream_joins"] = HOT_COUNTERS.get("stream_joins", 0) + 1
        return jsonify(stream_id=stream_id, viewers=viewers)

    @app.post("/api/v1/streams/<int:stream_id>/leave")
    @login_required
    def leave_stream(stream_id: int) -> Response:
        return jsonify(
            stream_id=stream_id,
            viewers=app_state.stream_service.leave(stream_id, current_user_id()),
        )

    @app.route("/api/v1/streams/<int:stream_id>/chat", methods=["GET", "POST"])
    def stream_chat(stream_id: int) -> tuple[Response, int]:
        if request.method == "GET":
            try:
                after_id = utils.parse_int(request.args.get("after_id"), 0, minimum=0)
            except ValueError as exc:
                raise ApiError(400, str(exc), code="bad_request") from None
            messages = app_state.stream_service.recent_chat(stream_id, after_id=after_id)
            return jsonify(items=[m.to_dict() for m in messages]), 200
        if current_user_id() is None:
            raise ApiError(401, "authentication required", code="unauthorized")
        data = json_body("body")
        message = app_state.stream_service.post_chat(stream_id, current_user_id(), data["body"])
        return jsonify(message.to_dict()), 201


# -- admin blueprint -------------------------------------------------------------------

admin_bp = Blueprint("admin", "main", url_prefix="/admin")


@admin_bp.before_request
def require_admin() -> Any:
    if not is_admin_request():
        return error_response(403, "forbidden", "admin access required")
    return None


@admin_bp.route("/stats", methods=["GET"])
def stats() -> Response:
    data = collect_stats()
    data["posts"] = app_state.post_service.stats()
    data["media"] = app_state.media_service.usage()
    return jsonify(data)


@admin_bp.post("/cache/flush")
def flush_cache() -> Response:
    pattern = request.args.get("pattern", "*")
    keys = app_state.cache.keys(pattern)
    removed = app_state.cache.delete(*keys) if keys else 0
    log.info("admin flushed %d cache keys matching %r", removed, pattern)
    return jsonify(removed=removed, pattern=pattern)


@admin_bp.post("/users/<int:user_id>/ban")
def ban_user(user_id: int) -> Response:
    data = request.get_json(silent=True) or {}
    reason = data.get("reason", "") if isinstance(data, dict) else ""
    user = app_state.user_service.ban(user_id, reason)
    revoked = revoke_user_sessions(user_id)
    publish_event("user.banned", {"user_id": user_id})
    return jsonify(user=user.to_dict(private=True), sessions_revoked=revoked)


@admin_bp.get("/workers")
def workers() -> Response:
    return jsonify(
        workers=worker_status(),
        stop_requested=app_state._stop_event.is_set(),
        last_metrics_flush=app_state._last_metrics_flush,
    )


@admin_bp.route("/maintenance", methods=["POST"])
def maintenance() -> Response:
    data = json_body("enabled")
    if not isinstance(data["enabled"], bool):
        raise ApiError(400, "enabled must be a boolean", code="bad_request")
    app_state.MAINTENANCE_MODE = data["enabled"]
    log.warning("maintenance mode %s", "ENABLED" if app_state.MAINTENANCE_MODE else "disabled")
    return jsonify(maintenance=app_state.MAINTENANCE_MODE)


app.register_blueprint(admin_bp)

# -- v2 API blueprint ------------------------------------------------------------------

api_v2 = Blueprint("api_v2", "main")


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
    posts, next_id = app_state.post_service.list_after(cursor_id, limit, current_user_id())
    return jsonify(
        data=[p.to_dict() for p in posts],
        next_cursor=utils.encode_cursor(next_id) if next_id is not None else None,
    )


api_v2.add_url_rule(
    "/posts", endpoint="list_posts", view_func=list_posts_v2, methods=["GET"]
)
