"""Unit tests of the domain services, storage and utils (no Flask involved)."""

from __future__ import annotations

import threading

import pytest

import storage
import utils
from services import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ValidationError,
)
from services.analytics import AnalyticsService
from services.media import MediaService
from services.posts import PostService
from services.streaming import StreamService
from services.users import UserService


class Clock:
    """Manually advanced clock for time-dependent logic."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def repo() -> storage.Repository:
    return storage.Repository()


@pytest.fixture
def cache(clock) -> storage.FakeRedis:
    return storage.FakeRedis(clock=clock)


@pytest.fixture
def users(repo, cache) -> UserService:
    return UserService(repo, cache, hash_iterations=10)


@pytest.fixture
def posts(repo, cache, clock) -> PostService:
    return PostService(repo, cache, clock=clock)


@pytest.fixture
def people(users):
    return [
        users.register(name, f"{name}@example.com", "password123")
        for name in ("ann", "ben", "cyd")
    ]


# ----------------------------------------------------------------------- users


def test_register_and_authenticate(users):
    user = users.register("  Dave ", "dave@example.com", "password123")
    assert user.username == "dave" and user.password_hash.startswith("pbkdf2$")
    assert users.authenticate("DAVE", "password123").id == user.id
    with pytest.raises(PermissionDeniedError):
        users.authenticate("dave", "nope-nope")
    with pytest.raises(ConflictError):
        users.register("dave", "other@example.com", "password123")


def test_ban_blocks_login_but_not_admins(users):
    admin = users.register("root", "root@example.com", "password123", is_admin=True)
    user = users.register("troll", "troll@example.com", "password123")
    users.ban(user.id, "spam")
    with pytest.raises(PermissionDeniedError, match="banned"):
        users.authenticate("troll", "password123")
    with pytest.raises(PermissionDeniedError):
        users.ban(admin.id, "nope")


def test_follow_graph_and_delete(users, people):
    ann, ben, cyd = people
    assert users.follow(ben.id, ann.id) is True
    assert users.follow(ben.id, ann.id) is False
    users.follow(cyd.id, ann.id)
    assert [u.username for u in users.followers(ann.id)] == ["ben", "cyd"]
    assert users.unfollow(cyd.id, ann.id) is True
    users.delete(ben.id)
    assert ann.followers == set()
    with pytest.raises(NotFoundError):
        users.get(ben.id)


def test_profile_cache_invalidated_on_update(users, people, cache):
    ann = people[0]
    assert users.profile(ann.id)["bio"] == ""
    assert cache.exists(f"profile:{ann.id}")
    users.update_profile(ann.id, bio="new bio")
    assert users.profile(ann.id)["bio"] == "new bio"
    with pytest.raises(ValidationError):
        users.update_profile(ann.id, bio="x" * 281)


# ----------------------------------------------------------------------- posts


@pytest.mark.parametrize(
    ("content", "hashtags", "mentions"),
    [
        ("hi #Python and #python", ["python"], []),
        ("cc @Ann @ann @bo", [], ["ann"]),
        ("email me a@b.com #a1 ##double", ["a1"], []),
    ],
)
def test_extract_tags(content, hashtags, mentions):
    assert PostService.extract_tags(content) == (hashtags, mentions)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("totally normal post", None),
        ("get rich: spamword", "contains banned words"),
        ("THIS IS ALL SHOUTING TODAY", "excessive capitals"),
        ("http://a.io http://b.io http://c.io http://d.io", "link spam"),
        ("soooooooooooo good", "repeated characters"),
    ],
)
def test_moderation(content, problem):
    problems = PostService.moderate(content)
    assert problems == ([] if problem is None else [problem])


def test_visibility_rules(posts, users, people):
    ann, ben, cyd = people
    users.follow(ben.id, ann.id)
    followers_only = posts.create_post(ann.id, "friends only", visibility="followers")
    private = posts.create_post(ann.id, "diary", visibility="private")
    assert posts.can_view(followers_only, ben.id) is True
    assert posts.can_view(followers_only, cyd.id) is False
    assert posts.can_view(followers_only, None) is False
    assert posts.can_view(private, ben.id) is False
    assert posts.can_view(private, ann.id) is True


def test_edit_window_and_history(posts, people, clock):
    ann, ben, _ = people
    post = posts.create_post(ann.id, "v1")
    posts.update_post(post.id, ann.id, content="v2 #tag")
    assert post.edit_history == ["v1"] and post.hashtags == ["tag"]
    with pytest.raises(PermissionDeniedError):
        posts.update_post(post.id, ben.id, content="hijack")
    clock.advance(16 * 60)
    with pytest.raises(PermissionDeniedError, match="edit window"):
        posts.update_post(post.id, ann.id, content="v3")
    posts.update_post(post.id, ben.id, content="moderated", is_admin=True)
    assert post.content == "moderated"


def test_single_pinned_post_per_author(posts, people):
    ann = people[0]
    first, second = posts.create_post(ann.id, "one"), posts.create_post(ann.id, "two")
    posts.update_post(first.id, ann.id, pinned=True)
    posts.update_post(second.id, ann.id, pinned=True)
    assert (first.pinned, second.pinned) == (False, True)
    assert posts.list_posts(ann.id, author_id=ann.id)[0].id == second.id


def test_delete_cascades_to_reposts_comments_likes(posts, people, repo):
    ann, ben, cyd = people
    post = posts.create_post(ann.id, "original")
    repost = posts.repost(ben.id, post.id)
    posts.add_comment(post.id, cyd.id, "first")
    posts.add_comment(repost.id, cyd.id, "on the repost")
    posts.like(post.id, ben.id)
    removed = posts.delete_post(post.id, ann.id)
    assert removed == {"posts": 2, "comments": 2, "likes": 1}
    assert repo.counts()["posts"] == 0


def test_repost_of_repost_points_at_original(posts, people):
    ann, ben, cyd = people
    post = posts.create_post(ann.id, "original")
    first = posts.repost(ben.id, post.id)
    second = posts.repost(cyd.id, first.id)
    assert second.repost_of == post.id
    with pytest.raises(ConflictError):
        posts.repost(ben.id, post.id)


def test_likes_are_idempotent(posts, people, cache):
    ann, ben, _ = people
    post = posts.create_post(ann.id, "like me")
    assert posts.like(post.id, ben.id) == (True, 1)
    assert posts.like(post.id, ben.id) == (False, 1)
    assert posts.unlike(post.id, ben.id) == (True, 0)
    assert posts.unlike(post.id, ben.id) == (False, 0)
    assert cache.get(f"post:{post.id}:likes") == 1


def test_comment_depth_limit_and_tree(posts, people):
    ann, ben, _ = people
    post = posts.create_post(ann.id, "thread")
    parent = None
    for depth in range(5):
        comment = posts.add_comment(post.id, ben.id, f"level {depth}", parent_id=parent)
        parent = comment.id
    with pytest.raises(ValidationError, match="limited"):
        posts.add_comment(post.id, ben.id, "too deep", parent_id=parent)
    tree = posts.comment_tree(post.id, max_depth=2)
    assert tree[0]["replies"][0]["replies"][0]["body"] == "level 2"
    assert tree[0]["replies"][0]["replies"][0]["replies"] == []


def test_feed_ranking_dedup_and_diversity(posts, users, people, clock):
    ann, ben, cyd = people
    users.follow(ann.id, ben.id)
    users.follow(ann.id, cyd.id)
    ben_posts = [posts.create_post(ben.id, f"ben {i}") for i in range(4)]
    clock.advance(60)
    cyd_post = posts.create_post(cyd.id, "cyd only")
    posts.repost(cyd.id, ben_posts[0].id)  # collapsed with the original
    feed = posts.build_feed(ann.id, per_page=10)
    authors = [item["author_id"] for item in feed["items"]]
    assert feed["total"] == 5
    assert cyd_post.id in [item["id"] for item in feed["items"]]
    # No author may hold more than two consecutive slots while others remain.
    assert authors[:3] != [ben.id] * 3
    # Cached until something changes.
    assert posts.build_feed(ann.id, per_page=10) == feed


def test_feed_falls_back_to_popular_posts(posts, people):
    ann, ben, _ = people
    popular = posts.create_post(ben.id, "everyone likes this")
    posts.like(popular.id, ann.id)
    feed = posts.build_feed(ann.id)
    assert [(i["id"], i["reason"]) for i in feed["items"]] == [(popular.id, "popular")]


def test_trending_hashtags_window_and_single_author_discount(posts, people, clock):
    ann, ben, _ = people
    posts.create_post(ann.id, "old #stale")
    clock.advance(2 * 24 * 3600)
    posts.create_post(ann.id, "#solo #shared")
    posts.create_post(ben.id, "#shared")
    ranked = posts.trending_hashtags()
    assert [t["hashtag"] for t in ranked] == ["shared", "solo"]
    assert ranked[0]["authors"] == 2


def test_parse_query():
    query = PostService.parse_query(
        'flask OR django -java #python from:@ann "hello world"'
    )
    assert query.groups == [["flask", "django"]]
    assert query.excluded == ["java"]
    assert query.hashtags == ["python"]
    assert query.authors == ["ann"]
    assert query.phrases == ["hello world"]
    assert PostService.parse_query("  ").is_empty


def test_search_boolean_semantics(posts, people):
    ann, ben, _ = people
    flask = posts.create_post(ann.id, "I love flask #python")
    django = posts.create_post(ben.id, "I love django #python")
    posts.create_post(ann.id, "I love java")
    assert posts.search("flask OR django") == [django, flask]
    assert posts.search("love -java #python from:ann") == [flask]
    assert posts.search('"love django"') == [django]
    assert posts.search("from:nobody love") == []
    with pytest.raises(ValidationError):
        posts.search("-only-exclusions")


def test_list_after_keyset_pagination(posts, people):
    ann = people[0]
    created = [posts.create_post(ann.id, f"p{i}").id for i in range(3)]
    page, cursor = posts.list_after(None, 2)
    assert [p.id for p in page] == created[::-1][:2] and cursor == created[1]
    page, cursor = posts.list_after(cursor, 2)
    assert [p.id for p in page] == [created[0]] and cursor is None


def test_post_stats(posts, people):
    ann = people[0]
    posts.create_post(ann.id, "a")
    posts.create_post(ann.id, "b", visibility="private")
    stats = posts.stats()
    assert stats["by_visibility"] == {"public": 1, "followers": 0, "private": 1}
    assert stats["top_authors"] == [{"author_id": ann.id, "posts": 2}]


# ----------------------------------------------------------------------- media


def test_media_upload_dedup_and_transcode(repo, cache, people):
    media = MediaService(repo, cache, max_upload_bytes=1024)
    ann, ben, _ = people
    asset = media.register_upload(ann.id, "../../etc/Pass Wd.PNG", "image/png", b"img")
    assert asset.filename == "pass-wd.png"
    assert media.register_upload(ann.id, "copy.png", "image/png", b"img") is asset
    with pytest.raises(ValidationError, match="exceeds"):
        media.register_upload(ann.id, "big.png", "image/png", b"x" * 2048)
    with pytest.raises(ValidationError, match="unsupported"):
        media.register_upload(ann.id, "a.gif", "image/gif", b"gif")
    with pytest.raises(PermissionDeniedError):
        media.transcode(asset.id, requested_by=ben.id)
    media.transcode(asset.id)
    assert asset.status == "ready" and asset.variants[0] == "thumb_150"
    assert media.usage() == {"assets": 1, "bytes": 3, "ready": 1, "pending": 0}


def test_media_in_use_cannot_be_deleted(repo, cache, posts, people):
    media = MediaService(repo, cache)
    ann = people[0]
    clip = media.register_upload(ann.id, "tiny.mp4", "video/mp4", b"\x00" * 10)
    media.transcode(clip.id)
    assert clip.variants == ["preview_gif", "480p"]  # tiny video, small renditions
    posts.create_post(ann.id, "", media_ids=[clip.id])
    with pytest.raises(ConflictError):
        media.delete(clip.id, ann.id)


# ------------------------------------------------------------------- streaming


def test_stream_lifecycle_and_peak(repo, cache, people, clock):
    streams = StreamService(repo, cache, clock=clock)
    ann, ben, cyd = people
    stream = streams.start_stream(ann.id, "Live")
    with pytest.raises(ConflictError):
        streams.start_stream(ann.id, "Second")
    assert streams.join(stream.id, ben.id) == 1
    assert streams.join(stream.id, cyd.id) == 2
    assert streams.leave(stream.id, ben.id) == 1
    streams.end_stream(stream.id, ann.id)
    assert (stream.status, stream.peak_viewers, stream.viewer_ids) == (
        "ended",
        2,
        set(),
    )
    with pytest.raises(ConflictError):
        streams.join(stream.id, ben.id)


def test_stream_chat_rate_limit_window(repo, cache, people, clock):
    streams = StreamService(repo, cache, clock=clock, max_chat_history=3)
    ann, ben, _ = people
    stream = streams.start_stream(ann.id, "Chatty")
    for i in range(5):
        streams.post_chat(stream.id, ben.id, f"m{i}")
    with pytest.raises(RateLimitedError):
        streams.post_chat(stream.id, ben.id, "one too many")
    clock.advance(11)
    streams.post_chat(stream.id, ben.id, "later")
    recent = streams.recent_chat(stream.id)
    assert [m.body for m in recent] == ["m3", "m4", "later"]  # ring buffer of 3


def test_stream_join_is_thread_safe(repo, cache, people):
    streams = StreamService(repo, cache)
    stream = streams.start_stream(people[0].id, "Busy")

    def viewers(offset: int) -> None:
        for user_id in range(offset, offset + 200):
            streams.join(stream.id, user_id)

    threads = [threading.Thread(target=viewers, args=(i * 200,)) for i in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(stream.viewer_ids) == 1000 == stream.peak_viewers
    assert streams.stats()["viewers"] == 1000


# ------------------------------------------------------------------- analytics


def test_analytics_track_and_summary(repo, cache, posts, people, clock):
    analytics = AnalyticsService(repo, cache, clock=clock)
    ann, ben, _ = people
    post = posts.create_post(ann.id, "hot")
    posts.like(post.id, ben.id)
    analytics.track("app.opened", ann.id)
    analytics.track("app.opened", ben.id)
    analytics.track("app.opened", ann.id)
    with pytest.raises(ValidationError):
        analytics.track("Not Valid")
    summary = analytics.summary()
    assert summary["events"] == {"app.opened": 3}
    assert summary["daily_active_users"] == 2
    assert summary["top_posts"][0] == {
        "post_id": post.id,
        "author_id": ann.id,
        "likes": 1,
        "comments": 0,
    }
    assert len(analytics.recent(2)) == 2


# ------------------------------------------------------------- storage & utils


def test_fake_redis_ttl_lists_and_patterns(clock):
    redis = storage.FakeRedis(clock=clock)
    redis.set("a:1", "x", ex=10)
    redis.set("a:2", "y")
    assert redis.keys("a:*") == ["a:1", "a:2"]
    clock.advance(11)
    assert (
        redis.get("a:1") is None and redis.ttl("a:1") == -2 and redis.ttl("a:2") == -1
    )
    redis.lpush("q", 1, 2, 3)
    assert redis.lrange("q", 0, -1) == [3, 2, 1]
    redis.ltrim("q", 0, 1)
    assert redis.lrange("q", 0, -1) == [3, 2]
    assert redis.incr("n") == 1 and redis.incr("n", 5) == 6
    assert redis.hincrby("h", "f") == 1 and redis.hgetall("h") == {"f": 1}


def test_repository_ids_unique_across_threads():
    repo = storage.Repository()
    seen: list[int] = []
    lock = threading.Lock()

    def allocate() -> None:
        ids = [repo.next_id("posts") for _ in range(250)]
        with lock:
            seen.extend(ids)

    threads = [threading.Thread(target=allocate) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == list(range(1, 1001))
    with pytest.raises(KeyError):
        repo.next_id("nope")


@pytest.mark.parametrize(
    ("value", "slug"),
    [
        ("Hello, World!", "hello-world"),
        ("  Ünïcödé  tëxt ", "unicode-text"),
        ("--", ""),
    ],
)
def test_slugify(value, slug):
    assert utils.slugify(value) == slug


def test_paginate_and_cursors():
    page = utils.paginate(list(range(45)), 3, 20)
    assert page["items"] == list(range(40, 45))
    assert (page["pages"], page["has_next"], page["has_prev"]) == (3, False, True)
    assert utils.decode_cursor(utils.encode_cursor(1234)) == 1234
    with pytest.raises(ValueError):
        utils.decode_cursor("bm9wZQ")  # "nope"
    assert list(utils.chunked(range(5), 2)) == [[0, 1], [2, 3], [4]]
    assert utils.humanize_seconds(3723) == "1h 02m 03s"
    assert utils.parse_iso(utils.iso(1_700_000_000)) == 1_700_000_000
