"""`use` declarations: flattened to (path, bound name) leaves, resolved, pruned and rendered.

A leaf is what one name of a `use` brings into scope: `use std::sync::{Arc, atomic::Ordering
as O};` gives (`std::sync::Arc`, `Arc`) and (`std::sync::atomic::Ordering`, `O`); `self` in a
list binds the list's prefix; a glob binds `*`. Paths are made absolute against the file's
module (`super::x` in `crate::a::b` is `crate::a::x`) so that they can be written anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tree_sitter import Node

from nova_refactor.frontends.rust.syntax import text, walk


@dataclass(frozen=True, slots=True)
class Leaf:
    path: str  # absolute path: crate::a::B, std::sync::Arc, tokio::sync::watch
    name: str  # the name it binds here, "*" for a glob

    def render(self) -> str:
        if self.name == "*":
            return f"use {self.path}::*;"
        if self.path.rpartition("::")[2] == self.name:
            return f"use {self.path};"
        return f"use {self.path} as {self.name};"


def leaves(declaration: Node, module: str) -> list[Leaf]:
    """The leaves of one `use_declaration` written in `module` (`crate`, `crate::a`)."""
    argument = declaration.child_by_field_name("argument")
    return list(_leaves(argument, "", module)) if argument is not None else []


def _leaves(node: Node, prefix: str, module: str) -> Iterator[Leaf]:
    kind = node.type
    if kind == "use_list":
        for child in node.named_children:
            yield from _leaves(child, prefix, module)
    elif kind == "scoped_use_list":
        yield from _scoped_leaves(node, prefix, module)
    elif kind == "use_as_clause":
        path = _join(prefix, text(node.child_by_field_name("path")))
        yield Leaf(absolute(path, module), text(node.child_by_field_name("alias")))
    elif kind == "use_wildcard":
        star = next((c for c in node.named_children), None)
        yield Leaf(absolute(_join(prefix, text(star)), module), "*")
    elif kind == "self":
        yield Leaf(absolute(prefix, module), prefix.rpartition("::")[2])
    elif kind in ("identifier", "scoped_identifier", "crate", "super"):
        path = _join(prefix, text(node))
        yield Leaf(absolute(path, module), path.rpartition("::")[2])


def _scoped_leaves(node: Node, prefix: str, module: str) -> Iterator[Leaf]:
    """`a::b::{c, d}`: the list's leaves under the path."""
    head = node.child_by_field_name("path")
    inner = _join(prefix, text(head)) if head is not None else prefix
    items = node.child_by_field_name("list")
    if items is not None:
        yield from _leaves(items, inner, module)


def _join(prefix: str, rest: str) -> str:
    return f"{prefix}::{rest}" if prefix and rest else prefix or rest


def absolute(path: str, module: str) -> str:
    """`self::x`, `super::x` and `crate::x` against `module`; other paths are extern crates or
    `crate`-relative names written without a prefix (2018 edition: both stay as written)."""
    parts = path.split("::")
    base = module.split("::")
    if parts[0] == "self":
        return "::".join(base + parts[1:])
    while parts and parts[0] == "super":
        base = base[:-1] or ["crate"]
        parts = parts[1:]
    if len(base) != len(module.split("::")):
        return "::".join(base + parts)
    return path


# Traits whose methods need the trait in scope: a name search cannot see them being used.
TRAIT_METHODS = {
    "Parser": ("parse", "try_parse", "parse_from", "try_parse_from"),
    "StructOpt": ("from_args",), "FromStr": ("from_str",),
    "AsyncReadExt": ("read", "read_exact", "read_to_end", "read_to_string"),
    "AsyncWriteExt": ("write_all", "flush", "shutdown"),
    "Read": ("read_to_string", "read_exact", "read_to_end"),
    "Write": ("write_all", "flush", "write_fmt"), "BufRead": ("lines", "read_line"),
    "StreamExt": ("next", "for_each"), "SinkExt": ("send",), "FutureExt": ("boxed",),
}


