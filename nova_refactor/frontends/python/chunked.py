"""`ast.parse` of a large file, one run of top-level statements at a time.

CPython's parser holds its tokens, memo and C-level tree next to the Python tree it builds:
parsing a 2 MB file at once peaked at about 450 MB. Parsed in pieces of about 64 KB, only one
piece's parser state is alive at a time and the peak is little more than the tree itself.

A piece starts on a line that begins in column 0 with code (not a comment, blank line or
closing bracket). A cut in a bad place — inside a string or brackets, between `if` and
`else:`, after a decorator or a backslash — leaves a piece that does not parse, and then the
whole file is parsed at once, as before. A cut anywhere else yields the same statements as
parsing the file whole (line numbers shifted back), so the tree is the same.
"""

from __future__ import annotations

import ast

CHUNKED_FROM = 256 * 1024  # characters; smaller files are parsed at once
PIECE = 64 * 1024
_NOT_A_START = frozenset(" \t\f#)]}\r\n\\")


def parse(text: str, filename: str) -> ast.Module:
    """As `ast.parse(text, filename)`, with a lower peak of memory on large files."""
    if len(text) >= CHUNKED_FROM and "\n" in text:
        tree = _in_pieces(text, filename)
        if tree is not None:
            return tree
    return ast.parse(text, filename=filename)


def _in_pieces(text: str, filename: str) -> ast.Module | None:
    module: ast.Module | None = None
    for first_line, piece in _pieces(text):
        try:
            part = ast.parse(piece, filename=filename)
        except SyntaxError:
            return None  # a cut in a bad place: the caller parses the whole file
        if module is None:
            module = part
            continue
        if any(isinstance(s, ast.ImportFrom) and s.module == "__future__" for s in part.body):
            return None  # only legal at the top of the file: let the whole parse judge it
        ast.increment_lineno(part, first_line - 1)
        module.body.extend(part.body)
        module.type_ignores.extend(part.type_ignores)
    return module


def _pieces(text: str) -> list[tuple[int, str]]:
    """(number of the piece's first line, its text) in order, joined back they are `text`."""
    lines = text.split("\n")
    pieces, start, size = [], 0, 0
    for index, line in enumerate(lines):
        if size >= PIECE and line and line[0] not in _NOT_A_START:
            pieces.append((start + 1, "\n".join(lines[start:index]) + "\n"))
            start, size = index, 0
        size += len(line) + 1
    pieces.append((start + 1, "\n".join(lines[start:])))
    return pieces
