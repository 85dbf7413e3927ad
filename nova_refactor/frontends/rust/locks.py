"""Shared locks of one Rust file: declarations, constructions and acquisitions.

- declaration: a struct field of a lock type (`Type.field`);
- construction: `Mutex::new(..)` / `RwLock::new(..)` (wrapped: `Arc::new(Mutex::new(..))`), owned
  by the `let` binding or struct field it initialises; `static` locks (`LazyLock`, `Lazy`,
  `OnceLock`, `lazy_static!`) are constructions owned by the static's name;
- acquisition: `.lock()`, `.try_lock()` and, on a known lock owner, `.read()` / `.write()`;
  `.await` on them is noted. Owners: `self.f` in `impl T` -> `T.f`, `x.f` -> the one struct with
  a lock field `f`, a static's or binding's name.
A guard is **held across an `.await`** when the `let` binding holding it is followed by an
`.await` in its block before `drop(guard)`, or when a temporary guard's statement awaits after
the acquisition (temporaries live until the end of the statement).
"""

from __future__ import annotations

import re

from tree_sitter import Node

from nova_refactor.frontends.rust.chains import arguments, callee
from nova_refactor.frontends.rust.functions import FnInfo
from nova_refactor.frontends.rust.index import Index
from nova_refactor.frontends.rust.locktypes import LockTypes
from nova_refactor.frontends.rust.syntax import last_segment, line, strip_generics, text, walk
from nova_refactor.model import ImportFacts, LockSite

ACQUIRE = frozenset({"lock", "try_lock", "lock_owned", "read", "write", "try_read", "try_write",
                     "read_owned", "write_owned", "upgradable_read"})
ALWAYS = frozenset({"lock", "try_lock", "lock_owned"})
PASS_THROUGH = frozenset({"unwrap", "expect", "unwrap_or_else", "map_err", "ok"})
NOT_LOCKS = frozenset({"stdout", "stderr", "stdin"})  # `io::stdout().lock()` is not shared state
_LAZY_STATIC = re.compile(r"static\s+ref\s+(\w+)\s*:\s*([^=]+)=")


class _Finder:
    def __init__(self, index: Index, path: str, imports: tuple[ImportFacts, ...],
                 functions: list[FnInfo], hot: set[str]) -> None:
        self.path = path
        self.types = LockTypes(imports)
        self.functions = {(f.node.start_byte, f.node.end_byte): f for f in functions}
        self.hot = hot
        self.sites: list[LockSite] = []
        self.fields: dict[str, str] = {}  # "Type.field" -> primitive
        self.statics: dict[str, str] = {}
        self.bindings: dict[str, str] = {}  # local names bound to locks, any function
        self.index = index

    def run(self) -> list[LockSite]:
        for node in self.index.nodes("type_item"):
            self.types.add_alias(text(node.child_by_field_name("name")),
                                 text(node.child_by_field_name("type")))
        for node in self.index.nodes("field_declaration", "static_item", "macro_invocation"):
            self._declaration(node)
        calls = self.index.nodes("call_expression")
        for node in calls:
            self._construction(node)
        for node in calls:
            self._acquisition(node)
        return sorted(self.sites, key=lambda s: (s.line, s.role, s.owner))

    def _site(self, node: Node, owner: str, primitive: str, role: str, how: str,
              held: bool = False) -> None:
        fn = self._enclosing(node)
        if fn is not None and fn.in_test:
            return  # locks of test code are not shared state of the service
        self.sites.append(LockSite(
            owner=owner, primitive=primitive, role=role, path=self.path, line=line(node),
            function=fn.name if fn else "", hot_path=bool(fn and fn.name in self.hot), how=how,
            held_across_await=held,
        ))

    def _enclosing(self, node: Node) -> FnInfo | None:
        parent = node.parent
        while parent is not None:
            if parent.type == "function_item":
                return self.functions.get((parent.start_byte, parent.end_byte))
            parent = parent.parent
        return None

    def _declaration(self, node: Node) -> None:
        if node.type == "field_declaration":
            self._field(node)
        elif node.type == "static_item":
            self._static(node)
        elif node.type == "macro_invocation" and text(node.child_by_field_name("macro")) in (
            "lazy_static", "lazy_static::lazy_static"
        ):
            for name, type_text in _LAZY_STATIC.findall(text(node)):
                primitive = self.types.primitive(type_text)
                if primitive:
                    self.statics[name] = primitive
                    self._site(node, name, primitive, "construction", "lazy_static!")

    def _field(self, node: Node) -> None:
        struct = _ancestor(node, "struct_item")
        primitive = self.types.primitive(text(node.child_by_field_name("type")))
        if struct is not None and primitive:
            owner = f"{text(struct.child_by_field_name('name'))}.{_field_name(node)}"
            self.fields[owner] = primitive
            self._site(node, owner, primitive, "declaration", "field")

    def _static(self, node: Node) -> None:
        name = text(node.child_by_field_name("name"))
        type_text = text(node.child_by_field_name("type"))
        primitive = self.types.primitive(type_text)
        if any(c.type == "mutable_specifier" for c in node.children):
            # `static mut`: shared state without any lock, Rust's mutable global
            self._site(node, name, "mutable global", "construction", "static mut")
        elif primitive:
            self.statics[name] = primitive
            cell = self.types.cell(type_text)
            self._site(node, name, primitive, "construction", f"static {cell}".strip())

    def _construction(self, call: Node) -> None:
        name = callee(call)
        type_path, _, ctor = strip_generics(name).rpartition("::")
        if ctor not in ("new", "default", "const_new") or not self.types.kind(type_path):
            return
        if _ancestor(call, "static_item") is not None:
            return  # the static itself is the site
        primitive = self.types.kind(type_path) or type_path
        outer, wrapper = _wrapped(call)
        if wrapper:
            primitive = f"{wrapper}<{primitive}>"
        owner = self._owner_of_value(outer)
        primitive = self.fields.get(owner, primitive)
        if owner and "." not in owner:
            self.bindings[owner] = primitive
        self._site(call, owner, primitive, "construction", f"{last_two(name)}()")

    def _owner_of_value(self, value: Node) -> str:
        parent = value.parent
        if parent is not None and parent.type == "let_declaration":
            return text(parent.child_by_field_name("pattern")).removeprefix("mut ").strip()
        if parent is not None and parent.type == "field_initializer":
            struct = _ancestor(parent, "struct_expression")
            type_name = strip_generics(text(struct.child_by_field_name("name"))) if struct else ""
            field = text(parent.child_by_field_name("field"))
            if type_name == "Self":
                type_name = self._self_type(parent)
            return f"{type_name}.{field}"
        return ""

    def _self_type(self, node: Node) -> str:
        fn = self._enclosing(node)
        return fn.self_type if fn else "Self"

    def _acquisition(self, call: Node) -> None:
        method, root = _method_call(call)
        if method not in ACQUIRE or root is None or arguments(call):
            return
        owner, primitive = self._owner(root, call)
        if primitive is None:
            # An unknown receiver: `.lock()` is a lock nearly always, `.read()` rarely.
            if method not in ALWAYS or last_segment(callee(root)) in NOT_LOCKS:
                return
            primitive = "Mutex"
        awaited = call.parent is not None and call.parent.type == "await_expression"
        how = f".{method}()" + (".await" if awaited else "")
        self._site(call, owner, primitive, "acquisition", how, _held_across_await(call))

    def _owner(self, receiver: Node, call: Node) -> tuple[str, str | None]:
        if receiver.type == "field_expression":
            field = text(receiver.child_by_field_name("field"))
            value = receiver.child_by_field_name("value")
            if value is not None and value.type == "self":
                owner = f"{self._self_type(call)}.{field}"
                return owner, self.fields.get(owner)
            matches = [key for key in self.fields if key.endswith(f".{field}")]
            if len(matches) == 1:
                return matches[0], self.fields[matches[0]]
            return text(receiver), None
        name = text(receiver)
        if name in self.statics:
            return name, self.statics[name]
        return name, self.bindings.get(name)


