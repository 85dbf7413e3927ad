"""A small Flask service: config, state, hooks, blueprints, conditional routes, CLI."""

from __future__ import annotations

import argparse
import sys as _sys
import types as _types

import app_state
import routes
from routes import app


# -- cli ------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mini", description="Mini service.")
    parser.add_argument("--limit", type=int, default=app_state.LIMIT, help="request limit")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("routes", help="print the URL map")
    return parser


def cli_main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "routes":
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            print(rule.rule, rule.endpoint)
        return 0
    return 2


# nova-refactor: split facade -- every name that moved out lives in one home module; reading,
# rebinding (monkeypatch) or deleting `main.NAME` reaches that home: one source of truth.
_HOMES = (app_state, routes)


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
    raise SystemExit(cli_main())
