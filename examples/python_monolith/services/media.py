"""Media uploads and (simulated) transcoding."""

from __future__ import annotations

import hashlib
import os

import utils
from models import MediaAsset
from services import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from storage import FakeRedis, Repository

ALLOWED_CONTENT_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "video/mp4": ".mp4",
    "video/webm": ".webm",
    "audio/mpeg": ".mp3",
}
VARIANTS_BY_KIND = {
    "image": ["thumb_150", "medium_800", "original"],
    "video": ["preview_gif", "480p", "720p", "1080p"],
    "audio": ["preview_30s", "128kbps", "320kbps"],
}
DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024


class MediaService:
    """Registers uploads, de-duplicates them and drives transcoding."""

    def __init__(
        self,
        repo: Repository,
        cache: FakeRedis,
        *,
        max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    ) -> None:
        self.repo = repo
        self.cache = cache
        self.max_upload_bytes = max_upload_bytes

    def register_upload(
        self, owner_id: int, filename: str, content_type: str, data: bytes
    ) -> MediaAsset:
        """Validate and store an upload.

        Identical bytes from the same owner return the existing asset.
        """
        owner = self.repo.get("users", owner_id)
        if owner is None:
            raise NotFoundError(f"user {owner_id} not found")
        if owner.is_banned:
            raise PermissionDeniedError("banned users cannot upload")
        content_type = (content_type or "").lower().split(";")[0].strip()
        if content_type not in ALLOWED_CONTENT_TYPES:
            raise ValidationError(
                f"unsupported content type {content_type or '<missing>'!r}"
            )
        if not data:
            raise ValidationError("upload is empty")
        if len(data) > self.max_upload_bytes:
            raise ValidationError(f"upload exceeds {self.max_upload_bytes} bytes")
        stem, ext = os.path.splitext(os.path.basename(filename or "upload"))
        safe_name = (utils.slugify(stem) or "upload") + (
            ext.lower() or ALLOWED_CONTENT_TYPES[content_type]
        )
        checksum = hashlib.sha256(data).hexdigest()
        with self.repo.transaction():
            duplicate = self.repo.find_one(
                "media", owner_id=owner_id, checksum=checksum
            )
            if duplicate is not None:
                return duplicate
            asset = MediaAsset(
                id=self.repo.next_id("media"),
                owner_id=owner_id,
                filename=safe_name,
                content_type=content_type,
                size_bytes=len(data),
                checksum=checksum,
            )
            self.repo.put("media", asset)
        self.cache.incr("media:uploaded_bytes", len(data))
        return asset

    def get(self, asset_id: int) -> MediaAsset:
        asset = self.repo.get("media", asset_id)
        if asset is None:
            raise NotFoundError(f"media {asset_id} not found")
        return asset

    def list_for_owner(self, owner_id: int) -> list[MediaAsset]:
        return self.repo.filter("media", lambda a: a.owner_id == owner_id)

    def transcode(
        self, asset_id: int, *, requested_by: int | None = None
    ) -> MediaAsset:
        """Run the simulated transcoder: pending -> processing -> ready|failed."""
        asset = self.get(asset_id)
        if requested_by is not None and requested_by != asset.owner_id:
            raise PermissionDeniedError("only the owner can transcode this asset")
        if asset.status == "processing":
            raise ConflictError("asset is already being transcoded")
        if asset.status == "ready":
            return asset
        self.repo.update("media", asset_id, status="processing", error=None)
        variants = VARIANTS_BY_KIND.get(asset.kind)
        if not variants:
            self.repo.update(
                "media",
                asset_id,
                status="failed",
                error=f"no pipeline for {asset.kind}",
            )
            return asset
        # Tiny files cannot produce the larger renditions.
        if asset.kind == "video" and asset.size_bytes < 1024:
            variants = [v for v in variants if v in ("preview_gif", "480p")]
        self.repo.update("media", asset_id, status="ready", variants=list(variants))
        self.cache.incr("media:transcoded")
        return asset

    def delete(self, asset_id: int, actor_id: int, *, is_admin: bool = False) -> None:
        asset = self.get(asset_id)
        if asset.owner_id != actor_id and not is_admin:
            raise PermissionDeniedError("only the owner can delete this asset")
        in_use = self.repo.filter("posts", lambda p: asset_id in p.media_ids)
        if in_use:
            raise ConflictError(
                "asset is attached to posts",
                details={"post_ids": [p.id for p in in_use]},
            )
        self.repo.delete("media", asset_id)

    def usage(self) -> dict[str, int]:
        assets = self.repo.all("media")
        return {
            "assets": len(assets),
            "bytes": sum(a.size_bytes for a in assets),
            "ready": sum(1 for a in assets if a.status == "ready"),
            "pending": sum(1 for a in assets if a.status == "pending"),
        }
