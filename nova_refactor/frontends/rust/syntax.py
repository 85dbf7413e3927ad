"""The tree-sitter parser for Rust and small helpers shared by every Rust fact-finder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

import tree_sitter_rust
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree


@lru_cache(maxsize=1)
def parser() -> Parser:
    return Parser(Language(tree_sitter_rust.language()))


class Hint:
    """Whether a file's bytes can hold what a fact-finder looks for: any of some plain words or
    patterns, each searched alone, a word by a substring scan and a pattern from its literal
    start. One regex alternating them all is tried at every byte: three times as long."""

    def __init__(self, words: tuple[bytes, ...], patterns: tuple[bytes, ...] = ()) -> None:
        self.words = words
        self.patterns = tuple(re.compile(pattern) for pattern in patterns)

    def search(self, source: bytes) -> bool:
        return any(word in source for word in self.words) or \
            any(pattern.search(source) for pattern in self.patterns)


def parse(data: bytes) -> Tree:
    return parser().parse(data)


# The kinds fact-finders look for under a node, in one query. Compiling a query costs 1.5 to
# 3.5 ms in each process that uses it, about what a walk in Python it replaces costs over a
# whole codebase: so every kind looked for this way is in this one, and no other is compiled.
STRUCTURE_KINDS = ("call_expression", "macro_invocation", "let_declaration", "await_expression",
                   "field_initializer", "shorthand_field_initializer", "function_item",
                   "impl_item", "mod_item")


@cache
def _query() -> Query:
    return Query(Language(tree_sitter_rust.language()),
                 " ".join(f"({kind}) @{kind}" for kind in STRUCTURE_KINDS))


def kinds_under(node: Node, *types: str) -> dict[str, list[Node]]:
    """The nodes of `types` (`STRUCTURE_KINDS`) under `node` (itself included), by kind; the
    walk is tree-sitter's, in C."""
    unknown = [kind for kind in types if kind not in STRUCTURE_KINDS]
    if unknown:  # a programming error: it would find nothing, silently
        raise ValueError(f"{unknown}: not in STRUCTURE_KINDS")
    found = QueryCursor(_query()).captures(node)
    return {kind: found[kind] for kind in types if kind in found}


def descendants(node: Node, *types: str) -> list[Node]:
    """The named nodes of `types` under `node` (itself included), in the order `walk` meets
    them: what `[n for n in walk(node) if n.type in types]` gives, found in C."""
    found = kinds_under(node, *types)
    # sorted even for one kind: a query's captures do not come in source order
    return sorted((n for kind in types for n in found.get(kind, ())), key=pre_order)


def pre_order(node: Node) -> tuple[int, int]:
    """The order of a walk from the top: by start, the outer of two nodes starting together
    (`f(a)(b)`) first."""
    return node.start_byte, -node.end_byte


def text(node: Node | None) -> str:
    # `node.text` slices a new bytes object at each access: read it once (152k calls)
    raw = node.text if node is not None else None
    return "" if raw is None else raw.decode("utf-8", "replace")


def line(node: Node) -> int:
    return node.start_point[0] + 1


def walk(node: Node) -> Iterator[Node]:
    """Every node below `node` (pre-order), without recursion: deep trees stay safe."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def strip_generics(type_text: str) -> str:
    """`Foo<T>` -> `Foo`, `crate::a::Foo<'a, T>` -> `crate::a::Foo`."""
    return type_text.split("<", 1)[0].strip()


def last_segment(path: str) -> str:
    return path.rsplit("::", 1)[-1]


def string_value(node: Node | None) -> str | None:
    """The value of a plain or raw string literal node, None for anything else."""
    if node is None or node.type not in ("string_literal", "raw_string_literal"):
        return None
    content = [c for c in node.children if c.type == "string_content"]
    return text(content[0]) if content else ""


def attributes_of(item: Node) -> list[Node]:
    """The `#[...]` attribute items written directly above `item`."""
    found = []
    sibling = item.prev_named_sibling
    while sibling is not None and sibling.type in ("attribute_item", "line_comment",
                                                    "block_comment"):
        if sibling.type == "attribute_item":
            found.append(sibling)
        sibling = sibling.prev_named_sibling
    return list(reversed(found))


def attribute_parts(attribute_item: Node) -> tuple[str, Node | None]:
    """(`get`, its token tree) for `#[get("/p")]`; (`tokio::main`, None) for `#[tokio::main]`."""
    attribute = next((c for c in attribute_item.named_children if c.type == "attribute"), None)
    if attribute is None:
        return "", None
    name = attribute.named_children[0] if attribute.named_children else None
    return text(name), attribute.child_by_field_name("arguments")
