"""HTTP-level tests for every route of the Nova entrypoint."""

from __future__ import annotations

import base64
import threading

import pytest
from flask import url_for

import main

# (rule, methods without HEAD/OPTIONS, endpoint) - the contract a codemod that
# splits main.py must preserve exactly.
EXPECTED_ROUTES = [
    ("/", ("GET",), "index"),
    ("/admin/cache/flush", ("POST",), "admin.flush_cache"),
    ("/admin/maintenance", ("POST",), "admin.maintenance"),
    ("/admin/stats", ("GET",), "admin.stats"),
    ("/admin/users/<int:user_id>/ban", ("POST",), "admin.ban_user"),
    ("/admin/workers", ("GET",), "admin.workers"),
    ("/api/v1/analytics/events", ("POST",), "track_event"),
    ("/api/v1/auth/login", ("POST",), "login"),
    ("/api/v1/auth/logout", ("POST",), "logout"),
    ("/api/v1/auth/me", ("GET",), "me"),
    ("/api/v1/auth/register", ("POST",), "register"),
    ("/api/v1/events", ("GET",), "poll_events"),
    ("/api/v1/feed", ("GET",), "home_feed"),
    ("/api/v1/media", ("POST",), "upload_media"),
    ("/api/v1/media/<int:asset_id>", ("DELETE",), "delete_media"),
    ("/api/v1/media/<int:asset_id>", ("GET",), "get_media"),
    ("/api/v1/media/<int:asset_id>/transcode", ("POST",), "transcode_media"),
    ("/api/v1/posts", ("GET",), "list_posts"),
    ("/api/v1/posts", ("POST",), "create_post"),
    ("/api/v1/posts/<int:post_id>", ("DELETE",), "delete_post"),
    ("/api/v1/posts/<int:post_id>", ("GET",), "get_post"),
    ("/api/v1/posts/<int:post_id>", ("PATCH", "PUT"), "update_post"),
    ("/api/v1/posts/<int:post_id>/comments", ("GET",), "list_comments"),
    ("/api/v1/posts/<int:post_id>/comments", ("POST",), "add_comment"),
    ("/api/v1/posts/<int:post_id>/like", ("DELETE", "POST"), "toggle_like"),
    ("/api/v1/posts/<int:post_id>/repost", ("POST",), "repost"),
    ("/api/v1/search", ("GET",), "search"),
    ("/api/v1/search/index", ("GET",), "search_index"),
    ("/api/v1/streams", ("GET",), "list_streams"),
    ("/api/v1/streams", ("POST",), "start_stream"),
    ("/api/v1/streams/<int:stream_id>", ("GET",), "get_stream"),
    ("/api/v1/streams/<int:stream_id>/chat", ("GET", "POST"), "stream_chat"),
    ("/api/v1/streams/<int:stream_id>/end", ("POST",), "end_stream"),
    ("/api/v1/streams/<int:stream_id>/join", ("POST",), "join_stream"),
    ("/api/v1/streams/<int:stream_id>/leave", ("POST",), "leave_stream"),
    ("/api/v1/trending", ("GET",), "trending"),
    ("/api/v1/users", ("GET",), "list_users"),
    ("/api/v1/users/<int:user_id>", ("DELETE",), "delete_user"),
    ("/api/v1/users/<int:user_id>", ("GET",), "user_detail"),
    ("/api/v1/users/<int:user_id>", ("PATCH",), "update_user"),
    ("/api/v1/users/<int:user_id>/follow", ("DELETE", "POST"), "follow_user"),
    ("/api/v1/users/<int:user_id>/followers", ("GET",), "list_followers"),
    ("/api/v1/users/<int:user_id>/following", ("GET",), "list_following"),
    ("/api/v2/analytics/summary", ("GET",), "api_v2.analytics_summary"),
    ("/api/v2/posts", ("GET",), "api_v2.list_posts"),
    ("/api/v2/users/<int:user_id>/profile", ("GET",), "api_v2.user_profile"),
    ("/health", ("GET",), "health"),
    ("/metrics", ("GET",), "metrics"),
    ("/ready", ("GET",), "readiness"),
    ("/static/<path:filename>", ("GET",), "static"),
    ("/version", ("GET",), "version_info"),
]

