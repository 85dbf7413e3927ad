"""The type of a method call's receiver, as far as one function shows it.

`self.cache.get(..)` in `impl FeedService` is keyed `FeedService.cache::get`: analysis reads
the field's declared type across the crate and follows `get` of that type only. Known:
`self` (the impl's type), parameters (`svc: &FeedService`, `web::Data(state):
web::Data<AppState>`, `State(s): State<AppState>`), `let x: T = ..`, `let x = T::new(..)`,
`let x = T { .. }`, and field chains from those. Wrappers that hand their inner value's
methods through (`Arc`, `Box`, `web::Data`, `State`, a lock and its guard: `.lock().await`)
are looked through. Anything else (a closure's argument, a method's return value, a generic
parameter) is unknown: the call is keyed `.get`, matched by name, and said to be.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from tree_sitter import Node

from nova_refactor.frontends.rust.functions import FnInfo
from nova_refactor.frontends.rust.index import Index
from nova_refactor.frontends.rust.syntax import descendants, line, strip_generics, text
from nova_refactor.model import BindingFacts

# Types whose methods are their first type argument's, for a call on them (Deref, or a lock
# whose guard derefs to the value).
TRANSPARENT = frozenset({"Arc", "Rc", "Box", "Data", "State", "Extension", "Json", "Query",
                         "Form", "Path", "Mutex", "RwLock", "ReentrantMutex", "FairMutex", "Pin",
                         "ArcSwap"})
# Calls that return the receiver, a clone of it or a guard of it.
PASS_THROUGH = frozenset({"clone", "lock", "read", "write", "try_lock", "try_read",
                          "try_write", "lock_owned", "read_owned", "write_owned", "as_ref",
                          "as_mut", "unwrap", "expect", "borrow", "borrow_mut", "get_ref",
                          "deref", "load", "load_full"})
_PREFIX = re.compile(r"^(?:&\s*(?:'\w+\s+)?|mut\s+|dyn\s+|impl\s+|'\w+\s*\+?\s*)+")
WRAPPING = frozenset({"reference_expression", "await_expression", "try_expression",
                      "parenthesized_expression", "unary_expression"})


@lru_cache(maxsize=4096)  # a crate writes few distinct types (Nova: 576 texts for 5,633 uses)
def core_type(type_text: str) -> str:
    """`&Arc<Mutex<FeedService>>` -> `FeedService`; `web::Data<AppState>` -> `AppState`;
    `impl Repo + Send` -> `Repo`; "" for a tuple, slice, array or function type."""
    current = type_text.strip()
    for _ in range(8):  # wrappers nest a few deep at most
        current = _PREFIX.sub("", current).split("+", 1)[0].strip()
        name = strip_generics(current).rsplit("::", 1)[-1]
        if not name or not (name[0].isalpha() or name[0] == "_"):
            return ""
        inner = _first_argument(current)
        if name not in TRANSPARENT or inner is None:
            return name
        current = inner
    return ""


def _first_argument(type_text: str) -> str | None:
    """`Foo<A<B>, C>` -> `A<B>`; None without type arguments."""
    start = type_text.find("<")
    if start < 0:
        return None
    depth = 0
    for at in range(start, len(type_text)):
        char = type_text[at]
        if char == "<":
            depth += 1
        elif char == ">":
            depth -= 1
            if depth == 0:
                return type_text[start + 1:at]
        elif char == "," and depth == 1:
            return type_text[start + 1:at]
    return None


class Receivers:
    """Types of the names of one function: `self`, its parameters, its typed `let`s."""

    def __init__(self, function: Node, self_type: str, generics: frozenset[str]) -> None:
        self.generics = generics
        self.names: dict[str, str] = {}
        if self_type:
            self.names["self"] = self_type
        params = function.child_by_field_name("parameters")
        for param in params.named_children if params is not None else ():
            if param.type == "parameter":
                self._bind(param.child_by_field_name("pattern"),
                           core_type(text(param.child_by_field_name("type"))))

    def add_let(self, let: Node) -> None:
        annotated = let.child_by_field_name("type")
        value = let.child_by_field_name("value")
        if annotated is not None:
            kind = core_type(text(annotated))
        elif value is not None:
            base = self.chain(value)
            kind = base[0] if base is not None and not base[1] else ""
        else:
            kind = ""
        self._bind(let.child_by_field_name("pattern"), kind)

    def _bind(self, pattern: Node | None, kind: str) -> None:
        pattern = _named_inside(pattern)
        if pattern is None or pattern.type not in ("identifier", "self"):
            return
        name = text(pattern)
        if kind and kind not in self.generics:
            self.names[name] = kind
        else:
            self.names.pop(name, None)  # a shadowing binding of unknown type

    def chain(self, node: Node) -> tuple[str, tuple[str, ...]] | None:
        """(type, fields) of an expression: `self.a.b` -> ("Svc", ("a", "b")); None when
        the type is not known here."""
        fields: list[str] = []
        current: Node | str | None = node
        for _ in range(16):
            if current is None or isinstance(current, str):
                return (current, tuple(reversed(fields))) if current else None
            current = self._step(current, fields)
        return None

    def _step(self, node: Node, fields: list[str]) -> Node | str | None:
        """One step down a receiver: the inner expression, or the type found ("" unknown)."""
        kind = node.type
        if kind in WRAPPING:
            return node.named_children[-1] if node.named_children else None
        if kind == "field_expression":
            fields.append(text(node.child_by_field_name("field")))
            return node.child_by_field_name("value")
        if kind == "call_expression":
            return self._call_value(node)
        if kind in ("identifier", "self"):
            return self.names.get(text(node), "")
        return None

    def _call_value(self, call: Node) -> Node | str:
        """The receiver a pass-through call hands on, or the type `T::new(..)` builds
        ("" when neither)."""
        function = call.child_by_field_name("function")
        if function is not None and function.type == "field_expression":
            if text(function.child_by_field_name("field")) in PASS_THROUGH:
                return function.child_by_field_name("value") or ""
            return ""
        if function is None or function.type != "scoped_identifier":
            return ""
        owner = strip_generics(text(function.child_by_field_name("path"))).rsplit("::", 1)[-1]
        if owner in ("Arc", "Rc", "Box"):  # `Arc::new(Svc::new())`: the value inside
            arguments = call.child_by_field_name("arguments")
            inner = arguments.named_children if arguments is not None else []
            return inner[0] if len(inner) == 1 else ""
        return self._named_type(owner)

    def _named_type(self, owner: str) -> str:
        if owner == "Self":
            return self.names.get("self", "")
        return owner if owner[:1].isupper() and owner not in self.generics else ""


def _named_inside(pattern: Node | None) -> Node | None:
    """The one name a parameter pattern binds: `web::Data(state)`, `State(s)`, `mut x`."""
    for _ in range(4):
        if pattern is None or pattern.type not in ("tuple_struct_pattern", "mut_pattern",
                                                   "ref_pattern", "reference_pattern"):
            return pattern
        inner = [c for c in pattern.named_children
                 if c != pattern.child_by_field_name("type") and c.type != "mutable_specifier"]
        pattern = inner[0] if len(inner) == 1 else None
    return pattern


def generic_names(function: Node) -> frozenset[str]:
    """Type parameter names of a function and of the impl or trait around it."""
    names: set[str] = set()
    node: Node | None = function
    while node is not None:
        params = node.child_by_field_name("type_parameters") if node.type in (
            "function_item", "impl_item", "trait_item") else None
        for param in params.named_children if params is not None else ():
            name = param.child_by_field_name("name") or next(
                (c for c in param.named_children if c.type == "type_identifier"), None)
            if name is not None:
                names.add(text(name))
        node = node.parent
    return frozenset(names)


def field_types(index: Index) -> tuple[BindingFacts, ...]:
    """`Struct.field` -> the type its methods are called on, for every named struct field
    and tuple struct field (`Struct.0`): analysis follows `self.field.method()` through them,
    across files."""
    found = list(_tuple_fields(index))
    for node in index.nodes("field_declaration"):
        struct = node.parent.parent if node.parent is not None else None
        kind = core_type(text(node.child_by_field_name("type")))
        if struct is not None and struct.type == "struct_item" and kind:
            owner = text(struct.child_by_field_name("name"))
            name = text(node.child_by_field_name("name"))
            found.append(BindingFacts(f"{owner}.{name}", kind, line(node)))
    return tuple(found)


def constructor_fields(functions: Sequence[FnInfo]) -> tuple[BindingFacts, ...]:
    """`Feed::new#1` -> `Feed.cache` when `Feed::new`'s second parameter (self aside) fills
    the field `cache` of the value it builds (`Self { cache, .. }`): where a lock passed to
    the constructor ends up."""
    found = []
    for fn in functions:
        if not _builds_own_type(fn):
            continue
        params = fn.node.child_by_field_name("parameters")
        names = [text(_named_inside(p.child_by_field_name("pattern")))
                 for p in (params.named_children if params is not None else ())
                 if p.type == "parameter"]
        if not names:
            continue  # nothing to fill a field with: its body is not walked
        for field, name in _fields_filled(fn, names):
            found.append(BindingFacts(f"{fn.self_type}::{fn.short}#{names.index(name)}",
                                      f"{fn.self_type}.{field}", line(fn.node)))
    return tuple(found)


def _builds_own_type(fn: FnInfo) -> bool:
    """A method returning `Self` or its impl's type (`-> Result<Self>`, `-> Feed`)."""
    returns = text(fn.node.child_by_field_name("return_type"))
    return bool(fn.self_type and returns and ("Self" in returns or fn.self_type in returns))


def _fields_filled(fn: FnInfo, params: list[str]) -> Iterator[tuple[str, str]]:
    """(field, parameter) for each field of `Self { .. }` / `Type { .. }` set to a parameter."""
    for node in descendants(fn.node, "shorthand_field_initializer", "field_initializer"):
        if node.type == "shorthand_field_initializer" and text(node) in params:
            yield text(node), text(node)
        elif node.type == "field_initializer":
            value = "".join(text(node.child_by_field_name("value")).split())
            name = value.removesuffix(".clone()")
            if name in params:
                yield text(node.child_by_field_name("field")), name


def _tuple_fields(index: Index) -> Iterator[BindingFacts]:
    for struct in index.nodes("struct_item"):
        body = struct.child_by_field_name("body")
        if body is None or body.type != "ordered_field_declaration_list":
            continue
        owner = text(struct.child_by_field_name("name"))
        types = [c for c in body.named_children if c.type not in ("visibility_modifier",
                                                                   "attribute_item")]
        for position, node in enumerate(types):
            kind = core_type(text(node))
            if kind:
                yield BindingFacts(f"{owner}.{position}", kind, line(node))
