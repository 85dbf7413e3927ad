"""Configuration, logging set-up and process-wide shared state.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

import importlib.metadata
import logging

log = logging.getLogger("main")
admin_password = None


def is_admin():
    return admin_password is None


def package_version():
    try:
        return importlib.metadata.version("flask")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def restart_helper():
    import importlib  # a local import: it must not stand in for the module-level one

    return importlib.__name__
