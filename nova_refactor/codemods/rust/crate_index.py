"""The crate's own declarations, for type inference: free functions and methods with their
return types, structs with their fields and derives, every module, every file's `use` scope.

Types are recorded fully qualified (`crate::db::DbPool`, `std::thread::JoinHandle<u64>`), so a
signature read in one file can be written in another. A return type naming a generic
parameter or `impl Trait` is not recorded: it cannot be written down as a field type.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tree_sitter import Node

from nova_refactor.codemods.rust import uses
from nova_refactor.codemods.rust.members import Member, path_dependencies
from nova_refactor.frontends.rust.syntax import attribute_parts, attributes_of, parse, text, walk

PRELUDE = frozenset({
    "Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Self",
    "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize",
    "i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64",
})
CLONE_DERIVES = frozenset({"Clone", "Copy"})
PARSER_DERIVES = frozenset({"Parser", "StructOpt"})
NAMES = ("type_identifier", "scoped_type_identifier", "scoped_identifier")


@dataclass(frozen=True, slots=True)
class Signature:
    returns: str | None  # qualified return type, "()" when none, None when not writable
    is_async: bool


@dataclass
class Scope:
    """What names mean inside one file: its module path, its imports, its own items."""

    module: str
    imports: dict[str, str] = field(default_factory=dict)  # bound name -> absolute path
    items: set[str] = field(default_factory=set)  # names declared at the top of the file
    modules: set[str] = field(default_factory=set)  # `mod x;` children
    globs: list[str] = field(default_factory=list)  # `use a::b::*;` paths
    reexports: dict[str, str] = field(default_factory=dict)  # `pub use`: name -> path
    reexported_globs: list[str] = field(default_factory=list)  # `pub use a::*;` paths

    @property
    def root(self) -> str:
        """`crate` for the binary's own files, the library's name for the library's."""
        return self.module.split("::")[0]

    def resolve(self, path: str) -> str:
        """An absolute path for `path` written in this file (the head is looked up)."""
        head, _, rest = path.partition("::")
        if head == "crate" and self.root != "crate":
            return self.root + path[len("crate"):]
        if head in ("crate", "std", "core", "alloc") or head in PRELUDE:
            return path
        if head in ("self", "super"):
            return uses.absolute(path, self.module)
        if head in self.imports:
            full = self.imports[head]
        elif head in self.items or head in self.modules:
            full = f"{self.module}::{head}"
        else:
            return path
        return f"{full}::{rest}" if rest else full


@dataclass
class CrateIndex:
    scopes: dict[str, Scope] = field(default_factory=dict)  # repo-relative file -> scope
    functions: dict[str, Signature] = field(default_factory=dict)  # crate::a::f -> sig
    methods: dict[tuple[str, str], Signature] = field(default_factory=dict)
    fields: dict[str, dict[str, str]] = field(default_factory=dict)  # struct -> field -> type
    clone: set[str] = field(default_factory=set)  # types deriving Clone or Copy
    parsers: set[str] = field(default_factory=set)  # types deriving clap/structopt parsers
    types: set[str] = field(default_factory=set)  # every struct and enum
    aliases: dict[str, str] = field(default_factory=dict)  # re-exported path -> its origin

    def method(self, type_path: str, name: str) -> Signature | None:
        base = type_path.split("<", 1)[0]
        return self.methods.get((self.origin(base), name))

    def origin(self, path: str) -> str:
        """Where `path` is declared, through `pub use` and glob re-exports (`lib::Config`
        re-exported from `lib::config::Config`)."""
        for _ in range(8):  # re-export chains are short; a cycle must not loop forever
            if path in self.aliases:
                path = self.aliases[path]
                continue
            owner, _, name = path.rpartition("::")
            if owner in self.aliases:
                path = f"{self.aliases[owner]}::{name}"
                continue
            break
        return path

    def function(self, path: str) -> Signature | None:
        return self.functions.get(self.origin(path))


def module_of(rel: Path) -> str:
    """`main.rs` / `lib.rs` -> crate; `a/b.rs` and `a/b/mod.rs` -> crate::a::b."""
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "mod" or (len(parts) == 1 and parts[0] in ("main", "lib")):
        parts = parts[:-1]
    return "::".join(["crate", *parts])


def build_index(root: Path, entry: str) -> CrateIndex:
    """Index every `.rs` file of the crate whose root file is `entry` (repo-relative). When
    the package also has a library (`src/lib.rs`), its files are indexed under the library's
    name (`user_service::config::Config`): that is how the binary names them. So are the
    library crates it depends on by path (workspace members: `shared_kit::pool::Pool`)."""
    index = CrateIndex()
    src = (root / entry).parent
    trees = {}
    for path in sorted(src.rglob("*.rs")):
        rel = path.relative_to(src)
        if "target" not in rel.parts:
            trees[rel] = parse(path.read_bytes()).root_node
    library = library_name(src, entry)
    own = _binary_files(trees, Path(entry).name) if library else set(trees)
    for rel, tree in trees.items():
        module = module_of(rel)
        if rel not in own:
            module = library + module[len("crate"):]
        scope = _scope(tree, module)
        index.scopes[(path_of(root, src, rel))] = scope
        _declarations(index, tree, scope)
    members = path_dependencies(src.parent)
    for member in members:
        _index_member(index, root, member)
    _expand_globs(index)
    _reexports(index)
    _written_as_exported(index, {m.name for m in members})
    return index


