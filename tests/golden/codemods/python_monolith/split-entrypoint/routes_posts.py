"""Routes mostly under /posts, cut out of routes.py by URL in source order.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

from __future__ import annotations

from flask import (
    Response,
    jsonify,
    request,
    url_for,
)
import utils

import app_state
from app_state import (
    INDEXED_POST_IDS,
    INDEX_LOCK,
    SEARCH_INDEX,
    current_user_id,
    enqueue_for_indexing,
    is_admin_request,
    publish_event,
    track,
)
from routes import ApiError, app, json_body, login_required, pagination_args


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
