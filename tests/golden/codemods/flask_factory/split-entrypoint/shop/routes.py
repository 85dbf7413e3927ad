"""The web app object, request hooks, error handlers and every route.

Split out of `shop/__init__.py` by nova-refactor (split-entrypoint).
"""

import os

from flask import Flask

from . import app_state
from .app_state import AUDIT

app = Flask("shop")


def shout(text):
    return str(text).upper()


def create_app(config=None, store=None):
    app_state.datastore = store if store is not None else {"queue": [], "files": {"a.mp4": 3}}
    settings = dict(config or {})
    prefix = settings.get("title", "shop")

    def audit(event):
        # used by two groups: stays in the factory and is passed to both
        AUDIT.append(f"{prefix}:{event}")

    # imported when called: each module registers its routes on the app and imports this module
    from .routes_queue import register_queue
    register_queue(app, audit, prefix)

    from .routes_files import register_files
    register_files(app, prefix)

    from .routes_admin import register_admin
    register_admin(app, audit, prefix)

    app.config["READY"] = True
    return app


def main():
    create_app({"title": "cli"}).run(port=int(os.environ.get("PORT", "5000")))
