"""Configuration, logging set-up and process-wide shared state.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

import os

DEBUG = os.environ.get("SVC_DEBUG", "0") == "1"
STARTED: list[str] = []
items: dict[int, str] = {1: "one"}


def get_items() -> dict[int, str]:
    return items