def _method_call(call: Node) -> tuple[str, Node | None]:
    """(`lock`, receiver) for `receiver.lock()`; ("", None) for other calls."""
    function = call.child_by_field_name("function")
    if function is None or function.type != "field_expression":
        return "", None
    return text(function.child_by_field_name("field")), function.child_by_field_name("value")


def _wrapped(call: Node) -> tuple[Node, str]:
    """(`Arc::new(..)` call, "Arc") when `call` is its argument, else (call, "")."""
    parent = call.parent
    outer = parent.parent if parent is not None and parent.type == "arguments" else None
    if outer is None:
        return call, ""
    path = strip_generics(callee(outer)).split("::")
    if len(path) >= 2 and path[-1] == "new" and path[-2] in ("Arc", "Rc"):
        return outer, path[-2]
    return call, ""


def last_two(name: str) -> str:
    return "::".join(strip_generics(name).split("::")[-2:])


def _field_name(node: Node) -> str:
    return text(node.child_by_field_name("name"))


def _ancestor(node: Node, kind: str) -> Node | None:
    parent = node.parent
    while parent is not None and parent.type != kind:
        parent = parent.parent
    return parent


def _guard_expression(call: Node) -> Node:
    """The expression that holds the guard: `m.lock().await.unwrap()` for `m.lock()`."""
    top = call
    while top.parent is not None:
        parent = top.parent
        if parent.type in ("await_expression", "try_expression"):
            top = parent
            continue
        grand = parent.parent
        if (parent.type == "field_expression" and grand is not None
                and grand.type == "call_expression"
                and text(parent.child_by_field_name("field")) in PASS_THROUGH):
            top = grand
            continue
        break
    return top


def _held_across_await(call: Node) -> bool:
    top = _guard_expression(call)
    parent = top.parent
    if parent is not None and parent.type == "let_declaration":
        return _bound_guard_held(parent)
    return _temporary_held(top)


def _bound_guard_held(let: Node) -> bool:
    """`let guard = m.lock()..;` then an `.await` in the block before `drop(guard)`."""
    guard = text(let.child_by_field_name("pattern")).removeprefix("mut ").strip()
    if guard == "_":
        return False  # `let _ = ..` drops the guard at once
    sibling = let.next_named_sibling
    while sibling is not None and not _drops(sibling, guard):
        if any(n.type == "await_expression" for n in walk(sibling)):
            return True
        sibling = sibling.next_named_sibling
    return False


def _temporary_held(top: Node) -> bool:
    """A temporary guard lives to the end of its statement: an `.await` after it holds it."""
    statement = top
    while statement.parent is not None and statement.type not in ("expression_statement",
                                                                  "let_declaration"):
        if statement.parent.type == "block" and statement.type != "expression_statement":
            break
        statement = statement.parent
    # An `.await` that ends after the guard's expression awaits while the guard lives.
    return any(n.type == "await_expression" and n.end_byte > top.end_byte
               for n in walk(statement))


def _drops(node: Node, guard: str) -> bool:
    return any(n.type == "call_expression" and callee(n) in ("drop", "std::mem::drop")
               and text(n.child_by_field_name("arguments")).strip("() ") == guard
               for n in walk(node))


def collect_locks(index: Index, path: str, imports: tuple[ImportFacts, ...],
                  functions: list[FnInfo], hot: set[str]) -> tuple[LockSite, ...]:
    return tuple(_Finder(index, path, imports, functions, hot).run())
