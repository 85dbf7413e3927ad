"""Domain services for Nova.

Each service receives the repository and the cache client in its constructor
so the entrypoint can wire them up (and tests can build isolated instances).
The shared exception hierarchy lives here; the HTTP layer maps it to status
codes.
"""

from __future__ import annotations


class ServiceError(Exception):
    """Base class for domain errors surfaced to API clients."""

    status_code = 400
    code = "service_error"

    def __init__(self, message: str, *, details: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class ValidationError(ServiceError):
    status_code = 400
    code = "validation_error"


class NotFoundError(ServiceError):
    status_code = 404
    code = "not_found"


class ConflictError(ServiceError):
    status_code = 409
    code = "conflict"


class PermissionDeniedError(ServiceError):
    status_code = 403
    code = "forbidden"


class RateLimitedError(ServiceError):
    status_code = 429
    code = "rate_limited"


__all__ = [
    "ConflictError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitedError",
    "ServiceError",
    "ValidationError",
]
