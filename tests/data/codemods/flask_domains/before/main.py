"""A flat Flask app whose routes come in domains (queue, files, admin), pikaraoke-style."""

import os

from flask import Flask, jsonify, redirect, url_for

app = Flask(__name__)
QUEUE = []
FILES = {"a.mp4": 3}
SEEN = []


@app.before_request
def count():
    SEEN.append(1)


def is_admin():
    return os.environ.get("ADMIN") == "1"


@app.route("/")
def home():
    return jsonify(queue=len(QUEUE), files=len(FILES), admin=is_admin())


@app.route("/queue")
def queue():
    return jsonify(QUEUE)


@app.route("/queue/add/<song>")
def queue_add(song):
    QUEUE.append(song)
    return redirect(url_for("queue"))


@app.route("/queue/clear")
def queue_clear():
    QUEUE.clear()
    return redirect(url_for("home"))


def file_size(name):
    return FILES.get(name, 0)


@app.route("/files")
def files():
    return jsonify(sorted(FILES))


@app.route("/files/<name>")
def file_info(name):
    return jsonify(name=name, size=file_size(name))


@app.route("/files/<name>/delete")
def file_delete(name):
    FILES.pop(name, None)
    return redirect(url_for("files"))


@app.route("/admin")
def admin():
    return jsonify(admin=is_admin(), seen=len(SEEN))


@app.route("/admin/reset")
def admin_reset():
    QUEUE.clear()
    return redirect(url_for("admin"))


def main():
    app.run(port=int(os.environ.get("PORT", "5000")))


if __name__ == "__main__":
    main()
