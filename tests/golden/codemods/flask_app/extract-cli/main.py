"""A small Flask service: config, state, hooks, blueprints, conditional routes, CLI."""

from __future__ import annotations

import os
import threading

from flask import Blueprint, g, jsonify, url_for
import sys as _sys
import types as _types

import app_state
import routes
import cli
from routes import app
from cli import cli_main

# -- config ---------------------------------------------------------------------------
APP_NAME = "mini"
ENABLE_BETA = os.environ.get("MINI_BETA", "1") == "1"

# -- state ----------------------------------------------------------------------------
COUNTER_LOCK = threading.Lock()
hits = 0  # rebound by the after_request hook
EVENTS: list[str] = []


def record(event: str) -> None:
    """Append to the in-process event log."""
    EVENTS.append(event)


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
    return jsonify(app=APP_NAME, me=url_for("home"), limit=app_state.LIMIT)


def health():
    return jsonify(ok=True, hits=hits)


app.add_url_rule("/health", view_func=health, methods=["GET"])

if ENABLE_BETA:

    @app.get("/beta")
    def beta():
        return jsonify(beta=True)


admin = Blueprint("admin", __name__, url_prefix="/admin")


@admin.route("/events")
def events():
    return jsonify(events=EVENTS)


app.register_blueprint(admin)

# nova-refactor: split facade -- every name that moved out lives in one home module; reading,
# rebinding (monkeypatch) or deleting `main.NAME` reaches that home: one source of truth.
_HOMES = (app_state, routes, cli)


def _home(name: str) -> _types.ModuleType:
    for home in _HOMES:
        if not name.startswith("__") and name in vars(home):
            return home
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _forward(name: str, home: _types.ModuleType) -> property:
    return property(
        lambda _: getattr(home, name),
        lambda _, value: setattr(home, name, value),
        lambda _: delattr(home, name),
    )


def __getattr__(name: str) -> object:
    return getattr(_home(name), name)


_MOVED = {n for h in _HOMES for n in vars(h) if not n.startswith("__")} - set(globals())
_sys.modules[__name__].__class__ = type(
    "_Facade", (_types.ModuleType,), {n: _forward(n, _home(n)) for n in _MOVED}
)
__all__ = sorted(  # what `from main import *` exported before the split
    n for n in _MOVED | set(globals()) - {m.__name__.rpartition(".")[2] for m in _HOMES}
    if not n.startswith("_")
)


if __name__ == "__main__":
    raise SystemExit(cli_main())
