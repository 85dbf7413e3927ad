"""The web app object, request hooks, error handlers and every route.

Split out of `main.py` by nova-refactor (extract-routes).
"""

from __future__ import annotations

from flask import Blueprint, Flask, g, jsonify, url_for

import app_state
from app_state import APP_NAME, COUNTER_LOCK, ENABLE_BETA, EVENTS


def record(event: str) -> None:
    """Append to the in-process event log."""
    EVENTS.append(event)


# -- app and routes -------------------------------------------------------------------
app = Flask("main")


class ApiError(Exception):
    pass


@app.before_request
def stamp() -> None:
    g.seen = True
    record("before")


@app.after_request
def count(response):
    with COUNTER_LOCK:
        app_state.hits += 1
    return response


@app.errorhandler(ApiError)
def api_error(exc: ApiError):
    return jsonify(error=str(exc)), 400


@app.route("/", endpoint="home")
def index():
    return jsonify(app=APP_NAME, me=url_for("home"), limit=app_state.LIMIT)


def health():
    return jsonify(ok=True, hits=app_state.hits)


app.add_url_rule("/health", view_func=health, methods=["GET"])

if ENABLE_BETA:

    @app.get("/beta")
    def beta():
        return jsonify(beta=True)


admin = Blueprint("admin", "main", url_prefix="/admin")


@admin.route("/events")
def events():
    return jsonify(events=EVENTS)


app.register_blueprint(admin)
