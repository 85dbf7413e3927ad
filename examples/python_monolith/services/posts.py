"""Posts, comments, likes, feeds, trending and search.

Python twin of the Rust service's ``handlers/posts.rs``. Like its sibling it
accreted features one sprint at a time (moderation, reposts, edit windows,
feed ranking, boolean search) and is overdue for a split; a few functions in
here are intentionally gnarly.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import utils
from models import VISIBILITIES, Comment, Like, Post, User
from services import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from storage import FakeRedis, Repository

MAX_POST_LENGTH = 500
MAX_COMMENT_LENGTH = 1000
MAX_COMMENT_DEPTH = 4
MAX_HASHTAGS = 10
MAX_MEDIA_PER_POST = 4
EDIT_WINDOW_SECONDS = 15 * 60
FEED_CACHE_TTL = 30.0
TRENDING_WINDOW_SECONDS = 24 * 3600
MAX_CONSECUTIVE_SAME_AUTHOR = 2
HASHTAG_RE = re.compile(r"(?<![\w#])#(\w{1,50})")
MENTION_RE = re.compile(r"(?<![\w@])@([a-z0-9_]{3,32})", re.IGNORECASE)
URL_RE = re.compile(r"https?://\S+")
BANNED_WORDS = frozenset({"spamword", "scamlink", "buyfollowers"})
SHOUTING_RATIO = 0.8


@dataclass
class FeedEntry:
    """A ranked post in somebody's home feed."""

    post: Post
    score: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        data = self.post.to_dict()
        data["score"] = round(self.score, 4)
        data["reason"] = self.reason
        return data


@dataclass
class SearchQuery:
    """Parsed form of ``foo bar OR baz -qux #tag from:alice "exact phrase"``."""

    groups: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.groups or self.hashtags or self.authors or self.phrases)


