"""The web app object, request hooks, error handlers and every route.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

from __future__ import annotations

import base64
import binascii
import json
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
    url_for,
)
import utils
from services import NotFoundError, PermissionDeniedError, ServiceError

import app_state
from app_state import (
    APP_NAME,
    APP_VERSION,
    CONFIG,
    DEFAULT_PAGE_SIZE,
    ENABLE_ANALYTICS,
    ENABLE_STREAMING,
    HOT_COUNTERS,
    INDEXED_POST_IDS,
    INDEX_LOCK,
    INDEX_QUEUE,
    LONG_POLL_MAX_SECONDS,
    MAINTENANCE_EXEMPT_PREFIXES,
    MAX_PAGE_SIZE,
    ROUTE_TIMINGS,
    SEARCH_INDEX,
    SECRET_KEY,
    SESSIONS,
    SESSION_LOCK,
    SESSION_TTL_SECONDS,
    STATS_LOCK,
    STATUS_COUNTS,
    _request_ids,
    current_user_id,
    enqueue_for_indexing,
    is_admin_request,
    issue_session,
    log,
    publish_event,
    resolve_session,
    revoke_session,
    revoke_user_sessions,
    run_health_checks,
    track,
    wait_for_events,
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

# -- auth ------------------------------------------------------------------------------


@app.route("/api/v1/auth/register", methods=["POST"])
def register() -> tuple[Response, int]:
    data = json_body("username", "email", "password")
    user = app_state.user_service.register(
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
    user = app_state.user_service.authenticate(data["username"], data["password"])
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
    user = app_state.user_service.get(current_user_id())
    with SESSION_LOCK:
        sessions = sum(1 for s in SESSIONS.values() if s["user_id"] == user.id)
    return jsonify(user=user.to_dict(private=True), active_sessions=sessions)


# -- users -----------------------------------------------------------------------------


@app.route("/api/v1/users", methods=["GET"])
def list_users() -> Response:
    page, per_page = pagination_args()
    query = (request.args.get("q") or "").strip().lower()
    users = app_state.user_service.list_users(include_banned=is_admin_request())
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
    user = app_state.user_service.get(user_id)
    if user.is_banned and not is_admin_request():
        raise NotFoundError(f"user {user_id} not found")
    return jsonify(user.to_dict(private=current_user_id() == user_id))


@app.route("/api/v1/users/<int:user_id>", methods=["PATCH"])
@login_required
def update_user(user_id: int) -> Response:
    if current_user_id() != user_id and not is_admin_request():
        raise ApiError(403, "you can only edit your own profile", code="forbidden")
    data = json_body()
    user = app_state.user_service.update_profile(user_id, **data)
    return jsonify(user.to_dict(private=True))


@app.route("/api/v1/users/<int:user_id>", methods=["DELETE"])
@login_required
def delete_user(user_id: int) -> tuple[str, int]:
    if current_user_id() != user_id and not is_admin_request():
        raise ApiError(403, "you can only delete your own account", code="forbidden")
    app_state.user_service.delete(user_id)
    revoke_user_sessions(user_id)
    publish_event("user.deleted", {"user_id": user_id})
    return "", 204


@app.route("/api/v1/users/<int:user_id>/follow", methods=["POST", "DELETE"])
@login_required
def follow_user(user_id: int) -> Response:
    me_id = current_user_id()
    if request.method == "POST":
        changed = app_state.user_service.follow(me_id, user_id)
        if changed:
            track("user.followed", target=user_id)
            publish_event("user.followed", {"follower": me_id, "followee": user_id})
    else:
        changed = app_state.user_service.unfollow(me_id, user_id)
    target = app_state.user_service.get(user_id)
    return jsonify(
        following=request.method == "POST",
        changed=changed,
        followers_count=len(target.followers),
    )


@app.get("/api/v1/users/<int:user_id>/followers")
def list_followers(user_id: int) -> Response:
    page, per_page = pagination_args()
    result = utils.paginate(app_state.user_service.followers(user_id), page, per_page)
    result["items"] = [u.to_dict() for u in result["items"]]
    return jsonify(result)


@app.get("/api/v1/users/<int:user_id>/following")
def list_following(user_id: int) -> Response:
    page, per_page = pagination_args()
    result = utils.paginate(app_state.user_service.following(user_id), page, per_page)
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
    posts = app_state.post_service.list_posts(
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
    post = app_state.post_service.create_post(
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
    post = app_state.post_service.get_visible_post(post_id, current_user_id())
    data = post.to_dict()
    if request.args.get("include") == "comments":
        data["comments"] = app_state.post_service.comment_tree(post_id, current_user_id())
    return jsonify(data)


@app.route("/api/v1/posts/<int:post_id>", methods=["PUT", "PATCH"])
@login_required
def update_post(post_id: int) -> Response:
    data = json_body()
    pinned = data.get("pinned")
    if pinned is not None and not isinstance(pinned, bool):
        raise ApiError(400, "pinned must be a boolean", code="bad_request")
    post = app_state.post_service.update_post(
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
    removed = app_state.post_service.delete_post(
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
        changed, count = app_state.post_service.like(post_id, current_user_id())
        if changed:
            track("post.liked", post_id=post_id)
    else:
        changed, count = app_state.post_service.unlike(post_id, current_user_id())
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
    post = app_state.post_service.repost(
        current_user_id(),
        post_id,
        data.get("comment", "") if isinstance(data, dict) else "",
    )
    publish_event("post.reposted", {"post_id": post.id, "original": post.repost_of})
    return jsonify(post.to_dict()), 201


@app.get("/api/v1/posts/<int:post_id>/comments")
def list_comments(post_id: int) -> Response:
    if request.args.get("format") == "tree":
        return jsonify(items=app_state.post_service.comment_tree(post_id, current_user_id()))
    page, per_page = pagination_args()
    result = utils.paginate(
        app_state.post_service.list_comments(post_id, current_user_id()), page, per_page
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
    comment = app_state.post_service.add_comment(
        post_id, current_user_id(), data["body"], parent_id=parent_id
    )
    track("comment.created", post_id=post_id)
    return jsonify(comment.to_dict()), 201


# -- discovery -------------------------------------------------------------------------


@app.route("/api/v1/feed", methods=["GET"])
@login_required
def home_feed() -> Response:
    page, per_page = pagination_args()
    return jsonify(app_state.post_service.build_feed(current_user_id(), page, per_page))


@app.route("/api/v1/trending", methods=["GET"])
def trending() -> Response:
    try:
        limit = utils.parse_int(request.args.get("limit"), 10, minimum=1, maximum=50)
    except ValueError as exc:
        raise ApiError(400, str(exc), code="bad_request") from None
    cached = app_state.cache.get("trending:hashtags")
    hashtags = (
        json.loads(cached)[:limit]
        if cached
        else app_state.post_service.trending_hashtags(limit=limit)
    )
    posts = [p.to_dict() for p in app_state.post_service.trending_posts(limit)]
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
    results = app_state.post_service.search(raw, current_user_id(), limit=limit)
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
    record = app_state.analytics_service.track(data["event"], current_user_id(), properties)
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
    if not app_state.UPLOAD_SLOTS.acquire(timeout=app_state.UPLOAD_SLOT_TIMEOUT):
        raise ApiError(
            503,
            "too many concurrent uploads, retry shortly",
            code="upload_slots_exhausted",
        )
    try:
        asset = app_state.media_service.register_upload(
            current_user_id(), filename, content_type, raw
        )
        if request.args.get("transcode") == "1":
            app_state.media_service.transcode(asset.id, requested_by=current_user_id())
    finally:
        app_state.UPLOAD_SLOTS.release()
    with STATS_LOCK:
        HOT_COUNTERS["uploads"] = HOT_COUNTERS.get("uploads", 0) + 1
    track("media.uploaded", bytes=asset.size_bytes, kind=asset.kind)
    return jsonify(asset.to_dict()), 201


@app.route("/api/v1/media/<int:asset_id>", methods=["GET"])
def get_media(asset_id: int) -> Response:
    return jsonify(app_state.media_service.get(asset_id).to_dict())


@app.route("/api/v1/media/<int:asset_id>/transcode", methods=["POST"])
@login_required
def transcode_media(asset_id: int) -> Response:
    asset = app_state.media_service.transcode(
        asset_id, requested_by=None if is_admin_request() else current_user_id()
    )
    publish_event("media.transcoded", {"asset_id": asset.id, "status": asset.status})
    return jsonify(asset.to_dict())


@app.route("/api/v1/media/<int:asset_id>", methods=["DELETE"])
@login_required
def delete_media(asset_id: int) -> tuple[str, int]:
    app_state.media_service.delete(asset_id, current_user_id(), is_admin=is_admin_request())
    return "", 204


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


@api_v2.route("/users/<int:user_id>/profile", methods=["GET"])
def user_profile(user_id: int) -> Response:
    return jsonify(data=app_state.user_service.profile(user_id))


@api_v2.route("/analytics/summary", methods=["GET"])
def analytics_summary() -> Response:
    if not is_admin_request():
        raise PermissionDeniedError("admin access required")
    return jsonify(data=app_state.analytics_service.summary())


app.register_blueprint(api_v2, url_prefix="/api/v2")