STREAMING_ENDPOINTS = {
    "list_streams",
    "start_stream",
    "get_stream",
    "end_stream",
    "join_stream",
    "leave_stream",
    "stream_chat",
}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _post(client, headers, content="Hello #nova world", **extra):
    response = client.post(
        "/api/v1/posts", json={"content": content, **extra}, headers=headers
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


# --------------------------------------------------------------------- url map


def test_url_map_matches_expected_routes(app):
    actual = sorted(
        (
            rule.rule,
            tuple(sorted(m for m in rule.methods if m not in ("HEAD", "OPTIONS"))),
            rule.endpoint,
        )
        for rule in app.url_map.iter_rules()
    )
    assert actual == sorted(EXPECTED_ROUTES)


def test_at_least_32_application_routes(app):
    routes = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    assert len(routes) >= 32
    assert len(routes) == len(EXPECTED_ROUTES) - 1


def test_blueprints_and_prefixes(app):
    assert set(app.blueprints) == {"admin", "api_v2"}
    assert main.admin_bp.url_prefix == "/admin"
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            assert rule.rule.startswith("/admin/")
        if rule.endpoint.startswith("api_v2."):
            assert rule.rule.startswith("/api/v2/")


@pytest.mark.parametrize(
    ("endpoint", "view_name", "path"),
    [
        ("readiness", "readiness", "/ready"),
        ("version_info", "version_info", "/version"),
        ("metrics", "prometheus_metrics", "/metrics"),
        ("api_v2.list_posts", "list_posts_v2", "/api/v2/posts"),
    ],
)
def test_add_url_rule_endpoints(app, client, endpoint, view_name, path):
    assert app.view_functions[endpoint] is getattr(main, view_name)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("endpoint", "values", "expected"),
    [
        ("index", {}, "/"),
        ("health", {}, "/health"),
        ("readiness", {}, "/ready"),
        ("version_info", {}, "/version"),
        ("home_feed", {}, "/api/v1/feed"),
        ("user_detail", {"user_id": 7}, "/api/v1/users/7"),
        ("get_post", {"post_id": 3}, "/api/v1/posts/3"),
        ("admin.stats", {}, "/admin/stats"),
        ("api_v2.list_posts", {}, "/api/v2/posts"),
        ("api_v2.user_profile", {"user_id": 2}, "/api/v2/users/2/profile"),
        ("list_streams", {}, "/api/v1/streams"),
    ],
)
def test_url_for_targets_resolve(app, endpoint, values, expected):
    with app.test_request_context():
        assert url_for(endpoint, **values) == expected


def test_streaming_routes_registered_when_flag_on(app):
    assert main.ENABLE_STREAMING is True
    assert set(app.view_functions) >= STREAMING_ENDPOINTS


def test_explicit_endpoint_name_for_user_detail(app):
    assert app.view_functions["user_detail"] is main.get_user
    assert "get_user" not in app.view_functions


# ----------------------------------------------------------------- hooks/errors


def test_after_request_increments_request_counter(client):
    before = main.request_counter
    client.get("/health")
    client.get("/does-not-exist")
    assert main.request_counter == before + 2
    stats = main.collect_stats()
    assert stats["status_codes"] == {"200": 1, "404": 1}


def test_before_request_assigns_and_echoes_request_id(client):
    generated = client.get("/health")
    assert generated.headers["X-Request-ID"].startswith("req-")
    assert "X-Response-Time-Ms" in generated.headers
    echoed = client.get("/health", headers={"X-Request-ID": "trace-123"})
    assert echoed.headers["X-Request-ID"] == "trace-123"


def test_404_handler_returns_json_envelope(client):
    response = client.get("/nope", headers={"X-Request-ID": "r1"})
    assert response.status_code == 404
    assert response.get_json()["error"] == {
        "code": "not_found",
        "message": "no route for GET /nope",
        "details": {},
        "request_id": "r1",
    }


