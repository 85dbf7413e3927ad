"""Facts lock-to-actor needs about a Rust crate, read with the tree-sitter frontend: the lock
field and its type, the guarded type's declaration, methods and public fields."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tree_sitter import Node

from nova_refactor.codemods.actor.model import Operation, Param
from nova_refactor.frontends.rust.syntax import line, parse, text, walk

# `Arc<tokio::sync::RwLock<FeedIndex>>`, `Mutex<StreamState>` (spaces removed)
LOCK_TYPE = re.compile(r"^((?:[\w:]+::)?(Mutex|RwLock))<(.+)>$")
ARC = re.compile(r"^(?:std::sync::|alloc::sync::)?Arc<(.+)>$")


def parse_lock_type(compact: str) -> re.Match[str] | None:
    """(primitive, Mutex|RwLock, guarded type) of a lock type written without spaces."""
    arc = ARC.match(compact)
    return LOCK_TYPE.match(arc.group(1) if arc else compact)
LOCK_METHODS = frozenset({"lock", "read", "write"})


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # relative to the project root
    data: bytes
    root: Node


@dataclass(frozen=True, slots=True)
class LockField:
    file: SourceFile
    node: Node  # the field_declaration
    type_text: str  # spaces removed
    primitive: str  # e.g. tokio::sync::Mutex
    kind: str  # Mutex | RwLock
    inner: str  # the guarded type as written


@dataclass(frozen=True, slots=True)
class Method:
    operation: Operation
    node: Node  # the function_item
    problem: str  # why it cannot become a command ("" when it can)


def load_crate(root: Path, paths: list[str]) -> dict[str, SourceFile]:
    files = {}
    for path in sorted(paths):
        data = (root / path).read_bytes()
        files[path] = SourceFile(path, data, parse(data).root_node)
    return files


def nodes(file: SourceFile, kind: str) -> list[Node]:
    return [n for n in walk(file.root) if n.type == kind]


def find_type(files: dict[str, SourceFile], name: str) -> tuple[SourceFile, Node] | None:
    """The `struct NAME` or `enum NAME` declared in the crate."""
    for file in files.values():
        for node in walk(file.root):
            if node.type in ("struct_item", "enum_item") and \
                    text(node.child_by_field_name("name")) == name:
                return file, node
    return None


def lock_field(files: dict[str, SourceFile], owner: str) -> LockField | None:
    struct_name, _, field_name = owner.partition(".")
    found = find_type(files, struct_name)
    if found is None:
        return None
    file, struct = found
    for declaration in walk(struct):
        if declaration.type == "field_declaration" and \
                text(declaration.child_by_field_name("name")) == field_name:
            type_text = "".join(text(declaration.child_by_field_name("type")).split())
            match = parse_lock_type(type_text)
            if match is None:
                return None
            return LockField(file, declaration, type_text, match.group(1), match.group(2),
                             match.group(3))
    return None


def module_path(path: str, src: str) -> str:
    """`src/feed.rs` -> `crate::feed`; `src/services/mod.rs` -> `crate::services`; "" for
    a file outside `src` (examples, benches: other crates)."""
    if not Path(path).is_relative_to(src):
        return ""
    relative = Path(path).relative_to(src).with_suffix("")
    parts = [p for p in relative.parts if p not in ("mod", "main", "lib")]
    return "::".join(["crate", *parts])


def methods(file: SourceFile, state_type: str) -> dict[str, Method]:
    """The inherent methods of `state_type` declared in `file`, by name."""
    found: dict[str, Method] = {}
    for impl in nodes(file, "impl_item"):
        if impl.child_by_field_name("trait") is not None or \
                text(impl.child_by_field_name("type")).split("<")[0] != state_type:
            continue
        for function in walk(impl):
            if function.type == "function_item":
                method = _method(function)
                if method is not None:
                    found[method.operation.name] = method
    return found


def _method(function: Node) -> Method | None:
    parameters = function.child_by_field_name("parameters")
    children = parameters.named_children if parameters is not None else []
    if not any(c.type == "self_parameter" for c in children):
        return None  # an associated function: not called through the lock
    nodes = [c for c in children if c.type == "parameter"]
    problem = _signature_problem(function) or _parameter_problem(nodes)
    params = tuple(Param(text(c.child_by_field_name("pattern")),
                         text(c.child_by_field_name("type"))) for c in nodes)
    returns = text(function.child_by_field_name("return_type")) or "()"
    operation = Operation(text(function.child_by_field_name("name")), params, returns)
    return Method(operation, function, problem)


def _parameter_problem(params: list[Node]) -> str:
    stuck = [c for c in params if not _travels(c)]
    return f"parameter `{text(stuck[0])}` cannot travel in a command" if stuck else ""


def _travels(parameter: Node) -> bool:
    """A plain name with a type a command can own (not `&mut`, not `impl Trait`)."""
    kind = "".join(text(parameter.child_by_field_name("type")).split(" "))
    return text(parameter.child_by_field_name("pattern")).isidentifier() and \
        not kind.startswith("&mut") and "impl" not in kind.split("<")[0]


def _signature_problem(function: Node) -> str:
    returns = text(function.child_by_field_name("return_type"))
    if "&" in returns or "'" in returns:
        return f"returns a reference into the state (`-> {returns}`)"
    if function.child_by_field_name("type_parameters") is not None:
        return "a generic method"
    if any(c.type == "function_modifiers" and "async" in text(c) for c in function.children):
        return "an async method: the actor would hold the state across its awaits"
    return ""


def holders(files: dict[str, SourceFile], field_name: str, state_type: str) -> frozenset[str]:
    """Structs with a field `field_name` that is a lock around `state_type`: what `self.<field>`
    must belong to (another struct's `self.cache` is another lock)."""
    structs = (n for file in files.values() for n in walk(file.root) if n.type == "struct_item")
    return frozenset(text(s.child_by_field_name("name")) for s in structs
                     if any(_guards(f, field_name, state_type) for f in walk(s)
                            if f.type == "field_declaration"))


def _guards(field: Node, field_name: str, state_type: str) -> bool:
    match = parse_lock_type("".join(text(field.child_by_field_name("type")).split()))
    return text(field.child_by_field_name("name")) == field_name and match is not None and \
        match.group(3).rsplit("::", 1)[-1] == state_type


def impl_type(node: Node) -> str:
    """The type of the `impl` block around `node` (`Foo` for `impl<T> Trait for Foo<T>`)."""
    impl = enclosing(node, ("impl_item",))
    return text(impl.child_by_field_name("type")).split("<")[0].strip() if impl else ""


def public_fields(struct: Node) -> dict[str, str]:
    return {text(f.child_by_field_name("name")): text(f.child_by_field_name("type"))
            for f in walk(struct) if f.type == "field_declaration"
            and any(c.type == "visibility_modifier" for c in f.children)}


def enclosing(node: Node, kinds: tuple[str, ...]) -> Node | None:
    parent = node.parent
    while parent is not None and parent.type not in kinds:
        parent = parent.parent
    return parent


def is_async_context(node: Node) -> bool:
    """Whether an `.await` may be written at `node`: the nearest function, closure or async
    block around it is async."""
    scope = enclosing(node, ("function_item", "closure_expression", "async_block"))
    if scope is None:
        return False
    if scope.type == "async_block":
        return True
    head = text(scope).split("(", 1)[0] if scope.type == "function_item" else text(scope)[:6]
    return "async" in head.split()


def site(file: SourceFile, node: Node) -> str:
    return f"{file.path}:{line(node)}"
