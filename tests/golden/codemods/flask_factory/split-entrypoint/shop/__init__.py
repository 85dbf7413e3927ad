"""A shop whose app factory defines every route as a closure, changedetection.io-style."""

import sys as _sys
import types as _types

from . import app_state
from . import routes
from . import routes_queue
from . import routes_files
from . import routes_admin
from .routes import main

# nova-refactor: split facade -- every name that moved out lives in one home module; reading,
# rebinding (monkeypatch) or deleting `shop.NAME` reaches that home: one source of truth.
_HOMES = (app_state, routes, routes_queue, routes_files, routes_admin)


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
__all__ = sorted(  # what `from shop import *` exported before the split
    n for n in _MOVED | set(globals()) - {m.__name__.rpartition(".")[2] for m in _HOMES}
    if not n.startswith("_")
)


if __name__ == "__main__":
    main()