def test_405_handler(client):
    response = client.delete("/health")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_custom_api_error_handler(client):
    response = client.post("/api/v1/auth/register", data="not json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"
    missing = client.post("/api/v1/auth/login", json={"username": "x"})
    assert missing.get_json()["error"]["details"] == {"fields": ["password"]}


def test_service_error_handler_maps_status(client, alice):
    assert client.get("/api/v1/users/999").status_code == 404
    assert client.get("/api/v1/posts/999").get_json()["error"]["code"] == "not_found"


def test_login_required(client):
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


# --------------------------------------------------------------------- meta


def test_index_links_built_with_url_for(client):
    body = client.get("/").get_json()
    assert body["name"] == "nova"
    assert body["links"]["admin_stats"] == "/admin/stats"
    assert body["links"]["posts_v2"] == "/api/v2/posts"
    assert body["links"]["streams"] == "/api/v1/streams"


def test_health_ok_and_failing(client, monkeypatch):
    ok = client.get("/health")
    assert ok.status_code == 200
    assert ok.get_json()["status"] == "ok"
    monkeypatch.setattr(main.cache, "healthy", False)
    failing = client.get("/health")
    assert failing.status_code == 503
    assert failing.get_json()["checks"]["cache"] is False


def test_ready_and_version(client):
    assert client.get("/ready").get_json()["ready"] is True
    version = client.get("/version").get_json()
    assert version["version"] == main.APP_VERSION
    assert "secret_key" not in version["config"]
    assert version["features"]["streaming"] is True


def test_metrics_prometheus_text(client):
    client.get("/health")
    text = client.get("/metrics").get_data(as_text=True)
    assert "nova_requests_total 1" in text
    assert 'nova_responses_total{code="200"} 1' in text


# --------------------------------------------------------------------- auth


def test_register_login_logout_me(client, alice):
    me = client.get("/api/v1/auth/me", headers=alice["headers"])
    assert me.status_code == 200
    assert me.get_json()["user"]["email"] == "alice@example.com"
    login = client.post(
        "/api/v1/auth/login", json={"username": "alice", "password": "password123"}
    )
    assert login.status_code == 200
    assert login.get_json()["token"] != alice["token"]
    out = client.post("/api/v1/auth/logout", headers=alice["headers"])
    assert out.get_json() == {"revoked": True}
    assert client.get("/api/v1/auth/me", headers=alice["headers"]).status_code == 401


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"username": "alice", "email": "other@example.com", "password": "x" * 8}, 409),
        ({"username": "A!", "email": "a2@example.com", "password": "x" * 8}, 400),
        ({"username": "carol", "email": "not-an-email", "password": "x" * 8}, 400),
        ({"username": "carol", "email": "c@example.com", "password": "short"}, 400),
    ],
)
def test_register_validation(client, alice, payload, status):
    assert client.post("/api/v1/auth/register", json=payload).status_code == status


def test_login_bad_credentials(client, alice):
    response = client.post(
        "/api/v1/auth/login", json={"username": "alice", "password": "wrong-pass"}
    )
    assert response.status_code == 403


# --------------------------------------------------------------------- users


def test_list_users_pagination_and_query(client, make_user):
    for name in ("amy", "ben", "cat", "dan", "eve"):
        make_user(name)
    page = client.get("/api/v1/users?page=2&per_page=2").get_json()
    assert [u["username"] for u in page["items"]] == ["cat", "dan"]
    assert page["total"] == 5 and page["has_next"] and page["has_prev"]
    found = client.get("/api/v1/users?q=eve").get_json()
    assert [u["username"] for u in found["items"]] == ["eve"]