def traits_needed(code: str) -> set[str]:
    """Trait names whose methods `code` calls (`Cli::parse()`, `.write_all(..)`)."""
    return {trait for trait, methods in TRAIT_METHODS.items()
            if any(f"::{m}(" in code or f".{m}(" in code for m in methods)}


def binds_no_name(leaf: Leaf) -> bool:
    """A glob (`use a::*`), whose names are not known here, or an anonymous import (`use
    std::ops::Deref as _`), which is only there for a trait's methods: no use of a name tells
    whether code needs it, so every copy keeps it (the compiler prunes it when unused)."""
    return leaf.name in ("*", "_")


def may_be_trait(name: str) -> bool:
    """A `use` leaf whose methods may be called without naming it: a type-like name (traits
    are CamelCase). Lower-case leaves (functions, modules, macros) are needed only by name."""
    return name[:1].isupper()


def defined_names(root: Node) -> set[str]:
    """Names of the items a file defines at its top (functions, structs, enums, ...)."""
    return {text(n.child_by_field_name("name")) for n in root.named_children
            if n.type.endswith("_item") and n.child_by_field_name("name") is not None}


def attributes(declaration: Node) -> str:
    """The attributes written above a `use` (`#[cfg(feature = "kafka")]`), one per line, to
    go with its copy: without them a copied import names what the build may not have."""
    found: list[str] = []
    node = declaration.prev_named_sibling
    while node is not None and node.type == "attribute_item":
        found.insert(0, text(node) + "\n")
        node = node.prev_named_sibling
    return "".join(found)


def declarations(root: Node) -> list[Node]:
    return [n for n in root.named_children if n.type == "use_declaration"]


def used_names(node: Node, skip: Iterable[Node] = ()) -> set[str]:
    """Names the code under `node` may refer to: identifiers, type names, macro names
    (`try_join!` needs `use futures::try_join;`), outside the nodes in `skip` (the `use`
    declarations themselves). `env!` also keeps a `use std::env`: a harmless extra."""
    skipped = {(n.start_byte, n.end_byte) for n in skip}
    names: set[str] = set()
    for child in walk(node):
        if child.type in ("identifier", "type_identifier") and not _inside(child, skipped):
            names.add(text(child))
    return names


def _inside(node: Node, spans: set[tuple[int, int]]) -> bool:
    parent: Node | None = node
    while parent is not None:
        if (parent.start_byte, parent.end_byte) in spans and parent.type == "use_declaration":
            return True
        parent = parent.parent
    return False


def render_tree(kept: list[Leaf]) -> str:
    """One declaration for leaves that came from one, nested as such declarations are written:
    `use user_service::{cache::FeedCache, db::{create_pool, run_migrations}, jobs::{self, Job}};`
    (removing leaves from a declaration keeps the rest of its shape)."""
    if len(kept) == 1:
        return kept[0].render()
    entries = [(_parts(leaf), leaf) for leaf in kept]
    return f"use {_wrap(_items(entries))};"


def _parts(leaf: Leaf) -> list[str]:
    parts = leaf.path.split("::")
    return [*parts, "*"] if leaf.name == "*" else parts


def _items(entries: list[tuple[list[str], Leaf]]) -> list[str]:
    out = []
    for head in dict.fromkeys(parts[0] for parts, _ in entries):
        group = [(parts, leaf) for parts, leaf in entries if parts[0] == head]
        if len(group) == 1:
            out.append(_terminal(*group[0]))
            continue
        inner = [_self_item(leaf, head) for parts, leaf in group if len(parts) == 1]
        inner += _items([(parts[1:], leaf) for parts, leaf in group if len(parts) > 1])
        out.append(f"{head}::{_wrap(inner)}")
    return out


def _wrap(items: list[str]) -> str:
    return items[0] if len(items) == 1 else "{" + ", ".join(items) + "}"


def _terminal(parts: list[str], leaf: Leaf) -> str:
    written = "::".join(parts)
    if leaf.name == "*" or parts[-1] == leaf.name:
        return written
    return f"{written} as {leaf.name}"


def _self_item(leaf: Leaf, head: str) -> str:
    return "self" if leaf.name == head else f"self as {leaf.name}"
