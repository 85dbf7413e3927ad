"""Configuration, logging set-up and process-wide shared state.

Split out of `pkg/__init__.py` by nova-refactor (split-entrypoint).
"""
STORE = {}