@pytest.mark.parametrize(
    "query", ["page=0", "per_page=1000", "page=abc", "per_page=-1"]
)
def test_bad_pagination_is_400(client, query):
    response = client.get(f"/api/v1/users?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_pagination"


def test_user_detail_hides_email_from_others(client, alice, bob):
    own = client.get(f"/api/v1/users/{alice['id']}", headers=alice["headers"])
    other = client.get(f"/api/v1/users/{alice['id']}", headers=bob["headers"])
    assert own.get_json()["email"] == "alice@example.com"
    assert "email" not in other.get_json()


def test_update_user_own_and_forbidden(client, alice, bob):
    ok = client.patch(
        f"/api/v1/users/{alice['id']}",
        json={"bio": "hello there"},
        headers=alice["headers"],
    )
    assert ok.status_code == 200 and ok.get_json()["bio"] == "hello there"
    denied = client.patch(
        f"/api/v1/users/{alice['id']}", json={"bio": "pwned"}, headers=bob["headers"]
    )
    assert denied.status_code == 403
    bad_field = client.patch(
        f"/api/v1/users/{alice['id']}",
        json={"is_admin": True},
        headers=alice["headers"],
    )
    assert bad_field.status_code == 400


def test_delete_user_revokes_sessions(client, alice):
    response = client.delete(f"/api/v1/users/{alice['id']}", headers=alice["headers"])
    assert response.status_code == 204
    assert client.get(f"/api/v1/users/{alice['id']}").status_code == 404
    assert client.get("/api/v1/auth/me", headers=alice["headers"]).status_code == 401


def test_follow_unfollow_and_lists(client, alice, bob):
    url = f"/api/v1/users/{alice['id']}/follow"
    followed = client.post(url, headers=bob["headers"]).get_json()
    assert followed == {"following": True, "changed": True, "followers_count": 1}
    assert client.post(url, headers=bob["headers"]).get_json()["changed"] is False
    followers = client.get(f"/api/v1/users/{alice['id']}/followers").get_json()
    following = client.get(f"/api/v1/users/{bob['id']}/following").get_json()
    assert [u["username"] for u in followers["items"]] == ["bob"]
    assert [u["username"] for u in following["items"]] == ["alice"]
    unfollowed = client.delete(url, headers=bob["headers"]).get_json()
    assert unfollowed["followers_count"] == 0
    self_follow = client.post(
        f"/api/v1/users/{bob['id']}/follow", headers=bob["headers"]
    )
    assert self_follow.status_code == 400


# --------------------------------------------------------------------- posts


def test_post_crud(client, alice, bob):
    created = client.post(
        "/api/v1/posts",
        json={"content": "First! #hello @bob"},
        headers=alice["headers"],
    )
    assert created.status_code == 201
    post = created.get_json()
    assert created.headers["Location"] == f"/api/v1/posts/{post['id']}"
    assert post["hashtags"] == ["hello"] and post["mentions"] == ["bob"]

    fetched = client.get(f"/api/v1/posts/{post['id']}").get_json()
    assert fetched["content"] == "First! #hello @bob"

    patched = client.patch(
        f"/api/v1/posts/{post['id']}",
        json={"content": "Edited #world", "pinned": True},
        headers=alice["headers"],
    ).get_json()
    assert patched["edited"] is True and patched["pinned"] is True
    assert patched["hashtags"] == ["world"]
    put = client.put(
        f"/api/v1/posts/{post['id']}",
        json={"visibility": "followers"},
        headers=alice["headers"],
    )
    assert put.get_json()["visibility"] == "followers"
    denied = client.delete(f"/api/v1/posts/{post['id']}", headers=bob["headers"])
    assert denied.status_code == 403
    deleted = client.delete(f"/api/v1/posts/{post['id']}", headers=alice["headers"])
    assert deleted.get_json() == {
        "deleted": True,
        "removed": {"posts": 1, "comments": 0, "likes": 0},
    }
    assert client.get(f"/api/v1/posts/{post['id']}").status_code == 404


def test_list_posts_filters(client, alice, bob):
    _post(client, alice["headers"], "Rust is fun #rust")
    _post(client, bob["headers"], "Python too #python")
    _post(client, bob["headers"], "secret", visibility="private")
    everything = client.get("/api/v1/posts").get_json()
    assert everything["total"] == 2
    by_tag = client.get("/api/v1/posts?hashtag=%23rust").get_json()
    assert [p["author_id"] for p in by_tag["items"]] == [alice["id"]]
    mine = client.get(f"/api/v1/posts?author_id={bob['id']}", headers=bob["headers"])
    assert mine.get_json()["total"] == 2
    assert client.get("/api/v1/posts?author_id=x").status_code == 400


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"content": ""}, "validation_error"),
        ({"content": "buy now spamword"}, "validation_error"),
        ({"content": "x" * 501}, "validation_error"),
        ({"content": "ok", "visibility": "everyone"}, "validation_error"),
        ({"content": "ok", "media_ids": "1"}, "bad_request"),
    ],
)
def test_create_post_validation(client, alice, payload, code):
    response = client.post("/api/v1/posts", json=payload, headers=alice["headers"])
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == code


def test_private_post_is_hidden(client, alice, bob):
    post = _post(client, alice["headers"], "just me", visibility="private")
    assert client.get(f"/api/v1/posts/{post['id']}").status_code == 404
    hidden = client.get(f"/api/v1/posts/{post['id']}", headers=bob["headers"])
    assert hidden.status_code == 404
    own = client.get(f"/api/v1/posts/{post['id']}", headers=alice["headers"])
    assert own.status_code == 200


def test_like_and_unlike(client, alice, bob):
    post = _post(client, alice["headers"])
    url = f"/api/v1/posts/{post['id']}/like"
    assert client.post(url, headers=bob["headers"]).get_json()["like_count"] == 1
    assert client.post(url, headers=bob["headers"]).get_json()["changed"] is False
    unliked = client.delete(url, headers=bob["headers"]).get_json()
    assert unliked == {
        "post_id": post["id"],
        "liked": False,
        "changed": True,
        "like_count": 0,
    }


