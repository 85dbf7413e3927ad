"""extract-common once more, after the user moved more modules to the proposal's `"shared"`
(Nova: `src/config/mod.rs`, whose child `video_config.rs` an earlier run already moved, so
that the services using `crate::config::Config` can be extracted).

The library then grows instead of being created: its `lib.rs` declares the modules already
there and the new ones, its manifest names the crates all of its code uses, and a moved file
that named the library from outside (`pub use user_common::config::video_config;`, written by
the earlier run in the parent that stayed) names it from inside again (`pub mod video_config;`
for its own child, `crate::` elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from nova_refactor.codemods.extract.moves import Moved

if TYPE_CHECKING:  # rust.py imports this module
    from nova_refactor.codemods.extract.rust import RustModule


def already_there(crates: Path, modules: list[RustModule], pending: list[RustModule]
                  ) -> list[str]:
    """The proposal paths of the modules an earlier run wrote to the library: `crates` is
    the folder `libs/` is under."""
    return [m.old_path for m in modules if m not in pending and (crates / m.new_path).is_file()]


def all_code(texts: dict[str, str], crates: Path, folder: str, there: list[str]
             ) -> dict[str, str]:
    """The moved files' texts, and the library's own when it exists (its manifest must keep
    the crates they name)."""
    return {**texts, f"{folder}/src": library_code(crates, folder)} if there else texts


def inside(text: str, crate: str, own: tuple[str, ...]) -> str:
    """A moved file's paths into the library, seen from the library: its own child's
    re-export is its `mod` declaration again, every other `<crate>::` is `crate::`."""
    own_path = "::".join((crate, *own))
    child = re.compile(rf"^(?P<vis>pub(?:\([^)]*\))? )?use {re.escape(own_path)}::(?P<name>\w+);",
                       re.M)
    text = child.sub(lambda m: f"{m.group('vis') or ''}mod {m.group('name')};", text)
    return re.sub(rf"\b{crate}::", "crate::", text)


def library_code(crates: Path, folder: str) -> str:
    """The library's Rust code as it is, for the crates its manifest must keep."""
    source = crates / folder / "src"
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(source.rglob("*.rs")))


def seen_from_inside(texts: dict[str, str], crate: str, there: list[str],
                     parts_of: Callable[[str], tuple[str, ...]]) -> dict[str, str]:
    """The moved files' texts as the library sees them, when it already exists (`parts_of`:
    a file's module path, rust.module_parts)."""
    if not there:
        return texts
    return {path: inside(text, crate, parts_of(path)) for path, text in texts.items()}


def grown(moved: Moved, crates: Path, folder: str, counts: tuple[int, int]) -> None:
    """A library that exists: lib.rs and Cargo.toml are rewritten, not created (a created file
    that exists with other content is a conflict), and the monolith already depends on it."""
    pending, there = counts
    if not there:
        return
    moved.texts.pop("Cargo.toml", None)
    rewritten = {f"{folder}/src/lib.rs", f"{folder}/Cargo.toml"}
    moved.created = [p for p in moved.created if p not in rewritten or not (crates / p).is_file()]
    moved.lines.append(f"{folder}: grows by {pending} module(s); {there} already there (an "
                       "earlier run)")
