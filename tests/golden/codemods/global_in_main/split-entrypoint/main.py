"""A karaoke-style server: `main()` builds the player and binds it through `global`.

The shape of pikaraoke's app.py: `k` is bound only inside `main()` (never at module level),
every route reads it, and `main()` starts a worker thread before serving.
"""

import sys as _sys_2
import types as _types

import app_state
import routes
import cli
from cli import main

# nova-refactor: split facade -- every name that moved out lives in one home module; reading,
# rebinding (monkeypatch) or deleting `main.NAME` reaches that home: one source of truth.
_HOMES = (app_state, routes, cli)


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
_sys_2.modules[__name__].__class__ = type(
    "_Facade", (_types.ModuleType,), {n: _forward(n, _home(n)) for n in _MOVED} | {"k": _forward("k", app_state)}
)
__all__ = sorted(  # what `from main import *` exported before the split
    n for n in _MOVED | set(globals()) - {m.__name__.rpartition(".")[2] for m in _HOMES}
    if not n.startswith("_")
)


if __name__ == "__main__":
    main()
