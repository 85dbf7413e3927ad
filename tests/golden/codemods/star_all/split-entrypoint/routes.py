"""The web app object, request hooks, error handlers and every route.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

from flask import Flask

app = Flask("main")


@app.route("/hi")
def greet():
    return "hi"