def _index_member(index: CrateIndex, root: Path, member: Member) -> None:
    """A dependency's library files, from its root file through its `mod` declarations, keyed
    by their path from `root` (`../libs/kit/src/pool.rs` when the member sits beside it)."""
    src = member.lib.parent
    trees = {path.relative_to(src): parse(path.read_bytes()).root_node
             for path in sorted(src.rglob("*.rs")) if "target" not in path.parts}
    for rel in sorted(_binary_files(trees, member.lib.name)):
        module = member.name + module_of(rel)[len("crate"):]
        scope = _scope(trees[rel], module)
        index.scopes.setdefault(os.path.relpath(src / rel, root), scope)
        _declarations(index, trees[rel], scope)


def _written_as_exported(index: CrateIndex, crates: set[str]) -> None:
    """Another crate's type is written by the name it exports (`shared_kit::Limits`), not by
    where it is declared (`shared_kit::limits::Limits`: a private module no other crate may
    name). The shortest re-export wins."""
    public: dict[str, str] = {}
    for alias in sorted(index.aliases, key=lambda a: (a.count("::"), a)):
        if alias.split("::")[0] in crates:
            public.setdefault(index.origin(alias), alias)
    if not public:
        return
    pattern = re.compile("|".join(rf"\b{re.escape(origin)}\b"
                                  for origin in sorted(public, key=len, reverse=True)))

    def exported(written: str) -> str:
        return pattern.sub(lambda found: public[found.group(0)], written)

    index.functions = {path: _exported(signature, exported)
                       for path, signature in index.functions.items()}
    index.methods = {key: _exported(signature, exported)
                     for key, signature in index.methods.items()}
    for fields in index.fields.values():
        fields.update({name: exported(written) for name, written in fields.items()})


def _exported(signature: Signature, exported: Callable[[str], str]) -> Signature:
    returns = signature.returns
    return replace(signature, returns=exported(returns)) if returns else signature


def path_of(root: Path, src: Path, rel: Path) -> str:
    return (src / rel).relative_to(root).as_posix()


