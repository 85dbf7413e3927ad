"""Decode, parse once with tree-sitter, and run every Rust fact-finder on the one tree."""

from __future__ import annotations

from dataclasses import replace

from tree_sitter import Node

from nova_refactor.frontends.rust.anatomy import collect_anatomy
from nova_refactor.frontends.rust.functions import FnInfo, collect_functions
from nova_refactor.frontends.rust.hot import Scopes, call_keys, handler_names
from nova_refactor.frontends.rust.index import Index
from nova_refactor.frontends.rust.items import collect_imports
from nova_refactor.frontends.rust.locks import LOCK_HINT, collect_locks
from nova_refactor.frontends.rust.macros import macro_calls
from nova_refactor.frontends.rust.metrics import line_counts, maintainability, plain_line_counts
from nova_refactor.frontends.rust.receivers import constructor_fields, field_types
from nova_refactor.frontends.rust.routes import Routing, collect_routing
from nova_refactor.frontends.rust.syntax import Hint, line, parse, strip_generics, text
from nova_refactor.model import (
    CallFacts,
    ClassFacts,
    Diagnostic,
    FileFacts,
    FunctionFacts,
    ImportFacts,
    Language,
    LockSite,
    Severity,
)

MAX_SYNTAX_DIAGNOSTICS = 20
# Files without any of these cannot declare routes; most files of a crate skip the route walk.
ROUTING_HINT = Hint(
    (b"App::new", b"with_state", b"ServiceConfig", b"scope(", b"resource("),
    (rb"Router\b", rb"#\[(?:\w+::)*(?:get|post|put|delete|patch|head|options|trace|connect|route)"
     rb"\s*\("),
)


def decode(rel_path: str, data: bytes) -> tuple[str | None, Diagnostic | None]:
    """Rust source is UTF-8 (a BOM is allowed); anything else is reported, not guessed."""
    if b"\0" in data:
        return None, Diagnostic(rel_path, 0, "binary file (contains NUL bytes), skipped")
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError as err:
        where = data.count(b"\n", 0, err.start) + 1
        return None, Diagnostic(rel_path, where, f"invalid utf-8 byte 0x{data[err.start]:02x}; "
                                                  "file skipped")


def analyze_rust(rel_path: str, data: bytes, digest: str, count_try: bool = False) -> FileFacts:
    base = FileFacts(rel_path, Language.RUST, digest, len(data))
    text_, problem = decode(rel_path, data)
    if text_ is None:
        return replace(base, diagnostics=(problem,) if problem else ())
    if not text_.strip():
        note = Diagnostic(rel_path, 1, "empty file", Severity.NOTE)
        return replace(base, lines=plain_line_counts(data), maintainability=100.0,
                       diagnostics=(note,))
    source = text_.encode("utf-8")  # without the BOM, so byte offsets match the tree
    root = parse(source).root_node
    index = Index(root)
    functions = collect_functions(index, count_try)
    imports = collect_imports(index)
    routing = collect_routing(functions, rel_path) if ROUTING_HINT.search(source) else Routing()
    handlers = handler_names(functions, routing.handlers())
    calls, locks = _calls_and_locks(source, index, rel_path, imports, functions, handlers)
    counts, masked = line_counts(source, index)
    total = sum(f.complexity for f in functions)
    return replace(
        base,
        lines=counts,
        maintainability=maintainability(masked, index, counts, total),
        functions=tuple(
            FunctionFacts(f.name, line(f.node), f.node.end_point[0] + 1, f.complexity,
                          is_async=f.is_async, is_method=bool(f.self_type),
                          is_handler=f.name in handlers)
            for f in functions
        ),
        classes=_types(root),
        imports=imports,
        locks=locks,
        bindings=(*field_types(index), *constructor_fields(functions)),
        routers=tuple(routing.routers),
        mounts=tuple(routing.mounts),
        routes=tuple(routing.routes),
        entrypoint=collect_anatomy(functions, rel_path),
        diagnostics=_syntax_errors(rel_path, root),
        calls=calls,
    )


def _calls_and_locks(source: bytes, index: Index, rel_path: str,
                     imports: tuple[ImportFacts, ...], functions: list[FnInfo],
                     handlers: set[str]) -> tuple[tuple[CallFacts, ...], tuple[LockSite, ...]]:
    """Production code's calls and the file's lock sites, from one set of macro reparses. The
    lock finder flags test code's sites, so it reads every macro body; call keys only
    production code's (more than half of Nova's macros are in tests)."""
    scopes = Scopes(functions)
    has_locks = LOCK_HINT.search(source)
    in_macros = macro_calls(source, index, None if has_locks else scopes.reports)
    keys = call_keys(index, functions, in_macros, scopes)
    calls = tuple(CallFacts(f.name, tuple(sorted(keys[f.name][0])), tuple(sorted(keys[f.name][1])))
                  for f in functions if any(keys[f.name]) and not f.in_test)
    if not has_locks:
        return calls, ()
    return calls, collect_locks(source, index, rel_path, imports, functions, handlers, in_macros)


def _types(root: Node) -> tuple[ClassFacts, ...]:
    """Structs, enums and traits (with the traits implemented for them in this file)."""
    traits: dict[str, list[str]] = {}
    found = []
    for node in root.named_children:
        if node.type == "impl_item" and node.child_by_field_name("trait") is not None:
            name = strip_generics(text(node.child_by_field_name("type")))
            trait = strip_generics(text(node.child_by_field_name("trait")))
            traits.setdefault(name, []).append(trait)
    for node in root.named_children:
        if node.type in ("struct_item", "enum_item", "trait_item", "union_item"):
            name = text(node.child_by_field_name("name"))
            found.append(ClassFacts(name, line(node), node.end_point[0] + 1,
                                    tuple(traits.get(name, ()))))
    return tuple(found)


def _syntax_errors(rel_path: str, root: Node) -> tuple[Diagnostic, ...]:
    """tree-sitter ERROR and MISSING nodes: the file is still measured, the spans reported."""
    if not root.has_error:
        return ()
    found: list[Diagnostic] = []
    stack = [root]
    while stack and len(found) < MAX_SYNTAX_DIAGNOSTICS:
        node = stack.pop()
        if node.is_missing:
            found.append(Diagnostic(rel_path, line(node), f"syntax error: missing `{node.type}`; "
                                                           "file measured as far as it parses"))
        elif node.is_error:
            snippet = text(node).splitlines()[0][:40] if text(node) else ""
            found.append(Diagnostic(rel_path, line(node), f"syntax error near `{snippet}`; "
                                                           "file measured as far as it parses"))
        elif node.has_error:
            stack.extend(reversed(node.children))
    return tuple(sorted(found, key=lambda d: d.line))
