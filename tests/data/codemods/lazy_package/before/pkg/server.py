"""The server: state, an app, routes, and a trailing import that imports it back."""

from flask import Flask

from pkg.helpers import shout

SOCKET_PATH = "/ws"
app = Flask(__name__)
sio = {"path": SOCKET_PATH}


@app.route("/")
def index():
    return shout("hello")


@app.route("/path")
def path():
    return sio["path"]


if __name__ == "__main__":
    app.run()

import pkg.socket  # noqa: E402,F401
