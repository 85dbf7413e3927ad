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

import dataclasses
import re
from collections.abc import Sequence

from tree_sitter import Node

from nova_refactor.frontends.rust.chains import arguments, callee
from nova_refactor.frontends.rust.functions import Enclosing, FnInfo, is_test_item
from nova_refactor.frontends.rust.index import Index
from nova_refactor.frontends.rust.locktypes import LockTypes
from nova_refactor.frontends.rust.syntax import (
    Hint,
    descendants,
    last_segment,
    line,
    strip_generics,
    text,
)
from nova_refactor.model import MUTABLE_GLOBAL, ImportFacts, LockRole, LockSite

ACQUIRE = frozenset({"lock", "try_lock", "lock_owned", "read", "write", "try_read", "try_write",
                     "read_owned", "write_owned", "upgradable_read"})
ALWAYS = frozenset({"lock", "try_lock", "lock_owned"})
PASS_THROUGH = frozenset({"unwrap", "expect", "unwrap_or_else", "map_err", "ok"})
NOT_LOCKS = frozenset({"stdout", "stderr", "stdin"})  # `io::stdout().lock()` is not shared state
TEST_SCOPES = frozenset({"mod_item", "struct_item", "impl_item", "static_item", "function_item"})
_LAZY_STATIC = re.compile(r"static\s+ref\s+(\w+)\s*:\s*([^=]+)=")
# A file without any of these has no lock site: every lock type's name holds `Mutex` or `RwLock`
# (an alias or an import of one names it too), an unknown receiver is a lock only through
# `.lock()`, `.try_lock()` or `.lock_owned()`, and the rest is `static mut`. Four files in five
# of Nova's backend skip the finder.
LOCK_HINT = Hint((b"Mutex", b"RwLock"), (rb"lock(?:_owned)?\b", rb"static\s+mut\b"))


