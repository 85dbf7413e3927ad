"""A small Flask service: config, state, hooks, blueprints, conditional routes, CLI."""

from __future__ import annotations

import argparse
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
app = Flask(__name__)


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


admin = Blueprint("admin", __name__, url_prefix="/admin")


@admin.route("/events")
def events():
    return jsonify(events=EVENTS)


app.register_blueprint(admin)


# -- cli ------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mini", description="Mini service.")
    parser.add_argument("--limit", type=int, default=LIMIT, help="request limit")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("routes", help="print the URL map")
    return parser


def cli_main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "routes":
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            print(rule.rule, rule.endpoint)
        return 0
    return 2


if __name__ == "__main__":
    raise SystemExit(cli_main())
