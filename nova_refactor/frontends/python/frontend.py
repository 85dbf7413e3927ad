"""Decode, parse once, and run every Python fact-finder on the shared index."""

from __future__ import annotations

import ast
import codecs
import io
import re
import tokenize
import warnings
from dataclasses import replace

from nova_refactor.frontends.python import chunked
from nova_refactor.frontends.python.anatomy import collect_anatomy
from nova_refactor.frontends.python.calls import collect_bindings, collect_calls
from nova_refactor.frontends.python.imports import collect_imports
from nova_refactor.frontends.python.index import hot_functions
from nova_refactor.frontends.python.locks import collect_locks, may_construct
from nova_refactor.frontends.python.metrics import (
    functions_and_classes,
    line_counts,
    maintainability,
    plain_line_counts,
)
from nova_refactor.frontends.python.routes import collect_routing
from nova_refactor.frontends.python.uses import with_handler_uses, with_uses
from nova_refactor.frontends.python.walk import walk_module
from nova_refactor.model import Diagnostic, FileFacts, Language, Severity

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=]", re.MULTILINE)  # PEP 263


def _declares_encoding(data: bytes) -> bool:
    return _COOKIE.search(b"\n".join(data.split(b"\n", 2)[:2])) is not None


def decode(rel_path: str, data: bytes) -> tuple[str | None, Diagnostic | None]:
    """Text per PEP 263 (coding cookie or BOM, else UTF-8), or why it cannot be read. A UTF-16
    or UTF-32 byte-order mark (editors on Windows write them) is honoured too."""
    wide = _wide_encoding(data)
    if wide:
        try:
            return data.decode(wide).removeprefix("\ufeff"), None
        except UnicodeDecodeError as err:
            return None, Diagnostic(rel_path, 0, f"invalid {wide} at byte {err.start}; file "
                                    "skipped")
    if b"\0" in data:
        return None, Diagnostic(rel_path, 0, "binary file (contains NUL bytes), skipped")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as err:
        if _declares_encoding(data):
            return None, Diagnostic(rel_path, err.lineno or 1,
                                    f"bad encoding declaration: {err.msg}")
        encoding = "utf-8"  # no declaration and not UTF-8: the decode below says where
    try:
        return data.decode(encoding).removeprefix("\ufeff"), None
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        message = f"invalid {encoding} byte 0x{data[err.start]:02x}; file skipped"
        return None, Diagnostic(rel_path, line, message)
    except LookupError:
        return None, Diagnostic(rel_path, 1, f"unknown encoding {encoding!r}; file skipped")


def _wide_encoding(data: bytes) -> str | None:
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE 00 00
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def analyze_python(rel_path: str, data: bytes, digest: str, script: bool = False) -> FileFacts:
    base = FileFacts(rel_path, Language.PYTHON, digest, len(data))
    text, problem = decode(rel_path, data)
    if text is None:
        return replace(base, diagnostics=(problem,) if problem else ())
    if not text.strip():
        note = Diagnostic(rel_path, 1, "empty file", Severity.NOTE)
        return replace(base, lines=plain_line_counts(text), maintainability=100.0,
                       diagnostics=(note,))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings of the analysed code are not ours
            tree = chunked.parse(text, rel_path)
    except SyntaxError as err:
        message = f"syntax error: {err.msg}; file measured by lines only"
        diagnostic = Diagnostic(rel_path, err.lineno or 1, message)
        return replace(base, lines=plain_line_counts(text), diagnostics=(diagnostic,))
    return _facts(base, rel_path, text, tree, script)


def _facts(base: FileFacts, rel_path: str, text: str, tree: ast.Module, script: bool) -> FileFacts:
    index, measures = walk_module(tree)
    counts, comment_lines = line_counts(text)
    routing = collect_routing(index)
    functions, classes = functions_and_classes(index, measures, routing.handlers)
    bindings = collect_bindings(index)
    return replace(
        base,
        lines=counts,
        maintainability=maintainability(measures, counts, comment_lines),
        functions=with_handler_uses(functions, index),
        classes=classes,
        imports=with_uses(collect_imports(index), index),
        locks=collect_locks(
            index, rel_path, hot_functions(index, routing.handlers), may_construct(text)
        ),
        routers=(*routing.routers, *routing.parameters),
        mounts=(*routing.mounts, *routing.links),
        routes=tuple(routing.routes),
        constants=tuple(routing.constants),
        entrypoint=collect_anatomy(index, rel_path, routing, script),
        bindings=bindings,
        calls=collect_calls(index, bindings),
    )
