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
from pathlib import Path

from nova_refactor.codemods.extract.moves import Moved


def already_there(crates: Path, modules: list[tuple[str, str]]) -> list[str]:
    """The proposal paths (old, new) whose new file an earlier run wrote: `crates` is the
    folder `libs/` is under."""
    return [old for old, new in modules if (crates / new).is_file()]


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


def rewritten_not_created(moved: Moved, crates: Path, paths: list[str]) -> None:
    """lib.rs and Cargo.toml of a library that exists are rewritten, not created (a created
    file that exists with other content is a conflict)."""
    moved.created = [p for p in moved.created if p not in paths or not (crates / p).is_file()]
