"""Configuration, logging set-up and process-wide shared state.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

DEFAULT_NAME = "world"
calls = 0


def bump() -> int:
    global calls
    calls += 1
    return calls
