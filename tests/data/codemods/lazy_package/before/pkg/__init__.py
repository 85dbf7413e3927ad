"""A package with PEP 562 lazy attributes that raise KeyError for unknown names (chainlit)."""

import importlib

_LAZY = {"shout": ".helpers"}


def __getattr__(name):
    return getattr(importlib.import_module(_LAZY[name], __name__), name)
