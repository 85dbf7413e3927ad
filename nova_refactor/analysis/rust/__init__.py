"""Cross-file linking for Rust: the crate's module tree, routes under their mounts, handler files,
lock owners, hot paths.
"""
