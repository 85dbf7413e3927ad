"""`syntax.descendants` finds in C what a walk from the top finds, in the same order: the fact-
finders that moved from `walk` to it (anatomy, locks, routes, receivers) read the same nodes."""

from __future__ import annotations

from pathlib import Path

import pytest

from nova_refactor.frontends.rust.syntax import (
    descendants,
    parse,
    walk,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SOURCES = sorted(EXAMPLES.glob("rust_*/**/*.rs"))


@pytest.mark.parametrize("kinds", [
    ("call_expression",), ("call_expression", "macro_invocation"), ("await_expression",),
    ("field_initializer", "shorthand_field_initializer"), ("let_declaration", "function_item"),
])
def test_descendants_are_what_a_walk_meets(kinds: tuple[str, ...]) -> None:
    assert SOURCES, "the Rust examples are missing"
    for source in SOURCES:
        root = parse(source.read_bytes()).root_node
        for node in [root, *root.named_children]:
            walked = [n for n in walk(node) if n.type in kinds]
            assert descendants(node, *kinds) == walked, (source, node.type, kinds)


def test_a_kind_in_neither_query_is_refused() -> None:
    """It would be looked for in the query that does not capture it, and never found."""
    root = parse(b"fn main() { if a { b() } }").root_node
    with pytest.raises(ValueError, match="if_expression"):
        descendants(root, "if_expression")
    with pytest.raises(ValueError, match="identifier"):
        descendants(root, "call_expression", "identifier")
