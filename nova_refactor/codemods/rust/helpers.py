"""Free functions of `main.rs` that only moved code calls move with it, into the one module
that calls them (`fn limits()` used only by the start-up that went to app_state.rs). A helper
also called by what stays, by another module or by another item of `main.rs` stays."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from nova_refactor.frontends.rust.syntax import parse, text, walk


@dataclass(frozen=True, slots=True)
class Helper:
    name: str
    module: str
    start: int  # doc comments and attributes above it included
    end: int  # the newline after it included
    code: str


def movable_helpers(source: bytes, moved: dict[str, list[tuple[int, int]]]) -> list[Helper]:
    """`moved`: module -> byte spans of main.rs that went there."""
    root = parse(source).root_node
    found = []
    for item in root.named_children:
        home = _only_home(root, item, moved) if _candidate(item) else None
        if home is None:
            continue
        start = _lead(item)
        end = item.end_byte + (source[item.end_byte:item.end_byte + 1] == b"\n")
        found.append(Helper(_name(item), home, start, end,
                            source[start:item.end_byte].decode("utf-8")))
    return found


def _candidate(item: Node) -> bool:
    return item.type == "function_item" and _name(item) != "main" and not _attributed(item)


def _only_home(root: Node, item: Node, moved: dict[str, list[tuple[int, int]]]) -> str | None:
    """The one module every use of the helper went to; None when a use stays in main.rs or
    the uses went to several modules."""
    name = _name(item)
    homes = {_home(n.start_byte, moved) for n in walk(root) if n.type == "identifier" and
             text(n) == name and not item.start_byte <= n.start_byte < item.end_byte}
    return next(iter(homes)) if len(homes) == 1 else None


def _name(item: Node) -> str:
    return text(item.child_by_field_name("name"))


def _attributed(item: Node) -> bool:
    previous = item.prev_named_sibling
    return previous is not None and previous.type == "attribute_item"


def _home(at: int, moved: dict[str, list[tuple[int, int]]]) -> str | None:
    return next((module for module, spans in moved.items()
                 if any(start <= at < end for start, end in spans)), None)


def _lead(item: Node) -> int:
    start = item.start_byte
    previous = item.prev_named_sibling
    while previous is not None and previous.type == "line_comment" and \
            text(previous).startswith("///"):
        start = previous.start_byte
        previous = previous.prev_named_sibling
    return start


def without_self_import(module_text: str, helpers: list[Helper]) -> str:
    """The module defines the helper now: no `use crate::name;` for it."""
    for helper in helpers:
        module_text = re.sub(rf"^use crate::{helper.name};\n", "", module_text, flags=re.M)
    return module_text
