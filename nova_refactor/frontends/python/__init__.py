"""The Python frontend: `ast` + radon on one parse per file.

`analyze_python` is loaded on first use, as the Rust frontend's is: the analyses import light
modules of this package (`locks`, `routes`) on every run, and a Rust tree never parses Python.
"""

from __future__ import annotations

from typing import Any

__all__ = ["analyze_python"]


def __getattr__(name: str) -> Any:
    if name == "analyze_python":
        from nova_refactor.frontends.python.frontend import analyze_python

        return analyze_python
    raise AttributeError(name)
