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

from collections import defaultdict
from functools import lru_cache

import tree_sitter_rust
from tree_sitter import Language, Node, Query, QueryCursor

PATTERNS = """
[(line_comment) (block_comment)] @n
[(string_literal) (raw_string_literal) (char_literal)] @n
[(function_item) (impl_item) (trait_item)] @n
[(if_expression) (while_expression) (for_expression) (match_arm) (match_block)
 (try_expression)] @n
(match_pattern) @n
(binary_expression) @n
[(macro_invocation) (call_expression)] @n
[(field_declaration) (static_item) (type_item) (use_declaration) (mod_item)] @n
[(let_declaration) (expression_statement) (struct_item) (enum_item) (const_item)
 (macro_definition)] @n
(token_tree) @n
"""
LOGICAL = frozenset({"&&", "||"})


@lru_cache(maxsize=1)
def _query() -> Query:
    return Query(Language(tree_sitter_rust.language()), PATTERNS)


class Index:
    """Nodes of one tree by type, each list in source order. `identifier` holds only the names
    of macros invoked inside other macros' token trees (`info!` in `select! { .. }`)."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self.by_type: dict[str, list[Node]] = defaultdict(list)
        for node in QueryCursor(_query()).captures(root).get("n", []):
            kind = node.type
            if kind == "binary_expression":
                operator = node.child_by_field_name("operator")
                if operator is not None and operator.type in LOGICAL:
                    self.by_type[kind].append(node)
            elif kind == "match_pattern":
                if node.child_by_field_name("condition") is not None:
                    self.by_type[kind].append(node)
            elif kind == "token_tree":
                self.by_type["identifier"].extend(_macro_names(node))
            else:
                self.by_type[kind].append(node)
        for nodes in self.by_type.values():
            nodes.sort(key=lambda n: n.start_byte)

    def nodes(self, *types: str) -> list[Node]:
        if len(types) == 1:
            return self.by_type.get(types[0], [])
        found = [n for t in types for n in self.by_type.get(t, [])]
        return sorted(found, key=lambda n: n.start_byte)


def _macro_names(token_tree: Node) -> list[Node]:
    """The identifiers directly followed by `!` among a token tree's children (`info!` in
    `select! { .. }`): what `(token_tree (identifier) @n . "!")` captured."""
    children = token_tree.children
    return [child for child, after in zip(children, children[1:], strict=False)
            if child.type == "identifier" and after.type == "!"]
