"""The Rust frontend: tree-sitter-rust, one parse per file.

`analyze_rust` is loaded on first use: tree-sitter is a tenth of a Python run's start-up, and
the analyses import light modules of this package (`callkeys`) on every run.
"""

from __future__ import annotations

from typing import Any

__all__ = ["analyze_rust"]


def __getattr__(name: str) -> Any:
    if name == "analyze_rust":
        from nova_refactor.frontends.rust.frontend import analyze_rust

        return analyze_rust
    raise AttributeError(name)
