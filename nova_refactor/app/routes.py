"""`routes`: the HTTP route inventory as one document."""

from __future__ import annotations

from typing import Any

from nova_refactor.app.session import Session
from nova_refactor.codec import to_jsonable
from nova_refactor.model import Analysis

ROUTES_SCHEMA = "nova-refactor/routes/1"


def routes(session: Session) -> Analysis:
    return session.analysis()


def routes_document(result: Analysis) -> dict[str, Any]:
    """The JSON document of `routes --format json` (schema `nova-refactor/routes/1`)."""
    return {"schema": ROUTES_SCHEMA, "counted": result.summary.routes,
            "routes": to_jsonable(result.routes)}
