"""The Rust frontend: tree-sitter-rust, one parse per file."""

from nova_refactor.frontends.rust.frontend import analyze_rust

__all__ = ["analyze_rust"]
