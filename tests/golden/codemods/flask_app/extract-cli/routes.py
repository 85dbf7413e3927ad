"""The web app object, request hooks, error handlers and every route.

Split out of `main.py` by nova-refactor (extract-cli).
"""

from __future__ import annotations

from flask import Flask


# -- app and routes -------------------------------------------------------------------
app = Flask("main")
