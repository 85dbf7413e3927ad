"""The file that defines a Rust route's handler, from the path the route names it by.

Routes are registered where the App or Router is built (often `main.rs`), naming the handler
through `use` aliases and module paths: `stream_routes::publish_event` after
`use crate::handlers::{streams as stream_routes}`. Each segment but the last is followed
through the registering file's `use` items (by alias, on the import edges analysis already
resolved) or as a child module (`x.rs` or `x/mod.rs` where a `mod x;` there would point), to
the module file that holds the function.
"""

from __future__ import annotations

from collections.abc import Iterable

from nova_refactor.model import FileFacts, ImportEdge, Language


class HandlerFiles:
    def __init__(self, files: Iterable[FileFacts], imports: Iterable[ImportEdge]) -> None:
        rust = {f.path: f for f in files if f.language == Language.RUST}
        # (file, local name) -> (line, name as written at the source) of a `use` leaf
        self.local = _use_leaves(rust.values())
        self.files = set(rust)
        self.edges: dict[tuple[str, int, str], str] = {}
        for edge in imports:
            if edge.source in rust:
                for name in edge.names:
                    self.edges.setdefault((edge.source, edge.line, name), edge.target)

    def file_of(self, registered_in: str, handler: str) -> str | None:
        """The file defining `handler` (a `::` path used in `registered_in`), when a path of
        more than one segment leads to a project module, or a bare name was brought in by a
        `use` leaf; None otherwise (a bare name of the file's own function, or unknown)."""
        *modules, function = [p for p in handler.split("::") if p]
        if not modules:
            return self._imported(registered_in, function)
        current = registered_in
        for segment in modules:
            step = self._step(current, segment)
            if step is None:
                return None
            current = step
        return current if modules else None

    def _imported(self, file: str, name: str) -> str | None:
        """Where a `use` leaf of `file` brings `name` from (Lemmy's `lib.rs` registers
        `like_comment` after `use lemmy_api::{comment::{like::like_comment}}`)."""
        used = self.local.get((file, name))
        return self.edges.get((file, *used)) if used is not None else None

    def _step(self, file: str, segment: str) -> str | None:
        if segment == "crate" or segment == "self":
            return file if segment == "self" else None
        used = self.local.get((file, segment))
        if used is not None and (target := self.edges.get((file, *used))):
            return target
        return self._child(file, segment)

    def _child(self, file: str, name: str) -> str | None:
        """Where `mod name;` in `file` points: next to main.rs/lib.rs/mod.rs, else in the
        folder named after the file (Rust 2018 layout)."""
        folder, _, leaf = file.rpartition("/")
        stem = leaf.removesuffix(".rs")
        if stem not in ("main", "lib", "mod"):
            folder = f"{folder}/{stem}" if folder else stem
        prefix = f"{folder}/" if folder else ""
        return next((c for c in (f"{prefix}{name}.rs", f"{prefix}{name}/mod.rs")
                     if c in self.files), None)


def _use_leaves(files: Iterable[FileFacts]) -> dict[tuple[str, str], tuple[int, str]]:
    local: dict[tuple[str, str], tuple[int, str]] = {}
    for facts in files:
        for spec in facts.imports:
            asnames = spec.asnames or ("",) * len(spec.names)
            for name, alias in zip(spec.names, asnames, strict=False):
                local.setdefault((facts.path, alias or name), (spec.line, name))
    return local
