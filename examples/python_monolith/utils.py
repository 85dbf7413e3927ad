"""Small helpers shared by the Nova services and the application entrypoint.

Nothing in here touches global state: pagination, slugs, cursors, time
formatting and tokenisation only.
"""

from __future__ import annotations

import base64
import re
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

T = TypeVar("T")

_SLUG_STRIP = re.compile(r"[^\w\s-]")
_SLUG_COLLAPSE = re.compile(r"[-\s_]+")
_WORD_RE = re.compile(r"[#@]?[\w']+")


def slugify(value: str, max_length: int = 64) -> str:
    """Return an ASCII, lowercase, dash separated slug for ``value``."""
    normalized = (
        unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    )
    cleaned = _SLUG_STRIP.sub("", normalized).strip().lower()
    slug = _SLUG_COLLAPSE.sub("-", cleaned).strip("-")
    return slug[:max_length].rstrip("-")


def utcnow() -> datetime:
    """Timezone-aware "now" in UTC."""
    return datetime.now(UTC)


def now_ts() -> float:
    """Current UNIX timestamp (float seconds)."""
    return time.time()


def iso(ts: float | None) -> str | None:
    """Format a UNIX timestamp as an ISO-8601 UTC string (``None`` passes through)."""
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, tz=UTC).isoformat(timespec="seconds")


def parse_iso(value: str) -> float:
    """Parse an ISO-8601 string back into a UNIX timestamp."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def humanize_seconds(seconds: float) -> str:
    """Render a duration like ``1h 02m 03s``."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m {secs:02d}s"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def clamp(value: int, low: int, high: int) -> int:
    """Clamp ``value`` into ``[low, high]``."""
    return max(low, min(high, value))


def parse_int(
    value: Any, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Parse an integer query parameter; ``ValueError`` on garbage or range errors."""
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected an integer, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ValueError(f"value must be >= {minimum}")
    if maximum is not None and number > maximum:
        raise ValueError(f"value must be <= {maximum}")
    return number


def parse_pagination(
    args: Mapping[str, Any], default_per_page: int = 20, max_per_page: int = 100
) -> tuple[int, int]:
    """Extract ``(page, per_page)`` from request arguments."""
    page = parse_int(args.get("page"), 1, minimum=1)
    per_page = parse_int(
        args.get("per_page"), default_per_page, minimum=1, maximum=max_per_page
    )
    return page, per_page


def paginate(items: Sequence[T], page: int, per_page: int) -> dict[str, Any]:
    """Slice ``items`` into a page and describe it."""
    total = len(items)
    pages = max(1, -(-total // per_page))
    start = (page - 1) * per_page
    return {
        "items": list(items[start : start + per_page]),
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": pages,
        "has_next": page < pages,
        "has_prev": page > 1,
    }


def encode_cursor(value: int) -> str:
    """Opaque cursor for keyset pagination."""
    return base64.urlsafe_b64encode(f"id:{value}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """Inverse of :func:`encode_cursor`; raises ``ValueError`` for tampered cursors."""
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        raw = base64.urlsafe_b64decode(padded.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        raise ValueError("malformed cursor") from None
    prefix, _, number = raw.partition(":")
    if prefix != "id" or not number.isdigit():
        raise ValueError("malformed cursor")
    return int(number)


def chunked(iterable: Iterable[T], size: int) -> Iterator[list[T]]:
    """Yield lists of at most ``size`` items."""
    if size <= 0:
        raise ValueError("size must be positive")
    batch: list[T] = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens, with ``#``/``@`` prefixes stripped."""
    return [word.lstrip("#@").lower() for word in _WORD_RE.findall(text)]