def test_repost(client, alice, bob):
    post = _post(client, alice["headers"])
    url = f"/api/v1/posts/{post['id']}/repost"
    reposted = client.post(url, headers=bob["headers"])
    assert reposted.status_code == 201
    assert reposted.get_json()["repost_of"] == post["id"]
    assert client.post(url, headers=bob["headers"]).status_code == 409


def test_comments_flat_and_tree(client, alice, bob):
    post = _post(client, alice["headers"])
    url = f"/api/v1/posts/{post['id']}/comments"
    top = client.post(url, json={"body": "nice"}, headers=bob["headers"]).get_json()
    reply = client.post(
        url, json={"body": "thanks", "parent_id": top["id"]}, headers=alice["headers"]
    )
    assert reply.status_code == 201 and reply.get_json()["depth"] == 1
    flat = client.get(url).get_json()
    assert flat["total"] == 2
    tree = client.get(f"{url}?format=tree").get_json()["items"]
    assert len(tree) == 1 and tree[0]["replies"][0]["body"] == "thanks"
    with_comments = client.get(f"/api/v1/posts/{post['id']}?include=comments")
    assert with_comments.get_json()["comment_count"] == 2
    bad_parent = client.post(
        url, json={"body": "x", "parent_id": "1"}, headers=bob["headers"]
    )
    assert bad_parent.status_code == 400


# ------------------------------------------------------------------ discovery


def test_home_feed(client, alice, bob):
    _post(client, alice["headers"], "from alice #feed")
    client.post(f"/api/v1/users/{alice['id']}/follow", headers=bob["headers"])
    feed = client.get("/api/v1/feed", headers=bob["headers"]).get_json()
    assert feed["total"] == 1
    assert feed["items"][0]["reason"] == "following"
    assert client.get("/api/v1/feed").status_code == 401


def test_trending(client, alice, bob):
    _post(client, alice["headers"], "#python rocks")
    _post(client, bob["headers"], "#python rules")
    body = client.get("/api/v1/trending?limit=5").get_json()
    assert body["hashtags"][0]["hashtag"] == "python"
    assert body["hashtags"][0]["authors"] == 2
    assert len(body["posts"]) == 2 and body["cached"] is False
    assert client.get("/api/v1/trending?limit=0").status_code == 400


def test_search(client, alice):
    _post(client, alice["headers"], "Learning flask today #python")
    _post(client, alice["headers"], "Learning rust today #rust")
    body = client.get("/api/v1/search?q=learning -rust").get_json()
    assert body["count"] == 1 and "flask" in body["items"][0]["content"]
    assert client.get("/api/v1/search?q=%20").status_code == 400
    assert client.get("/api/v1/search?q=x&limit=abc").status_code == 400


def test_search_index_requires_term(client):
    assert client.get("/api/v1/search/index").status_code == 400
    body = client.get("/api/v1/search/index?term=python").get_json()
    assert body == {"term": "python", "post_ids": [], "indexed_posts": 0, "pending": 0}


def test_poll_events(client, alice):
    body = client.get("/api/v1/events?after=0&timeout=0").get_json()
    assert [e["kind"] for e in body["events"]] == ["user.registered"]
    last = body["last_seq"]
    # Nothing new: returns after the (short) timeout with no events.
    empty = client.get(f"/api/v1/events?after={last}&timeout=0.05").get_json()
    assert empty == {"events": [], "last_seq": last}
    assert client.get("/api/v1/events?after=-1").status_code == 400


def test_poll_events_wakes_on_publish(client):
    timer = threading.Timer(0.05, main.publish_event, args=("test.ping", {"n": 1}))
    timer.start()
    try:
        body = client.get("/api/v1/events?after=0&timeout=2").get_json()
    finally:
        timer.join()
    assert [e["kind"] for e in body["events"]] == ["test.ping"]


def test_track_analytics_event(client, alice):
    ok = client.post(
        "/api/v1/analytics/events",
        json={"event": "app.opened", "properties": {"os": "ios"}},
        headers=alice["headers"],
    )
    assert ok.status_code == 202 and ok.get_json() == {
        "accepted": True,
        "event": "app.opened",
    }
    bad = client.post("/api/v1/analytics/events", json={"event": "Bad Name"})
    assert bad.status_code == 400


# --------------------------------------------------------------------- media


