"""Configuration, logging set-up and process-wide shared state.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""
STOCK = {"apple": 3}