class _Finder:
    def __init__(self, index: Index, path: str, imports: tuple[ImportFacts, ...],
                 functions: list[FnInfo], hot: set[str]) -> None:
        self.path = path
        self.types = LockTypes(imports)
        self.ordered = sorted(functions, key=lambda f: f.node.start_byte)
        self.enclosing = Enclosing([f.node for f in self.ordered])
        self.hot = hot
        self.sites: list[LockSite] = []
        self.fields: dict[str, str] = {}  # "Type.field" -> primitive
        self.statics: dict[str, str] = {}
        self.bindings: dict[str, str] = {}  # local names bound to locks, any function
        self.linked: dict[str, str] = {}  # such a name -> the `Type.field` it fills
        self.copies: dict[tuple[int, str], str] = {}  # (function, local) -> lock field copied
        self.index = index

    def run(self, in_macros: Sequence[Node] = ()) -> list[LockSite]:
        for node in self.index.nodes("type_item"):
            self.types.add_alias(text(node.child_by_field_name("name")),
                                 text(node.child_by_field_name("type")))
        for node in self.index.nodes("field_declaration", "static_item", "macro_invocation"):
            self._declaration(node)
        calls = [*self.index.nodes("call_expression"), *in_macros]
        for node in calls:
            self._construction(node)
        for node in self.index.nodes("let_declaration"):
            self._field_copy(node)
        for node in calls:
            self._acquisition(node)
        return sorted(self.sites, key=lambda s: (s.line, s.role, s.owner))

    def _site(self, node: Node, owner: str, primitive: str, role: LockRole, how: str,
              held: bool = False) -> None:
        fn = self._enclosing(node)
        self.sites.append(LockSite(
            owner=owner, primitive=primitive, role=role, path=self.path, line=line(node),
            function=fn.name if fn else "", hot_path=bool(fn and fn.name in self.hot), how=how,
            held_across_await=held,
            # test code's locks are not shared state of the service: analysis leaves them out
            test=bool(fn and fn.in_test) or _in_test_item(node),
        ))

    def _enclosing(self, node: Node) -> FnInfo | None:
        """The innermost function around `node`, by position (a node reparsed from a macro
        body has no parents in this tree)."""
        at = self.enclosing.index_of(node)
        return self.ordered[at] if at >= 0 else None

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
                    self._site(node, name, primitive, LockRole.CONSTRUCTION, "lazy_static!")

    def _field(self, node: Node) -> None:
        struct = _ancestor(node, "struct_item")
        primitive = self.types.primitive(text(node.child_by_field_name("type")))
        if struct is not None and primitive:
            owner = f"{text(struct.child_by_field_name('name'))}.{_field_name(node)}"
            self.fields[owner] = primitive
            self._site(node, owner, primitive, LockRole.DECLARATION, "field")

    def _static(self, node: Node) -> None:
        name = text(node.child_by_field_name("name"))
        type_text = text(node.child_by_field_name("type"))
        primitive = self.types.primitive(type_text)
        if any(c.type == "mutable_specifier" for c in node.children):
            # `static mut`: shared state without any lock, Rust's mutable global
            self._site(node, name, MUTABLE_GLOBAL, LockRole.CONSTRUCTION, "static mut")
        elif primitive:
            self.statics[name] = primitive
            cell = self.types.cell(type_text)
            self._site(node, name, primitive, LockRole.CONSTRUCTION, f"static {cell}".strip())

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
        handed = ""
        if owner and "." not in owner:
            owner, handed = self._local_lock(owner, outer, primitive)
        self._site(call, owner, self.fields.get(owner, primitive), LockRole.CONSTRUCTION,
                   f"{last_two(name)}()")
        if handed:
            self.sites[-1] = dataclasses.replace(self.sites[-1], handed_to=handed)

    def _local_lock(self, binding: str, value: Node, primitive: str) -> tuple[str, str]:
        """(owner, hand-off) of a lock bound to a local: the field of a struct literal that
        takes it (`State { m: m.clone() }`: one lock, the field's), else the binding, with
        the constructor argument it is passed to, if any."""
        owner = self._field_fed_by(binding, value) or binding
        self.linked[binding] = owner
        if owner != binding:
            return owner, ""
        self.bindings[owner] = self.fields.get(owner, primitive)
        return owner, self._handed_to(owner, value)

    def _field_copy(self, let: Node) -> None:
        """`let client = self.inner.clone();` (or `Arc::clone(&self.inner)`): `client` is the
        lock field `Type.inner` in that function, not a lock of its own."""
        value = "".join(text(let.child_by_field_name("value")).split())
        field = value.removeprefix("Arc::clone(&self.").removesuffix(")") if value.startswith(
            "Arc::clone(&self.") else value.removeprefix("self.").removesuffix(".clone()")
        fn = self._enclosing(let)
        owner = f"{fn.self_type}.{field}" if fn is not None and fn.self_type else ""
        if fn is not None and owner in self.fields and value != field:
            name = text(let.child_by_field_name("pattern")).removeprefix("mut ").strip()
            self.copies[(fn.node.start_byte, name)] = owner

    def _owner_of_value(self, value: Node) -> str:
        parent = value.parent
        if parent is not None and parent.type == "let_declaration":
            return text(parent.child_by_field_name("pattern")).removeprefix("mut ").strip()
        if parent is not None and parent.type == "field_initializer":
            struct = _ancestor(parent, "struct_expression")
            written = text(struct.child_by_field_name("name")) if struct else ""
            # `AppState::<Backend> { .. }`: the type's own name, without the turbofish
            type_name = strip_generics(written).removesuffix("::").rsplit("::", 1)[-1]
            field = text(parent.child_by_field_name("field"))
            if type_name == "Self":
                type_name = self._self_type(parent)
            return f"{type_name}.{field}"
        return ""

    def _handed_to(self, binding: str, value: Node) -> str:
        """`Feed::new#1` when `binding` is next passed to `Feed::new(pool, binding.clone())`
        (analysis finds the field that argument fills); "" when it is not."""
        scope = _ancestor(value, "function_item") or value.parent
        for node in descendants(scope, "call_expression") if scope is not None else ():
            if node.start_byte < value.end_byte:
                continue
            path = strip_generics(callee(node)).split("::")
            if len(path) < 2 or not path[-2][:1].isupper():
                continue
            for position, argument in enumerate(arguments(node)):
                if "".join(text(argument).split()) in _shared_forms(binding):
                    return f"{path[-2]}::{path[-1]}#{position}"
        return ""

    def _field_fed_by(self, binding: str, value: Node) -> str:
        """`Type.field` of the first struct literal after `value`, in the same function,
        whose field takes `binding` (`field: binding.clone()`, `Arc::clone(&binding)`, or
        the shorthand `Type { binding }`); "" when none does."""
        scope = _ancestor(value, "function_item") or value.parent
        shared = _shared_forms(binding)
        initializers = ("field_initializer", "shorthand_field_initializer")
        for node in descendants(scope, *initializers) if scope is not None else ():
            field = _field_taking(node, binding, shared) if node.start_byte > value.end_byte \
                else ""
            if field:
                struct = _ancestor(node, "struct_expression")
                name = strip_generics(text(struct.child_by_field_name("name"))) if struct else ""
                name = self._self_type(node) if name == "Self" else name.rsplit("::", 1)[-1]
                return f"{name}.{field}" if name else ""
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
        self._site(call, owner, primitive, LockRole.ACQUISITION, how, _held_across_await(call))

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
        return self._named_owner(text(receiver), call)

    def _named_owner(self, name: str, call: Node) -> tuple[str, str | None]:
        """The lock a plain name takes: a static, a copied lock field, a local lock."""
        if name in self.statics:
            return name, self.statics[name]
        fn = self._enclosing(call)
        copied = self.copies.get((fn.node.start_byte if fn else -1, name))
        if copied is not None:
            return copied, self.fields[copied]
        owner = self.linked.get(name, name)
        return owner, self.bindings.get(name) or self.fields.get(owner)


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


