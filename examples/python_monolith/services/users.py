"""User accounts, authentication and the follow graph."""

from __future__ import annotations

import hashlib
import hmac
import json
import re

from models import User
from services import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from storage import FakeRedis, Repository

USERNAME_RE = re.compile(r"^[a-z0-9_]{3,32}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
PROFILE_CACHE_TTL = 60.0
EDITABLE_FIELDS = ("display_name", "bio", "email")


class UserService:
    """Registration, login, profiles and follows."""

    def __init__(
        self, repo: Repository, cache: FakeRedis, *, hash_iterations: int = 1_000
    ) -> None:
        self.repo = repo
        self.cache = cache
        self.hash_iterations = hash_iterations

    # -- passwords -----------------------------------------------------------
    def _hash_password(self, password: str, salt: str) -> str:
        digest = hashlib.pbkdf2_hmac(
            "sha256", password.encode(), salt.encode(), self.hash_iterations
        )
        return f"pbkdf2${salt}${digest.hex()}"

    def _verify_password(self, password: str, stored: str) -> bool:
        try:
            _, salt, _ = stored.split("$", 2)
        except ValueError:
            return False
        return hmac.compare_digest(self._hash_password(password, salt), stored)

    # -- accounts ------------------------------------------------------------
    def register(
        self,
        username: str,
        email: str,
        password: str,
        *,
        display_name: str = "",
        is_admin: bool = False,
    ) -> User:
        username = (username or "").strip().lower()
        email = (email or "").strip()
        if not USERNAME_RE.match(username):
            raise ValidationError(
                "username must be 3-32 chars of a-z, 0-9 or _",
                details={"field": "username"},
            )
        if not EMAIL_RE.match(email):
            raise ValidationError("invalid email address", details={"field": "email"})
        if len(password or "") < 8:
            raise ValidationError(
                "password must be at least 8 characters", details={"field": "password"}
            )
        with self.repo.transaction():
            if self.repo.find_one("users", username=username) is not None:
                raise ConflictError(f"username {username!r} is taken")
            if self.repo.find_one("users", email=email) is not None:
                raise ConflictError("email already registered")
            user_id = self.repo.next_id("users")
            user = User(
                id=user_id,
                username=username,
                email=email,
                password_hash=self._hash_password(password, f"salt{user_id:06d}"),
                display_name=display_name.strip(),
                is_admin=is_admin,
            )
            self.repo.put("users", user)
        return user

    def authenticate(self, username: str, password: str) -> User:
        user = self.repo.find_one("users", username=(username or "").strip().lower())
        if user is None or not self._verify_password(
            password or "", user.password_hash
        ):
            raise PermissionDeniedError("invalid credentials")
        if user.is_banned:
            raise PermissionDeniedError(
                "account is banned", details={"reason": user.ban_reason}
            )
        return user

    def get(self, user_id: int) -> User:
        user = self.repo.get("users", user_id)
        if user is None:
            raise NotFoundError(f"user {user_id} not found")
        return user

    def find_by_username(self, username: str) -> User | None:
        return self.repo.find_one("users", username=username.lower())

    def list_users(self, *, include_banned: bool = False) -> list[User]:
        return self.repo.filter("users", lambda u: include_banned or not u.is_banned)

    def update_profile(self, user_id: int, **fields: str) -> User:
        unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
        if unknown:
            raise ValidationError(f"fields not editable: {', '.join(unknown)}")
        if "email" in fields and not EMAIL_RE.match(fields["email"] or ""):
            raise ValidationError("invalid email address", details={"field": "email"})
        if len(fields.get("bio") or "") > 280:
            raise ValidationError(
                "bio is limited to 280 characters", details={"field": "bio"}
            )
        self.get(user_id)
        user = self.repo.update(
            "users", user_id, **{k: (v or "").strip() for k, v in fields.items()}
        )
        self.cache.delete(f"profile:{user_id}")
        return user

    def delete(self, user_id: int) -> None:
        user = self.get(user_id)
        with self.repo.transaction():
            for other_id in user.followers | user.following:
                other = self.repo.get("users", other_id)
                if other is not None:
                    other.followers.discard(user_id)
                    other.following.discard(user_id)
            self.repo.delete("users", user_id)
        self.cache.delete(f"profile:{user_id}")

    def ban(self, user_id: int, reason: str) -> User:
        user = self.get(user_id)
        if user.is_admin:
            raise PermissionDeniedError("administrators cannot be banned")
        self.repo.update(
            "users", user_id, is_banned=True, ban_reason=reason or "unspecified"
        )
        self.cache.delete(f"profile:{user_id}")
        return user

    # -- follow graph --------------------------------------------------------
    def follow(self, follower_id: int, followee_id: int) -> bool:
        """Follow ``followee_id``; returns ``False`` if already following."""
        if follower_id == followee_id:
            raise ValidationError("you cannot follow yourself")
        with self.repo.transaction():
            follower, followee = self.get(follower_id), self.get(followee_id)
            if followee.is_banned:
                raise NotFoundError(f"user {followee_id} not found")
            if followee_id in follower.following:
                return False
            follower.following.add(followee_id)
            followee.followers.add(follower_id)
        self.cache.delete(f"profile:{follower_id}", f"profile:{followee_id}")
        return True

    def unfollow(self, follower_id: int, followee_id: int) -> bool:
        with self.repo.transaction():
            follower, followee = self.get(follower_id), self.get(followee_id)
            if followee_id not in follower.following:
                return False
            follower.following.discard(followee_id)
            followee.followers.discard(follower_id)
        self.cache.delete(f"profile:{follower_id}", f"profile:{followee_id}")
        return True

    def followers(self, user_id: int) -> list[User]:
        user = self.get(user_id)
        return [
            u
            for u in (self.repo.get("users", uid) for uid in sorted(user.followers))
            if u is not None
        ]

    def following(self, user_id: int) -> list[User]:
        user = self.get(user_id)
        return [
            u
            for u in (self.repo.get("users", uid) for uid in sorted(user.following))
            if u is not None
        ]

    def profile(self, user_id: int) -> dict:
        """Public profile, served from the cache when warm."""
        key = f"profile:{user_id}"
        cached = self.cache.get(key)
        if cached is not None:
            return json.loads(cached)
        user = self.get(user_id)
        data = user.to_dict()
        data["post_count"] = len(
            self.repo.filter("posts", lambda p: p.author_id == user_id)
        )
        self.cache.set(key, json.dumps(data), ex=PROFILE_CACHE_TTL)
        return data
