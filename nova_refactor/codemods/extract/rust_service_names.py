"""Whether the service crate can name what a piece of the monolith's `main` names.

The generated binary of a service repeats statements of the monolith's `main` (the ones that
build the state its handlers extract, the middleware around its routes). Each name such a piece
reads is either one of `main`'s own bindings, bound inside the piece (a closure parameter, a
match arm), Rust's prelude or standard library, or an item `main.rs` imports (`use`, `mod`):
that item must then be reachable from the new crate, through the shared library, the service's
own modules, another service crate it already depends on, or an external crate of the
monolith's manifest. Anything else (an item of `main.rs`, a module that stays in the monolith)
blocks the piece, and the reason names it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from nova_refactor.codemods.rust import uses
from nova_refactor.frontends.rust.syntax import text, walk

STD_ROOTS = frozenset({"std", "core", "alloc"})
PRELUDE = frozenset({
    "Some", "None", "Ok", "Err", "Box", "Vec", "String", "Option", "Result", "Default", "Clone",
    "Copy", "Send", "Sync", "Sized", "ToString", "ToOwned", "Into", "From", "TryFrom", "TryInto",
    "Iterator", "IntoIterator", "Fn", "FnMut", "FnOnce", "drop", "Drop", "AsRef", "AsMut",
    "PartialEq", "Eq", "Ord", "PartialOrd", "Extend", "Self", "self",
    # primitive types, as path roots: `u64::MAX`, `str::from_utf8`
    "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32",
    "i64", "i128", "isize", "f32", "f64"})
STD_MACROS = frozenset({
    "println", "eprintln", "print", "eprint", "format", "format_args", "vec", "panic", "assert",
    "assert_eq", "assert_ne", "debug_assert", "debug_assert_eq", "env", "option_env", "concat",
    "stringify", "write", "writeln", "matches", "todo", "unimplemented", "unreachable", "dbg",
    "include_str", "include_bytes", "line", "file", "column", "module_path", "compile_error"})
_PATHS = ("scoped_identifier", "scoped_type_identifier")
# the nodes whose pattern (or parameters) binds names inside a piece of code
_BINDERS = {"let_declaration": "pattern", "let_condition": "pattern", "for_expression": "pattern",
            "match_arm": "pattern", "closure_expression": "parameters"}


@dataclass
class Scope:
    """Where the names of the monolith's `main.rs` lead, seen from the service crate."""

    owners: dict[tuple[str, ...], tuple[str, str]]  # module path -> (proposal group, file)
    service: str  # the proposal's service name
    own: str  # the service crate's ident
    common: str  # the shared library's ident, "" before extract-common
    services: frozenset[str]  # idents of the service crates the service depends on
    externals: frozenset[str]  # idents of the monolith's crates.io / git dependencies
    imports: dict[str, str]  # a name main.rs binds (`use`, `mod`) -> its absolute path
    monolith: str = ""  # the package's own library, when main.rs is its binary (Nova)
    crates: set[str] = field(default_factory=set)  # external crates the binary names
    uses_common: bool = False

    def written(self, absolute: str) -> tuple[str, str]:
        """(the path as the service crate writes it, "") or ("", why it cannot)."""
        root, _, rest = absolute.partition("::")
        if root in STD_ROOTS or root == self.own or root in self.services:
            return absolute, ""
        if root == "crate" or (root == self.monolith and root):
            return self._crate_path(rest)
        if root == self.common and root:
            self.uses_common = True
            return absolute, ""
        if root in self.externals:
            self.crates.add(root)
            return absolute, ""
        return "", f"{absolute} (not a crate the service depends on)"

    def _crate_path(self, rest: str) -> tuple[str, str]:
        parts = tuple(rest.split("::"))
        owner, file = self.owners.get(parts[:2]) or self.owners.get(parts[:1]) or ("", "")
        if owner == self.service:
            return f"{self.own}::{rest}", ""
        if owner == "shared" and self.common:
            self.uses_common = True
            return f"{self.common}::{rest}", ""
        where = f"{file}, " if file else ""
        return "", f"crate::{rest} ({where}in the monolith)"


