"""Routes mostly under /users, cut out of routes.py by URL in source order.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

from __future__ import annotations

from flask import (
    Response,
    g,
    jsonify,
    request,
    url_for,
)
import utils
from services import NotFoundError

import app_state
from app_state import (
    APP_NAME,
    APP_VERSION,
    ENABLE_STREAMING,
    SESSIONS,
    SESSION_LOCK,
    SESSION_TTL_SECONDS,
    current_user_id,
    is_admin_request,
    issue_session,
    publish_event,
    revoke_session,
    revoke_user_sessions,
    run_health_checks,
    track,
)
from routes import ApiError, app, json_body, login_required, pagination_args


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
