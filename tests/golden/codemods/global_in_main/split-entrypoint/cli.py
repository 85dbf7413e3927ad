"""The command line interface and the server start.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

import argparse
import sys as _sys
import threading

import app_state
from routes import app


class Player:
    def __init__(self, volume):
        self.volume = volume
        self.queue = []
        self.ready = threading.Event()

    def run(self):
        self.ready.set()


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="karaoke")
    parser.add_argument("--volume", type=int, default=5)
    parser.add_argument("--admin-password")
    parser.add_argument("--serve", action="store_true")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(_sys.argv[1:] if argv is None else argv)
    app_state.admin_password = args.admin_password
    app_state.k = Player(args.volume)
    worker = threading.Thread(target=app_state.k.run, daemon=True)
    worker.start()
    app_state.k.ready.wait(5)
    if args.serve:
        app.run()
    return app_state.k
