"""A karaoke-style server: `main()` builds the player and binds it through `global`.

The shape of pikaraoke's app.py: `k` is bound only inside `main()` (never at module level),
every route reads it, and `main()` starts a worker thread before serving.
"""

import argparse
import importlib.metadata
import logging
import sys as _sys
import threading

from flask import Flask, jsonify

app = Flask(__name__)
log = logging.getLogger(__name__)
admin_password = None


class Player:
    def __init__(self, volume):
        self.volume = volume
        self.queue = []
        self.ready = threading.Event()

    def run(self):
        self.ready.set()


def is_admin():
    return admin_password is None


@app.route("/queue")
def queue():
    return jsonify(queue=k.queue, admin=is_admin())


@app.route("/enqueue/<song>")
def enqueue(song):
    k.queue.append(song)
    return jsonify(ok=True, size=len(k.queue))


@app.route("/volume/<int:level>")
def volume(level):
    k.volume = level
    return jsonify(volume=k.volume)


def package_version():
    try:
        return importlib.metadata.version("flask")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def restart_helper():
    import importlib  # a local import: it must not stand in for the module-level one

    return importlib.__name__


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="karaoke")
    parser.add_argument("--volume", type=int, default=5)
    parser.add_argument("--admin-password")
    parser.add_argument("--serve", action="store_true")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(_sys.argv[1:] if argv is None else argv)
    global admin_password
    admin_password = args.admin_password
    global k
    k = Player(args.volume)
    worker = threading.Thread(target=k.run, daemon=True)
    worker.start()
    k.ready.wait(5)
    if args.serve:
        app.run()
    return k


if __name__ == "__main__":
    main()
