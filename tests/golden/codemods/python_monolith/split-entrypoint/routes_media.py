"""Routes mostly under /media, cut out of routes.py by URL in source order.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

from __future__ import annotations

import base64
import binascii
import json

from flask import (
    Response,
    jsonify,
    request,
)
import utils

import app_state
from app_state import (
    ENABLE_ANALYTICS,
    HOT_COUNTERS,
    INDEXED_POST_IDS,
    INDEX_LOCK,
    INDEX_QUEUE,
    LONG_POLL_MAX_SECONDS,
    MAX_PAGE_SIZE,
    SEARCH_INDEX,
    STATS_LOCK,
    current_user_id,
    is_admin_request,
    publish_event,
    track,
    wait_for_events,
)
from routes import ApiError, api_v2, app, json_body, login_required, pagination_args


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


@api_v2.route("/users/<int:user_id>/profile", methods=["GET"])
def user_profile(user_id: int) -> Response:
    return jsonify(data=app_state.user_service.profile(user_id))
