"""`use` and `mod` declarations as written, for analysis to resolve inside the crate tree.

`use crate::a::{b::C, D as E}` becomes `ImportFacts(module="crate::a::b", names=("C",))` and
`ImportFacts(module="crate::a", names=("D",), asnames=("E",))`, kind `use` (`re-export` for
`pub use`). `mod x;` becomes `ImportFacts(module="x", kind="mod")`, with a `#[path = ".."]`
attribute's value in `alias`. Inline `mod x { .. }` blocks are not files and are not listed.
Macros are used without `use` (`#[macro_use] mod log;`, `#[macro_export]`), so the file's
`macro_rules!` definitions (kind `macro_rules`) and the macros it invokes (kind `macro`, by
their last path segment) are listed too, each as one entry, for analysis to pair up.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from nova_refactor.frontends.rust.index import Index
from nova_refactor.frontends.rust.syntax import attribute_parts, attributes_of, line, text
from nova_refactor.model import ImportFacts, ImportKind


def collect_imports(index: Index) -> tuple[ImportFacts, ...]:
    found: list[ImportFacts] = []
    for node in index.nodes("use_declaration", "mod_item"):
        if node.type == "use_declaration":
            found.extend(_use(node))
        elif node.child_by_field_name("body") is None:
            found.append(_mod(node))
    found.extend(_macros(index))
    return tuple(found)


def _macros(index: Index) -> list[ImportFacts]:
    defined = [(node, text(node.child_by_field_name("name")))
               for node in index.nodes("macro_definition")]
    # invoked: every macro invocation, and the names invoked inside other macros' bodies
    invoked = [*zip(index.nodes("macro_invocation"), index.macro_names(), strict=True),
               *((node, text(node)) for node in index.nodes("identifier"))]
    out = []
    for kind, found in ((ImportKind.MACRO_RULES, defined), (ImportKind.MACRO, invoked)):
        names: dict[str, int] = {}
        for node, name in found:
            if not name:
                continue  # no name node (a tree the parser recovered from an error)
            short = name.rpartition("::")[2]
            if short not in names:
                names[short] = line(node)
        if names:
            out.append(ImportFacts(module="", level=0, names=tuple(sorted(names)),
                                   line=min(names.values()), kind=kind))
    return out


def _mod(node: Node) -> ImportFacts:
    path_attr = ""
    for attribute in attributes_of(node):
        name, _ = attribute_parts(attribute)
        if name == "path":
            value = text(attribute).split("=", 1)[-1].strip(" \t\"]")
            path_attr = value
    name = text(node.child_by_field_name("name"))
    return ImportFacts(module=name, level=0, names=(), line=line(node), alias=path_attr,
                       kind=ImportKind.MOD)


def _use(node: Node) -> list[ImportFacts]:
    visibility = next((c for c in node.children if c.type == "visibility_modifier"), None)
    kind = ImportKind.RE_EXPORT if visibility is not None else ImportKind.USE
    grouped: dict[str, tuple[list[str], list[str]]] = {}
    argument = node.child_by_field_name("argument")
    inline = _inline_modules(node)
    for module, name, alias in _flatten(argument, ""):
        module = _from_file_level(module, inline)
        names, aliases = grouped.setdefault(module, ([], []))
        names.append(name)
        aliases.append(alias)
    return [
        ImportFacts(module=module, level=0, names=tuple(names), line=line(node),
                    asnames=tuple(aliases) if any(aliases) else (), kind=kind)
        for module, (names, aliases) in grouped.items()
    ]


def _inline_modules(node: Node) -> list[str]:
    """Names of the inline `mod x { .. }` blocks around `node`, outermost first."""
    names = []
    parent = node.parent
    while parent is not None:
        if parent.type == "mod_item":
            names.append(text(parent.child_by_field_name("name")))
        parent = parent.parent
    return names[::-1]


def _from_file_level(module: str, inline: list[str]) -> str:
    """`super::X` written inside inline `mod web {}` is `self::X` of the file's module."""
    if not inline or not module.startswith(("self", "super")):
        return module
    parts = module.split("::")
    depth = len(inline)
    if parts[0] == "self":
        parts = parts[1:]
    while parts and parts[0] == "super" and depth:
        parts, depth = parts[1:], depth - 1
    return "::".join(["self", *inline[:depth], *parts])


def _join(prefix: str, path: str) -> str:
    return f"{prefix}::{path}" if prefix and path else prefix or path


def _split(path: str) -> tuple[str, str]:
    module, _, name = path.rpartition("::")
    return module, name


def _flatten(node: Node | None, prefix: str) -> Iterator[tuple[str, str, str]]:
    """(module, name, alias) for every leaf of a use tree."""
    if node is None:
        return
    kind = node.type
    if kind in ("identifier", "scoped_identifier", "crate", "self", "super", "metavariable"):
        yield (*_split(_join(prefix, text(node))), "")
    elif kind == "use_as_clause":
        module, name = _split(_join(prefix, text(node.child_by_field_name("path"))))
        yield module, name, text(node.child_by_field_name("alias"))
    elif kind == "use_wildcard":
        path = next((c for c in node.named_children), None)
        yield _join(prefix, text(path)), "*", ""
    elif kind == "scoped_use_list":
        inner = _join(prefix, text(node.child_by_field_name("path")))
        yield from _flatten(node.child_by_field_name("list"), inner)
    elif kind == "use_list":
        for child in node.named_children:
            yield from _flatten(child, prefix)
