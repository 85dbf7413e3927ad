"""One tree-sitter query over the parsed file: the nodes every fact-finder needs, by type.

The query runs in C; walking every node of a large file in Python would cost more than the
parse. Fact-finders read these buckets instead of walking the tree again.

Every pattern is a single node: a pattern that waits for a field (`operator:`, `condition:`) or
a sibling keeps one pending match per open ancestor, and the query cursor steps through all of
them at each node. On a chain of binary operators (`a + a + ... + a`: each one the left child
of the next) that is quadratic: 20,000 terms took 22 s. Those conditions are checked here, in
Python, on the few nodes they concern.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from operator import attrgetter

import tree_sitter_rust
from tree_sitter import Language, Node, Query, QueryCursor

from nova_refactor.frontends.rust.syntax import text

KINDS = (
    "line_comment", "block_comment", "string_literal", "raw_string_literal", "char_literal",
    "function_item", "impl_item", "trait_item",
    "if_expression", "while_expression", "for_expression", "match_arm", "match_block",
    "try_expression", "match_pattern", "binary_expression", "macro_invocation", "call_expression",
    "field_declaration", "static_item", "type_item", "use_declaration", "mod_item",
    "let_declaration", "expression_statement", "struct_item", "enum_item", "const_item",
    "macro_definition", "token_tree",
)
# Each kind captured under its own name: the captures come back bucketed by kind, with no
# Python step per node (they do not come in source order: each bucket is sorted).
PATTERNS = "\n".join(f"({kind}) @{kind}" for kind in KINDS)
LOGICAL = frozenset({"&&", "||"})
# Two nodes of one kind start together only when one is the other's first operand (`a.b().c()`,
# `a && b || c`, `x??`): these kinds order the outer one first, every other kind is ordered by
# its start alone (a key read in C: the sort then takes half the time).
NESTED_FIRST = frozenset({"call_expression", "binary_expression", "try_expression"})
_start = attrgetter("start_byte")
_end = attrgetter("end_byte")


@lru_cache(maxsize=1)
def _query() -> Query:
    return Query(Language(tree_sitter_rust.language()), PATTERNS)


class Index:
    """Nodes of one tree by type, each list in source order. `identifier` holds only the names
    of macros invoked inside other macros' token trees (`info!` in `select! { .. }`)."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self.by_type: dict[str, list[Node]] = QueryCursor(_query()).captures(root)
        # the conditions a single-node pattern cannot say (see above)
        for kind, wanted in (("binary_expression", _logical), ("match_pattern", _guarded)):
            self.by_type[kind] = [node for node in self.by_type.get(kind, []) if wanted(node)]
        self.by_type["identifier"] = _invoked_names(self, self.by_type.pop("token_tree", []))
        for kind, nodes in self.by_type.items():
            if kind in NESTED_FIRST:  # by start, the outer of two starting together first:
                nodes.sort(key=_end, reverse=True)  # two stable sorts on keys read in C take
            nodes.sort(key=_start)  # two thirds of the time of one on a (start, -end) tuple
        self._macro_names: list[str] | None = None

    @cached_property
    def source(self) -> bytes:
        """The file's bytes (the tree's: a copy made once, for the readers that scan them)."""
        return self.root.text or b""

    def macro_names(self) -> list[str]:
        """The name each macro invocation is written with (`tracing::info`), in the order of
        `nodes("macro_invocation")`: read once for the fact-finders that ask (imports, macro
        bodies)."""
        if self._macro_names is None:
            self._macro_names = [text(m.child_by_field_name("macro"))
                                 for m in self.nodes("macro_invocation")]
        return self._macro_names

    def nodes(self, *types: str) -> list[Node]:
        found = [self.by_type[kind] for kind in types if self.by_type.get(kind)]
        if len(found) == 1:  # one kind present (most files have no block comment): in order
            return found[0]
        return sorted((n for nodes in found for n in nodes), key=_start)


def _guarded(node: Node) -> bool:
    return node.child_by_field_name("condition") is not None


def _invoked_names(index: Index, trees: list[Node]) -> list[Node]:
    """The macro names in `trees`; only a token tree with a `!` in it can hold one (303 of the
    9,635 of Nova's backend): the others' children are not listed."""
    source = index.source if trees else b""
    return [name for tree in trees if source.find(b"!", tree.start_byte, tree.end_byte) >= 0
            for name in _macro_names(tree)]


def _logical(node: Node) -> bool:
    operator = node.child_by_field_name("operator")
    return operator is not None and operator.type in LOGICAL


def _macro_names(token_tree: Node) -> list[Node]:
    """The identifiers directly followed by `!` among a token tree's children (`info!` in
    `select! { .. }`): what `(token_tree (identifier) @n . "!")` captured."""
    children = token_tree.children
    return [child for child, after in zip(children, children[1:], strict=False)
            if child.type == "identifier" and after.type == "!"]
