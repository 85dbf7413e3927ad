"""Expressions inside macros that hold expressions: `tokio::join!(a.get(), b.lock())`,
`tokio::select! { v = rx.recv() => handle(v), .. }`, `try_join!`, `futures::join!`, and the
arguments of std's formatting macros (`format!("{}", hub.count().await)`, `println!`,
`write!`, `panic!`, ...: a format string, then expressions or `name = expr`).

tree-sitter leaves a macro's arguments as a flat token tree, so the calls and lock
acquisitions in them would be invisible. Each such token tree is parsed again as code: its
top-level separators (`,`, `=>`, select's `else`) become statement ends, so every argument and
branch is an expression statement (`pat = fut` an assignment), inside a function written into
the blanked text before it. Blanking keeps every byte and line where it was, so the reparsed
nodes carry the original file's positions and lines; their enclosing function is found by
position (`functions.innermost`).
"""

from __future__ import annotations

from functools import lru_cache

from tree_sitter import Node, Parser, Range

from nova_refactor.frontends.rust.index import Index
from nova_refactor.frontends.rust.syntax import parser, text, walk

EXPRESSION_MACROS = frozenset({"join", "try_join", "select", "select_biased",
                               # std's formatting macros: their arguments are expressions
                               "format", "print", "println", "eprint", "eprintln", "write",
                               "writeln", "format_args", "panic", "assert", "assert_eq",
                               "assert_ne", "debug_assert", "debug_assert_eq", "debug_assert_ne"})
WRAPPER = b"fn __nova_macro(){"
MAX_DEPTH = 3  # a select! inside a join! inside a select!: deeper is not written by hand
_BLANK = bytes(0x0A if b == 0x0A else 0x20 for b in range(256))  # newlines kept, all else blank
_SEPARATORS = {",": b";", "=>": b"; ", "else": b"    "}


def macro_calls(source: bytes, index: Index) -> list[Node]:
    """The `call_expression` nodes inside expression macros' bodies, reparsed."""
    found: list[Node] = []
    pending = [(m, 0) for m in index.nodes("macro_invocation")]
    while pending:
        macro, depth = pending.pop()
        tree = _body(macro)
        if tree is None or depth >= MAX_DEPTH:
            continue
        root = _reparse(source, tree)
        if root is None:
            continue
        for node in walk(root):
            if node.start_byte < tree.start_byte:
                continue
            if node.type == "call_expression":
                found.append(node)
            elif node.type == "macro_invocation":
                pending.append((node, depth + 1))
    return sorted(found, key=lambda n: n.start_byte)


def _body(macro: Node) -> Node | None:
    name = text(macro.child_by_field_name("macro")).rsplit("::", 1)[-1]
    if name not in EXPRESSION_MACROS:
        return None
    return next((c for c in macro.children if c.type == "token_tree"), None)


def _reparse(source: bytes, tree: Node) -> Node | None:
    """The token tree's content parsed as statements, at the same byte offsets."""
    start, end = tree.start_byte + 1, tree.end_byte - 1
    prefix = _blank_with_wrapper(source[:start])
    if prefix is None:
        return None
    body = bytearray(source[start:end])
    for child in tree.children[1:-1]:
        replacement = _separator(child)
        if replacement is not None:
            at = child.start_byte - start
            body[at:child.end_byte - start] = replacement.ljust(child.end_byte - child.start_byte)
    document = bytes(prefix) + bytes(body) + b";}"
    # Only the wrapper and the body are lexed: the blanked prefix before a macro near the end
    # of a large file was most of the parsing (Nova's backend: 3,288 reparses, 2.2 s of 7.8).
    wrapper = _range(document, prefix.index(WRAPPER[:1]), _wrapper_end(prefix))
    return _ranged_parse(document, [wrapper, _range(document, start, len(document))])


def _wrapper_end(prefix: bytearray) -> int:
    return prefix.index(WRAPPER[-1:]) + 1  # `{` is the wrapper's last byte, and its only one


def _range(document: bytes, start: int, end: int) -> Range:
    return Range(_point(document, start), _point(document, end), start, end)


def _point(document: bytes, at: int) -> tuple[int, int]:
    row = document.count(b"\n", 0, at)
    return row, at - (document.rfind(b"\n", 0, at) + 1)


@lru_cache(maxsize=1)
def _ranged_parser() -> Parser:
    return Parser(parser().language)  # not the shared parser: its ranges are the whole file


def _ranged_parse(document: bytes, ranges: list[Range]) -> Node:
    ranged = _ranged_parser()
    ranged.included_ranges = ranges
    return ranged.parse(document).root_node


def _blank_with_wrapper(prefix: bytes) -> bytearray | None:
    """`prefix` as blanks (newlines kept) with `fn __nova_macro(){` written into them."""
    blank = bytearray(prefix.translate(_BLANK))
    slots: list[int] = []
    for at, byte in enumerate(blank):
        if len(slots) == len(WRAPPER):
            break
        if byte != 0x0A:
            slots.append(at)
    if len(slots) < len(WRAPPER):
        return None  # no room before it for the function around it
    for at, char in zip(slots, WRAPPER, strict=True):
        blank[at] = char
    return blank


def _separator(token: Node) -> bytes | None:
    if token.type in _SEPARATORS:
        return _SEPARATORS[token.type]
    if token.type == "identifier" and text(token) == "else":
        return _SEPARATORS["else"]
    return None