def test_media_upload_get_transcode_delete(client, alice, bob):
    upload = client.post(
        "/api/v1/media",
        json={
            "filename": "Holiday Clip.MP4",
            "content_type": "video/mp4",
            "data": _b64(b"\x00" * 2048),
        },
        headers=alice["headers"],
    )
    assert upload.status_code == 201
    asset = upload.get_json()
    assert asset["filename"] == "holiday-clip.mp4" and asset["status"] == "pending"
    assert client.get(f"/api/v1/media/{asset['id']}").get_json()["kind"] == "video"
    denied = client.post(
        f"/api/v1/media/{asset['id']}/transcode", headers=bob["headers"]
    )
    assert denied.status_code == 403
    done = client.post(
        f"/api/v1/media/{asset['id']}/transcode", headers=alice["headers"]
    ).get_json()
    assert done["status"] == "ready" and "1080p" in done["variants"]
    deleted = client.delete(f"/api/v1/media/{asset['id']}", headers=alice["headers"])
    assert deleted.status_code == 204
    assert client.get(f"/api/v1/media/{asset['id']}").status_code == 404


@pytest.mark.parametrize(
    "payload",
    [
        {"filename": "a.jpg", "content_type": "image/jpeg", "data": "%%%"},
        {
            "filename": "a.exe",
            "content_type": "application/x-msdownload",
            "data": "QQ==",
        },
        {"filename": "a.jpg", "content_type": "image/jpeg"},
    ],
)
def test_media_upload_validation(client, alice, payload):
    response = client.post("/api/v1/media", json=payload, headers=alice["headers"])
    assert response.status_code == 400


def test_media_upload_multipart(client, alice):
    from io import BytesIO

    response = client.post(
        "/api/v1/media?transcode=1",
        data={"file": (BytesIO(b"\x89PNG data"), "pic.png", "image/png")},
        headers=alice["headers"],
        content_type="multipart/form-data",
    )
    assert response.status_code == 201
    assert response.get_json()["status"] == "ready"


def test_media_upload_slots_exhausted(client, alice, monkeypatch):
    slots = threading.BoundedSemaphore(1)
    slots.acquire()  # someone else holds the only slot
    monkeypatch.setattr(main, "UPLOAD_SLOTS", slots)
    monkeypatch.setattr(main, "UPLOAD_SLOT_TIMEOUT", 0.01)
    response = client.post(
        "/api/v1/media",
        json={"filename": "a.png", "content_type": "image/png", "data": _b64(b"png")},
        headers=alice["headers"],
    )
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "upload_slots_exhausted"


def test_upload_slot_released_after_failure(client, alice):
    for _ in range(main.CONFIG.max_concurrent_uploads + 1):
        response = client.post(
            "/api/v1/media",
            json={"filename": "a", "content_type": "text/plain", "data": _b64(b"x")},
            headers=alice["headers"],
        )
        assert response.status_code == 400
    # All slots came back: a valid upload still goes through immediately.
    ok = client.post(
        "/api/v1/media",
        json={"filename": "a.png", "content_type": "image/png", "data": _b64(b"png")},
        headers=alice["headers"],
    )
    assert ok.status_code == 201


# ----------------------------------------------------------------- streaming


def test_stream_lifecycle(client, alice, bob):
    started = client.post(
        "/api/v1/streams", json={"title": "Live coding"}, headers=alice["headers"]
    )
    assert started.status_code == 201
    stream = started.get_json()
    assert len(stream["stream_key"]) == 24
    sid = stream["id"]
    assert client.get("/api/v1/streams").get_json()["total"] == 1
    joined = client.post(f"/api/v1/streams/{sid}/join", headers=bob["headers"])
    assert joined.get_json() == {"stream_id": sid, "viewers": 1}
    chat_url = f"/api/v1/streams/{sid}/chat"
    sent = client.post(chat_url, json={"body": "hi!"}, headers=bob["headers"])
    assert sent.status_code == 201
    assert client.post(chat_url, json={"body": "anon"}).status_code == 401
    messages = client.get(chat_url).get_json()["items"]
    assert [m["body"] for m in messages] == ["hi!"]
    assert client.get(f"{chat_url}?after_id={messages[0]['id']}").get_json() == {
        "items": []
    }
    assert client.get(f"{chat_url}?after_id=x").status_code == 400
    left = client.post(f"/api/v1/streams/{sid}/leave", headers=bob["headers"])
    assert left.get_json()["viewers"] == 0
    assert client.get(f"/api/v1/streams/{sid}").get_json()["peak_viewers"] == 1
    denied = client.post(f"/api/v1/streams/{sid}/end", headers=bob["headers"])
    assert denied.status_code == 403
    ended = client.post(f"/api/v1/streams/{sid}/end", headers=alice["headers"])
    assert ended.get_json()["status"] == "ended"
    assert main.collect_stats()["counters"]["stream_joins"] == 1