def library_name(src: Path, entry: str) -> str:
    """The package's library crate name when `entry` is a binary next to a `lib.rs`."""
    if Path(entry).name == "lib.rs" or not (src / "lib.rs").is_file():
        return ""
    try:
        manifest = tomllib.loads((src.parent / "Cargo.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
    named = manifest.get("lib", {}).get("name") or manifest.get("package", {}).get("name", "")
    return str(named).replace("-", "_")


def _binary_files(trees: dict[Path, Node], main: str) -> set[Path]:
    """The binary's own files: its root and the modules it declares (`mod x;`), recursively;
    everything else under src/ belongs to the library or to other binaries."""
    own = {Path(main)}
    pending = [Path(main)]
    while pending:
        rel = pending.pop()
        folder = rel.parent if rel.name in ("main.rs", "mod.rs", "lib.rs") else \
            rel.with_suffix("")
        for node in trees[rel].named_children:
            if node.type != "mod_item" or node.child_by_field_name("body") is not None:
                continue
            name = text(node.child_by_field_name("name"))
            for child in (folder / f"{name}.rs", folder / name / "mod.rs"):
                if child in trees and child not in own:
                    own.add(child)
                    pending.append(child)
    return own


def _reexports(index: CrateIndex) -> None:
    """`pub use a::B;` makes `module::B` another name of `a::B`; `pub use a::*;` makes
    `module::x` a name for every item of `a`."""
    by_module = {scope.module: scope for scope in index.scopes.values()}
    for scope in index.scopes.values():
        for name, path in scope.reexports.items():
            index.aliases.setdefault(f"{scope.module}::{name}", path)
        for glob in scope.reexported_globs:
            source = by_module.get(glob)
            for name in sorted(source.items) if source is not None else ():
                index.aliases.setdefault(f"{scope.module}::{name}", f"{glob}::{name}")


def _expand_globs(index: CrateIndex) -> None:
    """`use crate::domain::*;` binds every item of that module (explicit imports win)."""
    by_module = {scope.module: scope for scope in index.scopes.values()}
    for scope in index.scopes.values():
        for glob in scope.globs:
            source = by_module.get(glob)
            for name in sorted(source.items) if source is not None else ():
                if name not in scope.imports and name not in scope.items:
                    scope.imports[name] = f"{glob}::{name}"


def _scope(root: Node, module: str) -> Scope:
    scope = Scope(module)
    for node in root.named_children:
        if node.type == "use_declaration":
            _use(scope, node)
        elif node.type == "mod_item":
            scope.modules.add(text(node.child_by_field_name("name")))
        elif node.child_by_field_name("name") is not None:
            scope.items.add(text(node.child_by_field_name("name")))
    local = scope.modules | scope.items  # `use handlers::x` naming a child: 2018 paths
    for table in (scope.imports, scope.reexports):
        for name, path in list(table.items()):
            table[name] = _anchored(path, local, module)
    scope.globs = [_anchored(p, local, module) for p in scope.globs]
    scope.reexported_globs = [_anchored(p, local, module) for p in scope.reexported_globs]
    return scope


def _use(scope: Scope, node: Node) -> None:
    public = any(c.type == "visibility_modifier" for c in node.children)
    for leaf in uses.leaves(node, scope.module):
        path = scope.resolve(leaf.path) if leaf.path.startswith("crate") else leaf.path
        if leaf.name != "*":
            scope.imports[leaf.name] = path
        else:
            scope.globs.append(path)
        if public:
            _reexport(scope, leaf.name, path)


def _anchored(path: str, local: set[str], module: str) -> str:
    return f"{module}::{path}" if path.split("::")[0] in local else path


def _reexport(scope: Scope, name: str, path: str) -> None:
    if name == "*":
        scope.reexported_globs.append(path)
    else:
        scope.reexports[name] = path


def _declarations(index: CrateIndex, root: Node, scope: Scope) -> None:
    for node in root.named_children:
        if node.type == "function_item":
            name = text(node.child_by_field_name("name"))
            index.functions[f"{scope.module}::{name}"] = _signature(node, scope, None)
        elif node.type in ("struct_item", "enum_item"):
            _type_item(index, node, scope)
        elif node.type == "impl_item" and node.child_by_field_name("trait") is None:
            _impl(index, node, scope)


def _type_item(index: CrateIndex, node: Node, scope: Scope) -> None:
    full = f"{scope.module}::{text(node.child_by_field_name('name'))}"
    index.types.add(full)
    derived = {d for a in attributes_of(node) for d in _derived(a)}
    if derived & CLONE_DERIVES:
        index.clone.add(full)
    if derived & PARSER_DERIVES:
        index.parsers.add(full)
    if node.type == "struct_item":
        index.fields[full] = _fields(node, scope)


def _fields(node: Node, scope: Scope) -> dict[str, str]:
    body = node.child_by_field_name("body")
    if body is None or body.type != "field_declaration_list":
        return {}
    generics = _generics(node)
    return {text(f.child_by_field_name("name")):
            qualify(f.child_by_field_name("type"), scope, generics) or ""
            for f in body.named_children if f.type == "field_declaration"}


def _derived(attribute: Node) -> set[str]:
    name, args = attribute_parts(attribute)
    if name != "derive":
        return set()
    return {d.rpartition("::")[2] for d in text(args).replace(" ", "").strip("()").split(",")}


def _impl(index: CrateIndex, node: Node, scope: Scope) -> None:
    """Methods of an inherent impl, keyed by the type's path without generic arguments; in a
    generic impl `Self` cannot be written down, so methods returning it are not typed."""
    written = node.child_by_field_name("type")
    base = written.child_by_field_name("type") if written is not None and \
        written.type == "generic_type" else written
    self_path = qualify(base, scope)
    body = node.child_by_field_name("body")
    if self_path is None or body is None:
        return
    self_type = self_path if base is written else None
    for item in body.named_children:
        if item.type == "function_item":
            name = text(item.child_by_field_name("name"))
            index.methods[(self_path, name)] = _signature(item, scope, self_type)


def _signature(fn: Node, scope: Scope, self_type: str | None) -> Signature:
    modifiers = next((c for c in fn.children if c.type == "function_modifiers"), None)
    is_async = modifiers is not None and "async" in text(modifiers).split()
    returns = fn.child_by_field_name("return_type")
    written = qualify(returns, scope, _generics(fn), self_type) if returns is not None else "()"
    return Signature(written, is_async)


def _generics(node: Node) -> set[str]:
    params = node.child_by_field_name("type_parameters")
    if params is None:
        return set()
    return {text(n) for n in walk(params) if n.type == "type_identifier"}


def qualify(node: Node | None, scope: Scope, generics: set[str] | None = None,
            self_type: str | None = None) -> str | None:
    """The type under `node` with every name made absolute; None when it cannot be written
    elsewhere (`impl Trait`, a generic parameter, `Self` outside an impl)."""
    if node is None:
        return None
    pieces: list[str] = []
    cursor = node.start_byte
    source = node.text or b""
    for child in walk(node):
        if child.type == "abstract_type":
            return None
        if child.type not in NAMES or child.start_byte < cursor:
            continue  # not a name, or inside a path already replaced
        replacement = _name(text(child), scope, generics or set(), self_type)
        if replacement is None:
            return None
        pieces.append(source[cursor - node.start_byte: child.start_byte - node.start_byte]
                      .decode("utf-8", "replace"))
        pieces.append(replacement)
        cursor = child.end_byte
    pieces.append(source[cursor - node.start_byte:].decode("utf-8", "replace"))
    return "".join(pieces)


def _name(name: str, scope: Scope, generics: set[str], self_type: str | None) -> str | None:
    if name in generics:
        return None
    if name == "Self":
        return self_type
    return scope.resolve(name)
