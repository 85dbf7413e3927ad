"""Nova backend - application entrypoint.

This file started as a 150-line Flask prototype and kept growing: it now
holds configuration, logging setup, process-wide shared state, every HTTP
route (v1, v2, admin, streaming), the background workers and the operator
CLI. It is the Python twin of the Rust service's ``main.rs`` and the reason
the nova-refactor tool exists.

Run ``python main.py --help`` for the command line interface.
"""

from __future__ import annotations

import sys as _sys
import types as _types

import app_state
import app_services
import background
import routes
import routes_users
import routes_posts
import routes_media
import routes_analytics
import cli
from cli import main

# nova-refactor: split facade -- every name that moved out lives in one home module; reading,
# rebinding (monkeypatch) or deleting `main.NAME` reaches that home: one source of truth.
_HOMES = (app_state, app_services, background, routes, routes_users, routes_posts, routes_media, routes_analytics, cli)


def _home(name: str) -> _types.ModuleType:
    for home in _HOMES:
        if not name.startswith("__") and name in vars(home):
            return home
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _forward(name: str, home: _types.ModuleType) -> property:
    return property(
        lambda _: getattr(home, name),
        lambda _, value: setattr(home, name, value),
        lambda _: delattr(home, name),
    )


def __getattr__(name: str) -> object:
    return getattr(_home(name), name)


_MOVED = {n for h in _HOMES for n in vars(h) if not n.startswith("__")} - set(globals())
_sys.modules[__name__].__class__ = type(
    "_Facade", (_types.ModuleType,), {n: _forward(n, _home(n)) for n in _MOVED}
)
__all__ = sorted(  # what `from main import *` exported before the split
    n for n in _MOVED | set(globals()) - {m.__name__.rpartition(".")[2] for m in _HOMES}
    if not n.startswith("_")
)


if __name__ == "__main__":
    main()