def test_stream_chat_rate_limit(client, alice):
    sid = client.post(
        "/api/v1/streams", json={"title": "t"}, headers=alice["headers"]
    ).get_json()["id"]
    statuses = [
        client.post(
            f"/api/v1/streams/{sid}/chat",
            json={"body": f"m{i}"},
            headers=alice["headers"],
        ).status_code
        for i in range(6)
    ]
    assert statuses == [201] * 5 + [429]


def test_second_live_stream_conflicts(client, alice):
    client.post("/api/v1/streams", json={"title": "one"}, headers=alice["headers"])
    again = client.post(
        "/api/v1/streams", json={"title": "two"}, headers=alice["headers"]
    )
    assert again.status_code == 409


# --------------------------------------------------------------------- admin


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/admin/stats"),
        ("post", "/admin/cache/flush"),
        ("post", "/admin/users/1/ban"),
        ("get", "/admin/workers"),
        ("post", "/admin/maintenance"),
    ],
)
def test_admin_requires_token(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 403


def test_admin_stats_and_workers(client, admin_headers, alice):
    _post(client, alice["headers"])
    stats = client.get("/admin/stats", headers=admin_headers).get_json()
    assert stats["storage"]["users"] == 1 and stats["posts"]["posts"] == 1
    assert stats["active_sessions"] == 1
    workers = client.get("/admin/workers", headers=admin_headers).get_json()
    assert workers["workers"] == []


def test_admin_cache_flush(client, admin_headers):
    main.cache.set("profile:1", "x")
    main.cache.set("feed:1", "y")
    flushed = client.post("/admin/cache/flush?pattern=profile:*", headers=admin_headers)
    assert flushed.get_json() == {"removed": 1, "pattern": "profile:*"}
    assert main.cache.get("feed:1") == "y"


def test_admin_ban_user(client, admin_headers, alice):
    banned = client.post(
        f"/admin/users/{alice['id']}/ban",
        json={"reason": "spam"},
        headers=admin_headers,
    ).get_json()
    assert banned["user"]["is_banned"] is True and banned["sessions_revoked"] == 1
    login = client.post(
        "/api/v1/auth/login", json={"username": "alice", "password": "password123"}
    )
    assert login.status_code == 403
    assert client.get(f"/api/v1/users/{alice['id']}").status_code == 404


def test_admin_maintenance_mode(client, admin_headers):
    on = client.post(
        "/admin/maintenance", json={"enabled": True}, headers=admin_headers
    )
    assert on.get_json() == {"maintenance": True}
    assert main.MAINTENANCE_MODE is True
    blocked = client.get("/api/v1/posts")
    assert blocked.status_code == 503
    assert client.get("/ready").status_code == 200  # probes stay reachable
    assert client.get("/health").status_code == 503  # ...but report the state
    client.post("/admin/maintenance", json={"enabled": False}, headers=admin_headers)
    assert client.get("/api/v1/posts").status_code == 200
    bad = client.post(
        "/admin/maintenance", json={"enabled": "yes"}, headers=admin_headers
    )
    assert bad.status_code == 400


def test_maintenance_global_monkeypatched(client, monkeypatch):
    monkeypatch.setattr(main, "MAINTENANCE_MODE", True)
    assert client.get("/").status_code == 503


# ------------------------------------------------------------------------ v2


def test_v2_posts_cursor_pagination(client, alice):
    ids = [_post(client, alice["headers"], f"post number {i}")["id"] for i in range(5)]
    first = client.get("/api/v2/posts?limit=2").get_json()
    assert [p["id"] for p in first["data"]] == ids[::-1][:2]
    second = client.get(f"/api/v2/posts?limit=2&cursor={first['next_cursor']}")
    third = client.get(
        f"/api/v2/posts?limit=2&cursor={second.get_json()['next_cursor']}"
    ).get_json()
    assert [p["id"] for p in third["data"]] == [ids[0]]
    assert third["next_cursor"] is None
    assert client.get("/api/v2/posts?cursor=garbage").status_code == 400


def test_v2_profile_and_summary(client, alice, admin_headers):
    _post(client, alice["headers"])
    profile = client.get(f"/api/v2/users/{alice['id']}/profile").get_json()["data"]
    assert profile["username"] == "alice" and profile["post_count"] == 1
    assert client.get("/api/v2/analytics/summary").status_code == 403
    summary = client.get("/api/v2/analytics/summary", headers=admin_headers).get_json()
    assert summary["data"]["totals"]["posts"] == 1
    assert summary["data"]["events"]["post.created"] == 1


# ----------------------------------------------------------------- smoke tour


def test_smoke_tour_hits_every_endpoint(client, make_user, admin_headers):
    """One scripted session touching every rule; ROUTE_TIMINGS records endpoints."""
    a, b = make_user("tour_a"), make_user("tour_b")
    ah, bh = a["headers"], b["headers"]
    client.get("/")
    client.get("/health")
    client.get("/ready")
    client.get("/version")
    client.get("/metrics")
    client.post(
        "/api/v1/auth/login", json={"username": "tour_b", "password": "password123"}
    )
    client.get("/api/v1/auth/me", headers=ah)
    client.get("/api/v1/users")
    client.get(f"/api/v1/users/{a['id']}")
    client.patch(f"/api/v1/users/{a['id']}", json={"bio": "hi"}, headers=ah)
    client.post(f"/api/v1/users/{a['id']}/follow", headers=bh)
    client.get(f"/api/v1/users/{a['id']}/followers")
    client.get(f"/api/v1/users/{b['id']}/following")
    post = _post(client, ah, "tour #post")
    client.get("/api/v1/posts")
    client.get(f"/api/v1/posts/{post['id']}")
    client.put(f"/api/v1/posts/{post['id']}", json={"pinned": True}, headers=ah)
    client.post(f"/api/v1/posts/{post['id']}/like", headers=bh)
    client.post(f"/api/v1/posts/{post['id']}/repost", headers=bh)
    client.post(f"/api/v1/posts/{post['id']}/comments", json={"body": "c"}, headers=bh)
    client.get(f"/api/v1/posts/{post['id']}/comments")
    client.get("/api/v1/feed", headers=bh)
    client.get("/api/v1/trending")
    client.get("/api/v1/search?q=tour")
    client.get("/api/v1/search/index?term=tour")
    client.get("/api/v1/events?timeout=0")
    client.post("/api/v1/analytics/events", json={"event": "tour.done"})
    media = client.post(
        "/api/v1/media",
        json={"filename": "a.png", "content_type": "image/png", "data": _b64(b"p")},
        headers=ah,
    ).get_json()
    client.get(f"/api/v1/media/{media['id']}")
    client.post(f"/api/v1/media/{media['id']}/transcode", headers=ah)
    client.delete(f"/api/v1/media/{media['id']}", headers=ah)
    stream = client.post("/api/v1/streams", json={"title": "t"}, headers=ah).get_json()
    client.get("/api/v1/streams")
    client.get(f"/api/v1/streams/{stream['id']}")
    client.post(f"/api/v1/streams/{stream['id']}/join", headers=bh)
    client.post(f"/api/v1/streams/{stream['id']}/chat", json={"body": "yo"}, headers=bh)
    client.post(f"/api/v1/streams/{stream['id']}/leave", headers=bh)
    client.post(f"/api/v1/streams/{stream['id']}/end", headers=ah)
    client.get("/admin/stats", headers=admin_headers)
    client.post("/admin/cache/flush", headers=admin_headers)
    client.get("/admin/workers", headers=admin_headers)
    client.post("/admin/maintenance", json={"enabled": False}, headers=admin_headers)
    client.get("/api/v2/posts")
    client.get(f"/api/v2/users/{a['id']}/profile")
    client.get("/api/v2/analytics/summary", headers=admin_headers)
    client.delete(f"/api/v1/users/{a['id']}/follow", headers=bh)
    client.delete(f"/api/v1/posts/{post['id']}/like", headers=bh)
    client.delete(f"/api/v1/posts/{post['id']}", headers=ah)
    client.post("/api/v1/auth/logout", headers=bh)
    client.post(f"/admin/users/{b['id']}/ban", headers=admin_headers)
    client.delete(f"/api/v1/users/{a['id']}", headers=ah)

    seen = set(main.ROUTE_TIMINGS)
    expected = {endpoint for _, _, endpoint in EXPECTED_ROUTES} - {"static"}
    assert expected - seen == set()
    statuses = main.collect_stats()["status_codes"]
    assert set(statuses) <= {"200", "201", "202", "204"}, statuses
