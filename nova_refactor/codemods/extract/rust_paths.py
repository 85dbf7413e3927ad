"""Where a `crate::`/`super::` path of a moved Rust file really leads, before extract-service
classifies it (rust_service.py): the module that defines the name, not the parent `mod.rs`
the path goes through.

Three shapes Nova's `user-service` has that a two-segment look-up got wrong:

- `use super::{OAuthError, ..};` at the top of `services/oauth/apple.rs`: `super` is the
  parent module, `crate::services::oauth`; written out, the path is classified like any other
  (the service's own, the shared library's, or refused because it stays in the monolith);
- `use crate::db::{oauth_repo, user_repo};`: one statement naming two modules with two owners
  (the service and the shared library): split into one `use` per item, on the same line, so
  that each is pointed at its crate and every later line keeps its number;
- `use crate::middleware::UserId;` where `middleware/mod.rs` stays in the monolith but only
  re-exports `pub use jwt_auth::{JwtAuthMiddleware, UserId};`: the name is the child's, so the
  path becomes `crate::middleware::jwt_auth::UserId` (the child's owner then decides); the
  same for the crate root's `pub use config::Config;` (`crate::Config`).

Text-level like the rest of extract: the compiler judges the result in the transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

Owners = dict[tuple[str, ...], tuple[str, str]]  # module parts -> (owner, file)

CRATE_PATH = re.compile(r"\bcrate::(\w+(?:::\w+)*)")
_TOP_SUPER = re.compile(r"^((?:pub(?:\([^)]*\))? )?use )((?:super::)+)", re.M)
_GROUP_USE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<vis>(?:pub(?:\([^)]*\))? )?)use crate::(?P<path>\w+(?:::\w+)*)::"
    r"\{(?P<items>[^{}]*)\};", re.M)
_REEXPORT = re.compile(r"^\s*pub use (?:self::)?(\w+)::((?:\w+::)*)(\{[^{}]*\}|\w+);", re.M)


@dataclass(frozen=True, slots=True)
class Resolved:
    """A `crate::` path's module: its owner, its file, and the path as it must be written
    (`segments` differ from the source's when a re-export was followed)."""

    owner: str
    file: str
    segments: tuple[str, ...]
    followed: bool = False


def absolute_super(text: str, parts: tuple[str, ...]) -> str:
    """Top-level `use super::..` (and `super::super::..`) written from the crate root: the
    parent stays where it is in the new crate only if it moves too, which the `crate::` path's
    classification then decides."""
    def absolute(match: re.Match[str]) -> str:
        up = match.group(2).count("super::")
        parent = parts[:-up] if up < len(parts) else ()
        return match.group(1) + "crate::" + "".join(f"{p}::" for p in parent)

    return _TOP_SUPER.sub(absolute, text) if len(parts) > 1 else text


def split_groups(text: str, owners: Owners, service: str) -> str:
    """`use crate::a::{b, c};` whose `a` is not the service's own: one `use` per item, so
    each item goes to its owner's crate. A group with `self`, `*` or a nested group stays
    whole (its refusal names it)."""
    def split(match: re.Match[str]) -> str:
        path = tuple(match.group("path").split("::"))
        found = longest(owners, path)
        items = [i.strip() for i in match.group("items").split(",") if i.strip()]
        if (found is not None and found[1][0] == service) or not items or \
                any(i == "self" or "*" in i for i in items):
            return match.group(0)
        head = f"{match.group('vis')}use crate::{match.group('path')}::"
        uses = " ".join(f"{head}{item};" for item in items)
        return match.group("indent") + uses + "\n" * match.group(0).count("\n")

    return _GROUP_USE.sub(split, text)


def longest(owners: Owners, segments: tuple[str, ...]) -> tuple[int, tuple[str, str]] | None:
    """The longest prefix of `segments` that is a module the proposal names."""
    for size in range(len(segments), 0, -1):
        if segments[:size] in owners:
            return size, owners[segments[:size]]
    return None


def resolve(root: Path, owners: Owners, segments: tuple[str, ...]) -> Resolved | None:
    """The module `crate::<segments>` names; through a parent's `pub use child::Name` when
    the parent is not a module that moves on its own (an entrypoint's `mod.rs`)."""
    found = longest(owners, segments)
    if found is None:
        return _at_the_root(root, owners, segments)
    size, (owner, file) = found
    if owner != "entrypoint" or size == len(segments):
        return Resolved(owner, file, segments)
    unlisted = _module_file(root, segments[:size + 1])
    if unlisted:  # a module file the proposal does not name (in no group)
        return Resolved("", unlisted, segments)
    child = _reexported_by(root / file, segments[size])
    if child is None:
        return Resolved(owner, file, segments)
    deeper = segments[:size] + child + segments[size:]
    inner = longest(owners, deeper)
    if inner is None or inner[0] <= size:
        return Resolved(owner, file, segments)
    return Resolved(inner[1][0], inner[1][1], deeper, followed=True)


def _at_the_root(root: Path, owners: Owners, segments: tuple[str, ...]) -> Resolved | None:
    """`crate::Config` where lib.rs (or main.rs) says `pub use config::Config;`."""
    for crate_root in ("src/lib.rs", "src/main.rs"):
        child = _reexported_by(root / crate_root, segments[0])
        found = longest(owners, child + segments) if child is not None else None
        if child is not None and found is not None:
            owner, file = found[1]
            return Resolved(owner, file, child + segments, followed=True)
    return None


def _module_file(root: Path, parts: tuple[str, ...]) -> str:
    """`src/a/b.rs` or `src/a/b/mod.rs` when that file exists, else ""."""
    stem = "src/" + "/".join(parts)
    return next((p for p in (f"{stem}.rs", f"{stem}/mod.rs") if (root / p).is_file()), "")


def _reexported_by(module: Path, name: str) -> tuple[str, ...] | None:
    """The child path (`("jwt_auth",)`) a `mod.rs` re-exports `name` from, if it does."""
    if not module.is_file():
        return None
    for match in _REEXPORT.finditer(module.read_text(encoding="utf-8")):
        last = match.group(3)
        names = [i.strip() for i in last.strip("{}").split(",")] if last.startswith("{") \
            else [last]
        if name in names:
            middle = tuple(p for p in match.group(2).split("::") if p)
            return (match.group(1), *middle)
    return None


def undeclared_in(root: Path, parts: tuple[str, ...]) -> str:
    """The parent file (`src/services/mod.rs`) when it declares no `mod <last>;`: the file
    is not compiled (Nova: `// pub mod clickhouse_feature_extractor;  // TODO`). "" when it
    is declared, or when its parent cannot be told (no such file: an inline parent)."""
    if len(parts) == 1:
        parents = ["src/lib.rs", "src/main.rs"]
    else:
        folder = "src/" + "/".join(parts[:-1])
        parents = [f"{folder}/mod.rs", f"{folder}.rs"]
    found = [p for p in parents if (root / p).is_file()]
    declared = re.compile(rf"^[ \t]*(?:pub(?:\([^)]*\))?[ \t]+)?mod[ \t]+{parts[-1]}[ \t]*[;{{]",
                          re.M)
    if not found or any(declared.search((root / p).read_text(encoding="utf-8")) for p in found):
        return ""
    return found[0]
