"""Configuration, logging set-up and process-wide shared state.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

import threading

LOCK = threading.Lock()
_secret = "s3"


def helper():
    return _secret
