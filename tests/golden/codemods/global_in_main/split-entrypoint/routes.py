"""The web app object, request hooks, error handlers and every route.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

from flask import Flask, jsonify

import app_state
from app_state import is_admin

app = Flask("main")


@app.route("/queue")
def queue():
    return jsonify(queue=app_state.k.queue, admin=is_admin())


@app.route("/enqueue/<song>")
def enqueue(song):
    app_state.k.queue.append(song)
    return jsonify(ok=True, size=len(app_state.k.queue))


@app.route("/volume/<int:level>")
def volume(level):
    app_state.k.volume = level
    return jsonify(volume=app_state.k.volume)
