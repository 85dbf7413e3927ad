"""Routes mostly under /analytics, cut out of routes.py by URL in source order.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

from __future__ import annotations

from flask import (
    Response,
    jsonify,
)
from services import PermissionDeniedError

import app_state
from app_state import is_admin_request
from routes import api_v2, app


@api_v2.route("/analytics/summary", methods=["GET"])
def analytics_summary() -> Response:
    if not is_admin_request():
        raise PermissionDeniedError("admin access required")
    return jsonify(data=app_state.analytics_service.summary())


app.register_blueprint(api_v2, url_prefix="/api/v2")