class PostService:
    """Everything that happens to a post after it is written."""

    def __init__(
        self,
        repo: Repository,
        cache: FakeRedis,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.repo = repo
        self.cache = cache
        self.clock = clock

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def extract_tags(content: str) -> tuple[list[str], list[str]]:
        """Return de-duplicated ``(hashtags, mentions)`` in order of appearance."""
        hashtags: list[str] = []
        for tag in HASHTAG_RE.findall(content):
            tag = tag.lower()
            if tag not in hashtags:
                hashtags.append(tag)
        mentions = list(dict.fromkeys(m.lower() for m in MENTION_RE.findall(content)))
        return hashtags, mentions

    @staticmethod
    def moderate(content: str) -> list[str]:
        """Return a list of moderation problems for ``content`` (empty means clean)."""
        problems: list[str] = []
        words = utils.tokenize(content)
        if any(word in BANNED_WORDS for word in words):
            problems.append("contains banned words")
        letters = [ch for ch in content if ch.isalpha()]
        if (
            len(letters) >= 12
            and sum(1 for ch in letters if ch.isupper()) / len(letters) > SHOUTING_RATIO
        ):
            problems.append("excessive capitals")
        links = URL_RE.findall(content)
        if len(links) > 3 or (
            links and len(content) - sum(len(link) for link in links) < 5
        ):
            problems.append("link spam")
        run, longest, previous = 0, 0, None
        for ch in content:
            if ch == previous and not ch.isspace():
                run += 1
                longest = max(longest, run)
            else:
                run = 1
            previous = ch
        if longest >= 10:
            problems.append("repeated characters")
        return problems

    def _validate_content(self, content: Any, *, has_media: bool = False) -> str:
        if not isinstance(content, str):
            raise ValidationError(
                "content must be a string", details={"field": "content"}
            )
        content = content.strip()
        if not content and not has_media:
            raise ValidationError(
                "content must not be empty", details={"field": "content"}
            )
        if len(content) > MAX_POST_LENGTH:
            raise ValidationError(
                f"content exceeds {MAX_POST_LENGTH} characters",
                details={"field": "content"},
            )
        problems = self.moderate(content)
        if problems:
            raise ValidationError(
                "content rejected by moderation", details={"problems": problems}
            )
        return content

    def _author(self, user_id: int) -> User:
        user = self.repo.get("users", user_id)
        if user is None:
            raise NotFoundError(f"user {user_id} not found")
        if user.is_banned:
            raise PermissionDeniedError("banned users cannot post")
        return user

    def _invalidate_feeds(self) -> None:
        # Cheap global invalidation: feed keys embed a version number.
        self.cache.incr("feed:version")

    # ------------------------------------------------------------------ CRUD
    def create_post(
        self,
        author_id: int,
        content: Any,
        *,
        visibility: str = "public",
        media_ids: list[int] | None = None,
        repost_of: int | None = None,
    ) -> Post:
        author = self._author(author_id)
        media_ids = list(media_ids or [])
        if visibility not in VISIBILITIES:
            raise ValidationError(
                f"visibility must be one of {', '.join(VISIBILITIES)}"
            )
        if len(media_ids) > MAX_MEDIA_PER_POST:
            raise ValidationError(f"at most {MAX_MEDIA_PER_POST} media attachments")
        for media_id in media_ids:
            asset = self.repo.get("media", media_id)
            if asset is None or asset.owner_id != author.id:
                raise ValidationError(f"unknown media id {media_id}")
        text = self._validate_content(
            content, has_media=bool(media_ids) or repost_of is not None
        )
        hashtags, mentions = self.extract_tags(text)
        if len(hashtags) > MAX_HASHTAGS:
            raise ValidationError(f"at most {MAX_HASHTAGS} hashtags per post")
        if repost_of is not None:
            original = self.get_post(repost_of)
            if original.visibility != "public":
                raise PermissionDeniedError("only public posts can be reposted")
            # Reposting a repost points at the original.
            repost_of = original.repost_of or original.id
        post = Post(
            id=self.repo.next_id("posts"),
            author_id=author.id,
            content=text,
            visibility=visibility,
            hashtags=hashtags,
            mentions=mentions,
            media_ids=media_ids,
            repost_of=repost_of,
            created_at=self.clock(),
        )
        self.repo.put("posts", post)
        self._invalidate_feeds()
        return post

    def repost(self, user_id: int, post_id: int, comment: str = "") -> Post:
        existing = self.repo.filter(
            "posts", lambda p: p.author_id == user_id and p.repost_of == post_id
        )
        if existing and not comment:
            raise ConflictError("already reposted")
        return self.create_post(user_id, comment, repost_of=post_id)

    def get_post(self, post_id: int) -> Post:
        post = self.repo.get("posts", post_id)
        if post is None:
            raise NotFoundError(f"post {post_id} not found")
        return post

    def can_view(self, post: Post, viewer_id: int | None) -> bool:
        if post.visibility == "public" or (
            viewer_id is not None and viewer_id == post.author_id
        ):
            return True
        if viewer_id is None or post.visibility == "private":
            return False
        author = self.repo.get("users", post.author_id)
        return author is not None and viewer_id in author.followers

    def get_visible_post(self, post_id: int, viewer_id: int | None) -> Post:
        post = self.get_post(post_id)
        if not self.can_view(post, viewer_id):
            # Do not leak the existence of private posts.
            raise NotFoundError(f"post {post_id} not found")
        return post

    def update_post(
        self,
        post_id: int,
        editor_id: int,
        *,
        content: Any = None,
        visibility: str | None = None,
        pinned: bool | None = None,
        is_admin: bool = False,
    ) -> Post:
        post = self.get_post(post_id)
        if post.author_id != editor_id and not is_admin:
            raise PermissionDeniedError("only the author can edit this post")
        changes: dict[str, Any] = {}
        if content is not None:
            if not is_admin and self.clock() - post.created_at > EDIT_WINDOW_SECONDS:
                raise PermissionDeniedError("edit window has closed")
            text = self._validate_content(content, has_media=bool(post.media_ids))
            if text != post.content:
                hashtags, mentions = self.extract_tags(text)
                changes.update(
                    content=text,
                    hashtags=hashtags,
                    mentions=mentions,
                    edit_history=[*post.edit_history, post.content][-10:],
                    edited_at=self.clock(),
                )
        if visibility is not None:
            if visibility not in VISIBILITIES:
                raise ValidationError(
                    f"visibility must be one of {', '.join(VISIBILITIES)}"
                )
            changes["visibility"] = visibility
        if pinned is not None:
            if pinned:
                # Only one pinned post per author.
                for other in self.repo.filter(
                    "posts", lambda p: p.author_id == post.author_id and p.pinned
                ):
                    if other.id != post.id:
                        self.repo.update("posts", other.id, pinned=False)
            changes["pinned"] = bool(pinned)
        if changes:
            self.repo.update("posts", post_id, **changes)
            self._invalidate_feeds()
        return post

    def delete_post(
        self, post_id: int, actor_id: int, *, is_admin: bool = False
    ) -> dict[str, int]:
        """Delete a post with its comments, likes and reposts; return counts."""
        post = self.get_post(post_id)
        if post.author_id != actor_id and not is_admin:
            raise PermissionDeniedError("only the author can delete this post")
        removed = {"posts": 0, "comments": 0, "likes": 0}
        with self.repo.transaction():
            doomed = [post.id] + [
                p.id
                for p in self.repo.filter("posts", lambda p: p.repost_of == post.id)
            ]
            for doomed_id in doomed:
                for comment in self.repo.filter(
                    "comments", lambda c, pid=doomed_id: c.post_id == pid
                ):
                    removed["comments"] += int(self.repo.delete("comments", comment.id))
                for like in self.repo.filter(
                    "likes", lambda lk, pid=doomed_id: lk.post_id == pid
                ):
                    removed["likes"] += int(self.repo.delete("likes", like.id))
                removed["posts"] += int(self.repo.delete("posts", doomed_id))
        self._invalidate_feeds()
        return removed

    # -------------------------------------------------------- likes & comments
    def like(self, post_id: int, user_id: int) -> tuple[bool, int]:
        """Like a post; returns ``(created, like_count)``. Idempotent."""
        with self.repo.transaction():
            post = self.get_visible_post(post_id, user_id)
            self._author(user_id)
            if (
                self.repo.find_one("likes", post_id=post_id, user_id=user_id)
                is not None
            ):
                return False, post.like_count
            self.repo.put(
                "likes",
                Like(id=self.repo.next_id("likes"), user_id=user_id, post_id=post_id),
            )
            post.like_count += 1
        self.cache.incr(f"post:{post_id}:likes")
        return True, post.like_count

    def unlike(self, post_id: int, user_id: int) -> tuple[bool, int]:
        with self.repo.transaction():
            post = self.get_post(post_id)
            like = self.repo.find_one("likes", post_id=post_id, user_id=user_id)
            if like is None:
                return False, post.like_count
            self.repo.delete("likes", like.id)
            post.like_count = max(0, post.like_count - 1)
        return True, post.like_count

    def add_comment(
        self, post_id: int, author_id: int, body: Any, parent_id: int | None = None
    ) -> Comment:
        post = self.get_visible_post(post_id, author_id)
        self._author(author_id)
        if not isinstance(body, str) or not body.strip():
            raise ValidationError(
                "comment body must be a non-empty string", details={"field": "body"}
            )
        body = body.strip()
        if len(body) > MAX_COMMENT_LENGTH:
            raise ValidationError(f"comment exceeds {MAX_COMMENT_LENGTH} characters")
        if self.moderate(body):
            raise ValidationError("comment rejected by moderation")
        depth = 0
        if parent_id is not None:
            parent = self.repo.get("comments", parent_id)
            if parent is None or parent.post_id != post.id:
                raise ValidationError(
                    f"parent comment {parent_id} does not belong to post {post_id}"
                )
            depth = parent.depth + 1
            if depth > MAX_COMMENT_DEPTH:
                raise ValidationError(
                    f"replies are limited to {MAX_COMMENT_DEPTH} levels"
                )
        comment = Comment(
            id=self.repo.next_id("comments"),
            post_id=post.id,
            author_id=author_id,
            body=body,
            parent_id=parent_id,
            depth=depth,
            created_at=self.clock(),
        )
        with self.repo.transaction():
            self.repo.put("comments", comment)
            post.comment_count += 1
        return comment

    def list_comments(
        self, post_id: int, viewer_id: int | None = None
    ) -> list[Comment]:
        self.get_visible_post(post_id, viewer_id)
        return self.repo.filter("comments", lambda c: c.post_id == post_id)

    def comment_tree(
        self,
        post_id: int,
        viewer_id: int | None = None,
        *,
        max_depth: int = MAX_COMMENT_DEPTH,
    ) -> list[dict]:
        """Nest comments under their parents; orphans are promoted to the top level."""
        comments = self.list_comments(post_id, viewer_id)
        nodes = {
            c.id: {**c.to_dict(), "replies": []}
            for c in comments
            if c.depth <= max_depth
        }
        roots: list[dict] = []
        for comment in comments:
            node = nodes.get(comment.id)
            if node is None:
                continue
            parent = (
                nodes.get(comment.parent_id) if comment.parent_id is not None else None
            )
            if parent is not None:
                parent["replies"].append(node)
            else:
                roots.append(node)
        return roots

    # ------------------------------------------------------------------ listing
    def list_posts(
        self,
        viewer_id: int | None = None,
        *,
        author_id: int | None = None,
        hashtag: str | None = None,
        include_reposts: bool = True,
    ) -> list[Post]:
        tag = hashtag.lower().lstrip("#") if hashtag else None

        def wanted(post: Post) -> bool:
            if author_id is not None and post.author_id != author_id:
                return False
            if tag is not None and tag not in post.hashtags:
                return False
            if not include_reposts and post.repost_of is not None:
                return False
            return self.can_view(post, viewer_id)

        posts = self.repo.filter("posts", wanted)
        # Pinned posts first, then newest first.
        return sorted(posts, key=lambda p: (not p.pinned, -p.created_at, -p.id))

    def list_after(
        self, cursor_id: int | None, limit: int, viewer_id: int | None = None
    ) -> tuple[list[Post], int | None]:
        """Keyset pagination, newest first; returns ``(posts, next_cursor_id)``."""
        candidates = sorted(
            (
                p
                for p in self.repo.all("posts")
                if (cursor_id is None or p.id < cursor_id)
                and self.can_view(p, viewer_id)
            ),
            key=lambda p: -p.id,
        )
        page = candidates[:limit]
        next_cursor = page[-1].id if len(candidates) > limit else None
        return page, next_cursor

    # ------------------------------------------------------------------ ranking
    def score_post(self, post: Post, viewer: User | None, now: float) -> float:
        """Engagement score with exponential time decay and a follow boost."""
        age_hours = max(0.0, (now - post.created_at) / 3600.0)
        engagement = math.log1p(post.like_count * 2 + post.comment_count * 3)
        decay = 0.5 ** (age_hours / 6.0)
        score = (1.0 + engagement) * decay
        if viewer is not None:
            if post.author_id in viewer.following:
                score *= 1.5
            elif post.author_id == viewer.id:
                score *= 1.2
            if viewer.username in post.mentions:
                score += 0.5
        if post.media_ids:
            score *= 1.1
        if post.repost_of is not None and not post.content:
            score *= 0.8
        return score

    def build_feed(
        self, user_id: int, page: int = 1, per_page: int = 20
    ) -> dict[str, Any]:
        """Rank candidate posts for ``user_id`` and return one page.

        Candidates are the viewer's own posts, posts of accounts they follow and,
        when that is thin, popular public posts. Reposts of the same original are
        collapsed and no author may take more than two consecutive slots.
        """
        viewer = self.repo.get("users", user_id)
        if viewer is None:
            raise NotFoundError(f"user {user_id} not found")
        version = self.cache.get("feed:version") or 0
        cache_key = f"feed:{user_id}:v{version}:p{page}:n{per_page}"
        cached = self.cache.get(cache_key)
        if cached is not None:
            return json.loads(cached)

        now = self.clock()
        entries: list[FeedEntry] = []
        seen_originals: set[int] = set()
        sources = [("self", {user_id}), ("following", set(viewer.following))]
        for reason, authors in sources:
            for post in self.repo.filter(
                "posts", lambda p, a=authors: p.author_id in a
            ):
                try:
                    if not self.can_view(post, user_id):
                        continue
                    original = post.repost_of or post.id
                    if original in seen_originals:
                        continue
                    seen_originals.add(original)
                    entries.append(
                        FeedEntry(post, self.score_post(post, viewer, now), reason)
                    )
                except (AttributeError, TypeError, ValueError):
                    # Corrupt rows must never take the whole feed down.
                    continue
        if len(entries) < per_page:
            popular = sorted(
                (
                    p
                    for p in self.repo.all("posts")
                    if p.visibility == "public"
                    and p.author_id not in viewer.following
                    and p.author_id != user_id
                ),
                key=lambda p: (p.like_count + p.comment_count, p.id),
                reverse=True,
            )
            for post in popular:
                if len(entries) >= per_page * page:
                    break
                original = post.repost_of or post.id
                if original not in seen_originals:
                    seen_originals.add(original)
                    entries.append(
                        FeedEntry(
                            post, self.score_post(post, viewer, now) * 0.5, "popular"
                        )
                    )

        entries.sort(key=lambda e: (-e.score, -e.post.id))
        # Diversity pass: avoid long runs of the same author.
        ordered: list[FeedEntry] = []
        pending = list(entries)
        while pending:
            index = 0
            while index < len(pending):
                run = ordered[-MAX_CONSECUTIVE_SAME_AUTHOR:]
                same_author = len(run) == MAX_CONSECUTIVE_SAME_AUTHOR and all(
                    e.post.author_id == pending[index].post.author_id for e in run
                )
                if not same_author:
                    break
                index += 1
            if index >= len(pending):
                index = 0  # nothing else to interleave; accept the run
            ordered.append(pending.pop(index))

        result = utils.paginate(ordered, page, per_page)
        result["items"] = [entry.to_dict() for entry in result["items"]]
        self.cache.set(cache_key, json.dumps(result), ex=FEED_CACHE_TTL)
        return result

    def trending_hashtags(
        self, *, window_seconds: float = TRENDING_WINDOW_SECONDS, limit: int = 10
    ) -> list[dict[str, Any]]:
        """Hashtags weighted by recency and engagement within the window."""
        now = self.clock()
        weights: dict[str, float] = defaultdict(float)
        authors: dict[str, set[int]] = defaultdict(set)
        for post in self.repo.all("posts"):
            age = now - post.created_at
            if age > window_seconds or post.visibility != "public":
                continue
            freshness = 1.0 - (age / window_seconds) if window_seconds else 1.0
            for tag in post.hashtags:
                weights[tag] += freshness * (
                    1 + 0.25 * post.like_count + 0.5 * post.comment_count
                )
                authors[tag].add(post.author_id)
        # A tag pushed by a single account is discounted heavily.
        ranked = sorted(
            (
                (tag, weight * (1.0 if len(authors[tag]) > 1 else 0.5))
                for tag, weight in weights.items()
            ),
            key=lambda item: (-item[1], item[0]),
        )
        return [
            {"hashtag": tag, "score": round(score, 3), "authors": len(authors[tag])}
            for tag, score in ranked[:limit]
        ]

    def trending_posts(self, limit: int = 10) -> list[Post]:
        now = self.clock()
        public = [p for p in self.repo.all("posts") if p.visibility == "public"]
        return sorted(public, key=lambda p: (-self.score_post(p, None, now), -p.id))[
            :limit
        ]

    # ------------------------------------------------------------------ search
    @staticmethod
    def parse_query(raw: str) -> SearchQuery:
        """Tokenise a search string.

        Supports quotes, ``OR``, ``-term``, ``#tag`` and ``from:user``.
        """
        query = SearchQuery()
        tokens: list[str] = []
        i, n = 0, len(raw)
        while i < n:
            ch = raw[i]
            if ch.isspace():
                i += 1
                continue
            if ch == '"':
                end = raw.find('"', i + 1)
                if end == -1:
                    end = n
                phrase = raw[i + 1 : end].strip().lower()
                if phrase:
                    query.phrases.append(phrase)
                i = end + 1
                continue
            start = i
            while i < n and not raw[i].isspace() and raw[i] != '"':
                i += 1
            tokens.append(raw[start:i])

        join_next = False
        for token in tokens:
            if token == "OR":
                join_next = bool(query.groups)
                continue
            lowered = token.lower()
            if lowered.startswith("from:") and len(lowered) > 5:
                query.authors.append(lowered[5:].lstrip("@"))
            elif lowered.startswith("#") and len(lowered) > 1:
                query.hashtags.append(lowered[1:])
            elif lowered.startswith("-") and len(lowered) > 1:
                query.excluded.append(lowered[1:])
            else:
                term = lowered.strip(".,!?;:")
                if not term:
                    continue
                if join_next:
                    query.groups[-1].append(term)
                else:
                    query.groups.append([term])
            join_next = False
        return query

    def search(
        self, raw: str, viewer_id: int | None = None, *, limit: int = 20
    ) -> list[Post]:
        query = self.parse_query(raw or "")
        if query.is_empty:
            raise ValidationError("search query must contain at least one term")
        author_ids: set[int] | None = None
        if query.authors:
            author_ids = {
                u.id for u in self.repo.all("users") if u.username in query.authors
            }
            if not author_ids:
                return []
        results: list[tuple[int, Post]] = []
        for post in self.repo.all("posts"):
            if author_ids is not None and post.author_id not in author_ids:
                continue
            if not self.can_view(post, viewer_id):
                continue
            text = post.content.lower()
            words = set(utils.tokenize(post.content))
            if any(term in words for term in query.excluded):
                continue
            if query.hashtags and not all(
                tag in post.hashtags for tag in query.hashtags
            ):
                continue
            if not all(phrase in text for phrase in query.phrases):
                continue
            matched_groups = 0
            for group in query.groups:
                if any(
                    term in words or (len(term) > 3 and term in text) for term in group
                ):
                    matched_groups += 1
                else:
                    break
            if matched_groups != len(query.groups):
                continue
            relevance = matched_groups * 10 + post.like_count + len(query.phrases) * 5
            results.append((relevance, post))
        results.sort(key=lambda item: (-item[0], -item[1].id))
        return [post for _, post in results[:limit]]

    # ------------------------------------------------------------------ stats
    def stats(self) -> dict[str, Any]:
        posts = self.repo.all("posts")
        by_visibility = Counter(p.visibility for p in posts)
        top_authors = Counter(p.author_id for p in posts).most_common(5)
        return {
            "posts": len(posts),
            "comments": self.repo.count("comments"),
            "likes": self.repo.count("likes"),
            "reposts": sum(1 for p in posts if p.repost_of is not None),
            "by_visibility": {v: by_visibility.get(v, 0) for v in VISIBILITIES},
            "top_authors": [
                {"author_id": author, "posts": count} for author, count in top_authors
            ],
        }