@dataclass
class Reading:
    """What one piece of code needs: `use` lines for the binary, or why it cannot be there."""

    uses: dict[str, str] = field(default_factory=dict)  # bound name -> `use ..;`
    blockers: list[str] = field(default_factory=list)


def main_imports(root: Node) -> dict[str, str]:
    """Name -> absolute path for every `use` leaf and `mod x;` of the file (`main.rs`)."""
    found: dict[str, str] = {}
    for item in root.named_children:
        if item.type == "use_declaration":
            found.update((leaf.name, leaf.path) for leaf in uses.leaves(item, "crate")
                         if leaf.name != "*")
        elif item.type == "mod_item":
            name = text(item.child_by_field_name("name"))
            found[name] = f"crate::{name}"
    return found


def read(scope: Scope, node: Node, locals_: set[str], reading: Reading) -> None:
    """Adds to `reading` what `node` needs, given the `main` bindings in `locals_`."""
    bound = locals_ | bound_inside(node)
    for kind, name in references(node):
        root = name.partition("::")[0]
        if root in bound or (kind != "macro" and root in PRELUDE and root not in scope.imports) \
                or (kind == "macro" and name in STD_MACROS):
            continue
        _resolve(scope, kind, name, reading)


def _resolve(scope: Scope, kind: str, name: str, reading: Reading) -> None:
    root = name.partition("::")[0]
    imported = scope.imports.get(root)
    absolute = imported if imported is not None else name
    if imported is None and (kind != "path" or root in ("self", "super", "Self")):
        what = f"{name}!" if kind == "macro" else name
        reading.blockers.append(f"{what} (an item of main.rs or not imported there)")
        return
    path, why = scope.written(absolute)
    if why:
        reading.blockers.append(why if imported is None else f"{root} = {why}")
    elif imported is not None:
        leaf = uses.Leaf(path, root)
        reading.uses[root] = leaf.render()


def references(node: Node) -> Iterator[tuple[str, str]]:
    """("path", "a::b"), ("name", "x") or ("macro", "m") for each name `node` reads."""
    for child in walk(node):
        parent = child.parent
        parent_type = parent.type if parent is not None else ""
        if parent_type in _PATHS:
            continue  # a segment of a path, read as the whole path
        if child.type in _PATHS:
            yield "path", _plain(text(child))
        elif child.type == "identifier" and parent_type in ("macro_invocation", "token_tree"):
            yield from _in_macro(child, parent_type)
        elif child.type in ("type_identifier", "identifier", "shorthand_field_identifier"):
            yield "name", text(child)


def _in_macro(child: Node, parent_type: str) -> Iterator[tuple[str, str]]:
    """The macro's name, or an identifier among its tokens: `x`, `a` of `a::b`; not `b`, nor
    a field `.b`."""
    if parent_type == "macro_invocation":
        yield "macro", text(child)
        return
    before = child.prev_sibling
    if before is None or text(before) not in ("::", "."):
        yield "name", text(child)


def _plain(path: str) -> str:
    """`a::b::<T>` without its generic arguments (turbofish)."""
    return path.split("<", 1)[0].rstrip(":")


def bound_inside(node: Node) -> set[str]:
    """The names `node` binds itself: closure parameters, match arms, inner `let`s."""
    found: set[str] = set()
    for child in walk(node):
        field_name = _BINDERS.get(child.type)
        pattern = child.child_by_field_name(field_name) if field_name else None
        if pattern is not None:
            found |= {text(n) for n in walk(pattern) if _binds(n)}
    return found


def _binds(node: Node) -> bool:
    if node.type not in ("identifier", "shorthand_field_identifier"):
        return False
    parent = node.parent
    if parent is None:
        return True
    if parent.type in _PATHS or parent.type == "type_identifier":
        return False
    return not (parent.type in ("tuple_struct_pattern", "struct_pattern")
                and parent.child_by_field_name("type") == node)
