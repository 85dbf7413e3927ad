"""Domain models for the Nova platform.

Plain dataclasses; persistence lives in :mod:`storage` and behaviour in the
``services`` package. ``to_dict`` methods produce the public JSON shape.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

VISIBILITIES = ("public", "followers", "private")
MEDIA_STATUSES = ("pending", "processing", "ready", "failed")
STREAM_STATUSES = ("live", "ended")


def _now() -> float:
    return time.time()


@dataclass
class User:
    """A registered account."""

    id: int
    username: str
    email: str
    password_hash: str = ""
    display_name: str = ""
    bio: str = ""
    is_admin: bool = False
    is_banned: bool = False
    ban_reason: str | None = None
    followers: set[int] = field(default_factory=set)
    following: set[int] = field(default_factory=set)
    created_at: float = field(default_factory=_now)

    def to_dict(self, *, private: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name or self.username,
            "bio": self.bio,
            "is_admin": self.is_admin,
            "is_banned": self.is_banned,
            "followers_count": len(self.followers),
            "following_count": len(self.following),
            "created_at": self.created_at,
        }
        if private:
            data["email"] = self.email
            data["ban_reason"] = self.ban_reason
        return data


@dataclass
class Post:
    """A short text post, optionally with media attachments."""

    id: int
    author_id: int
    content: str
    visibility: str = "public"
    hashtags: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    media_ids: list[int] = field(default_factory=list)
    like_count: int = 0
    comment_count: int = 0
    repost_of: int | None = None
    pinned: bool = False
    edit_history: list[str] = field(default_factory=list)
    edited_at: float | None = None
    created_at: float = field(default_factory=_now)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "author_id": self.author_id,
            "content": self.content,
            "visibility": self.visibility,
            "hashtags": list(self.hashtags),
            "mentions": list(self.mentions),
            "media_ids": list(self.media_ids),
            "like_count": self.like_count,
            "comment_count": self.comment_count,
            "repost_of": self.repost_of,
            "pinned": self.pinned,
            "edited": self.edited_at is not None,
            "created_at": self.created_at,
        }


@dataclass
class Comment:
    """A (possibly nested) comment on a post."""

    id: int
    post_id: int
    author_id: int
    body: str
    parent_id: int | None = None
    depth: int = 0
    created_at: float = field(default_factory=_now)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "post_id": self.post_id,
            "author_id": self.author_id,
            "body": self.body,
            "parent_id": self.parent_id,
            "depth": self.depth,
            "created_at": self.created_at,
        }


@dataclass
class Like:
    """A user liking a post; ``id`` is synthetic."""

    id: int
    user_id: int
    post_id: int
    created_at: float = field(default_factory=_now)


@dataclass
class MediaAsset:
    """An uploaded file and its transcoding state."""

    id: int
    owner_id: int
    filename: str
    content_type: str
    size_bytes: int
    checksum: str
    status: str = "pending"
    variants: list[str] = field(default_factory=list)
    error: str | None = None
    created_at: float = field(default_factory=_now)

    @property
    def kind(self) -> str:
        return self.content_type.split("/", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "owner_id": self.owner_id,
            "filename": self.filename,
            "content_type": self.content_type,
            "kind": self.kind,
            "size_bytes": self.size_bytes,
            "checksum": self.checksum,
            "status": self.status,
            "variants": list(self.variants),
            "error": self.error,
            "created_at": self.created_at,
        }


@dataclass
class Stream:
    """A live video stream."""

    id: int
    owner_id: int
    title: str
    stream_key: str
    status: str = "live"
    viewer_ids: set[int] = field(default_factory=set)
    peak_viewers: int = 0
    started_at: float = field(default_factory=_now)
    ended_at: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "owner_id": self.owner_id,
            "title": self.title,
            "status": self.status,
            "viewers": len(self.viewer_ids),
            "peak_viewers": self.peak_viewers,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
        }


@dataclass
class ChatMessage:
    """A chat line posted into a live stream."""

    id: int
    stream_id: int
    author_id: int
    body: str
    created_at: float = field(default_factory=_now)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "stream_id": self.stream_id,
            "author_id": self.author_id,
            "body": self.body,
            "created_at": self.created_at,
        }
