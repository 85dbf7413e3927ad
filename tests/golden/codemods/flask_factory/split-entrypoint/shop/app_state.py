"""Configuration, logging set-up and process-wide shared state.

Split out of `shop/__init__.py` by nova-refactor (split-entrypoint).
"""
datastore = None
AUDIT = []