def _field_taking(node: Node, binding: str, shared: set[str]) -> str:
    """The field a struct literal's initializer `node` sets to `binding`, or ""."""
    if node.type == "field_initializer" and "".join(
            text(node.child_by_field_name("value")).split()) in shared:
        return text(node.child_by_field_name("field"))
    if node.type == "shorthand_field_initializer" and text(node) == binding:
        return binding
    return ""


def _shared_forms(binding: str) -> set[str]:
    """How a lock bound to `binding` is handed on, spaces removed."""
    return {binding, f"{binding}.clone()", f"Arc::clone(&{binding})", f"Rc::clone(&{binding})",
            f"&{binding}"}


def _in_test_item(node: Node) -> bool:
    """Inside a `#[cfg(test)]` module, struct or impl (fields and statics have no function)."""
    parent = node.parent
    while parent is not None:
        if parent.type in TEST_SCOPES and is_test_item(parent):
            return True
        parent = parent.parent
    return False


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
        if descendants(sibling, "await_expression"):
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
    return any(n.end_byte > top.end_byte for n in descendants(statement, "await_expression"))


def _drops(node: Node, guard: str) -> bool:
    return any(callee(n) in ("drop", "std::mem::drop")
               and text(n.child_by_field_name("arguments")).strip("() ") == guard
               for n in descendants(node, "call_expression"))


def collect_locks(source: bytes, index: Index, path: str, imports: tuple[ImportFacts, ...],
                  functions: list[FnInfo], hot: set[str],
                  in_macros: Sequence[Node] = ()) -> tuple[LockSite, ...]:
    """`in_macros`: call expressions reparsed from macro bodies (`macros.py`)."""
    if not LOCK_HINT.search(source):
        return ()
    return tuple(_Finder(index, path, imports, functions, hot).run(in_macros))
