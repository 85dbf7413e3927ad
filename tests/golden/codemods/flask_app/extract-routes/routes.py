"""The web app object, request hooks, error handlers and every route.

Split out of `main.py` by nova-refactor (extract-routes).
"""

from __future__ import annotations

import os
import threading

from flask import Blueprint, Flask, g, jsonify, url_for

# -- config ---------------------------------------------------------------------------
APP_NAME = "mini"
ENABLE_BETA = os.environ.get("MINI_BETA", "1") == "1"
LIMIT = int(os.environ.get("MINI_LIMIT", "3"))

# -- state ----------------------------------------------------------------------------
COUNTER_LOCK = threading.Lock()
hits = 0  # rebound by the after_request hook
EVENTS: list[str] = []


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
    global hits
    with COUNTER_LOCK:
        hits += 1
    return response


@app.errorhandler(ApiError)
def api_error(exc: ApiError):
    return jsonify(error=str(exc)), 400


@app.route("/", endpoint="home")
def index():
    return jsonify(app=APP_NAME, me=url_for("home"), limit=LIMIT)


def health():
    return jsonify(ok=True, hits=hits)


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
