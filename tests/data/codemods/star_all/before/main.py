"""Declares its public names; another module star-imports them."""

import threading

from flask import Flask

__all__ = ["app", "LOCK", "greet"]

LOCK = threading.Lock()
_secret = "s3"
app = Flask(__name__)


@app.route("/hi")
def greet():
    return "hi"


def helper():
    return _secret
