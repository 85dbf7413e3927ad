"""Every place a Rust lock is taken, turned into an edit or a refusal.

A lock taken to call one method of the guarded type (`x.lock().await.m(a)`) becomes
`x.m(a).await` on the handle (a typed command); the read of a public field, a getter command.
Anything else done under the guard (a `let` guard used for several calls, field updates, a
chain on the guard) becomes one batched command: a closure the actor runs on its state, so
what was atomic under the lock stays atomic. The batched region must not await, return or
use `?` (the actor cannot hold its state across the caller's work), and nothing it binds may
be used after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from nova_refactor.codemods.actor.model import Edit, Findings, Operation, Refusal
from nova_refactor.codemods.actor.rust_facts import (
    LOCK_METHODS,
    Method,
    SourceFile,
    enclosing,
    impl_type,
    is_async_context,
    site,
)
from nova_refactor.codemods.actor.rust_regions import GUARD, let_guard, region_problem
from nova_refactor.frontends.rust.index import Index
from nova_refactor.frontends.rust.macros import macro_calls
from nova_refactor.frontends.rust.syntax import line, text, walk

UNWRAPS = frozenset({"unwrap", "expect"})


@dataclass(frozen=True, slots=True)
class LockRef:
    field_name: str
    state_type: str
    methods: dict[str, Method]
    public: dict[str, str]  # public field -> type
    holders: frozenset[str] = frozenset()  # structs whose `field_name` is this kind of lock


def acquisitions(file: SourceFile, lock: LockRef) -> list[Node]:
    """`x.lock()` / `x.read()` / `x.write()` calls on the lock (also inside `select!`)."""
    calls = [n for n in walk(file.root) if n.type == "call_expression"]
    calls += macro_calls(file.data, Index(file.root))
    names = aliases(file, lock)
    return sorted((c for c in calls if _takes(file, c, lock, names)), key=lambda n: n.start_byte)


def aliases(file: SourceFile, lock: LockRef) -> set[str]:
    """Locals that hold the lock: bound where it is built, or to a clone of one that does
    (`let fanout_feeds = feeds.clone();`)."""
    names = {lock.field_name}
    for let in (n for n in walk(file.root) if n.type == "let_declaration"):
        value = "".join(text(let.child_by_field_name("value")).split())
        name = text(let.child_by_field_name("pattern")).removeprefix("mut ").strip()
        if name.isidentifier() and (_shares(value, names) or _builds(value, lock)):
            names.add(name)
    return names


def _shares(value: str, names: set[str]) -> bool:
    return any(value in (f"{n}.clone()", f"Arc::clone(&{n})", n) or
               value.endswith((f".{n}.clone()", f"Arc::clone(&{n})")) for n in names)


def _builds(value: str, lock: LockRef) -> bool:
    return ("Lock::new(" in value or "Mutex::new(" in value) and lock.state_type in value


def _takes(file: SourceFile, call: Node, lock: LockRef, names: set[str]) -> bool:
    receiver = _lock_receiver(call)
    if receiver is not None and receiver.type == "field_expression":
        return _field_is_lock(file, call, receiver, lock)
    if receiver is None or receiver.type != "identifier" or text(receiver) not in names:
        return False
    if text(receiver) != lock.field_name:
        return True
    # a local or parameter named like the field: only where its function speaks of the type
    function_item = enclosing(_original(file, call), ("function_item",))
    return function_item is not None and lock.state_type in text(function_item)


def _field_is_lock(file: SourceFile, call: Node, receiver: Node, lock: LockRef) -> bool:
    owner = receiver.child_by_field_name("value")
    if text(receiver.child_by_field_name("field")) != lock.field_name or owner is None:
        return False
    if owner.type == "self":  # `self.cache` of another struct is another lock
        return impl_type(_original(file, call)) in lock.holders
    return True


def _lock_receiver(call: Node) -> Node | None:
    """`x` of `x.lock()` / `x.read()` / `x.write()` (no arguments); None for other calls."""
    function = call.child_by_field_name("function")
    arguments = call.child_by_field_name("arguments")
    if function is None or function.type != "field_expression" or arguments is None or \
            arguments.named_child_count or \
            text(function.child_by_field_name("field")) not in LOCK_METHODS:
        return None
    return function.child_by_field_name("value")


def _original(file: SourceFile, node: Node) -> Node:
    """The node of the file's own tree at `node`'s bytes (macro bodies are parsed apart)."""
    found = file.root.descendant_for_byte_range(node.start_byte, node.end_byte)
    return found if found is not None else node


def guard_expression(call: Node) -> Node:
    """`m.lock().await.unwrap()` for `m.lock()`: what holds the guard."""
    top = call
    while top.parent is not None:
        parent = top.parent
        grand = parent.parent
        if parent.type == "await_expression":
            top = parent
        elif parent.type == "field_expression" and grand is not None and \
                grand.type == "call_expression" and \
                text(parent.child_by_field_name("field")) in UNWRAPS:
            top = grand
        else:
            return top
    return top


def _slice(file: SourceFile, node: Node) -> str:
    return file.data[node.start_byte:node.end_byte].decode("utf-8")


def classify(file: SourceFile, call: Node, lock: LockRef, found: Findings) -> None:
    top = guard_expression(call)
    where = site(file, call)
    if not is_async_context(_original(file, call)):
        function = enclosing(_original(file, call), ("function_item",))
        name = text(function.child_by_field_name("name")) if function is not None else "?"
        found.refusals.append(Refusal(where, f"taken in non-async code (`{name}`): callers "
                                             "would need a sync API the actor cannot give"))
        return
    receiver_node = _lock_receiver(call)
    if receiver_node is None:
        return
    receiver = _slice(file, receiver_node)
    parent = top.parent
    if parent is not None and parent.type == "let_declaration":
        let_guard(file, parent, receiver, found)
    elif parent is not None and parent.type == "field_expression":
        _member(file, top, parent, receiver, lock, found)
    else:
        found.refusals.append(Refusal(where, "the guard escapes: it is used as a value, not "
                                             "to call a method or read a field"))


def _member(file: SourceFile, top: Node, member: Node, receiver: str, lock: LockRef,
            found: Findings) -> None:
    name = text(member.child_by_field_name("field"))
    grand = member.parent
    call = _called(member)
    called = call is not None
    method = lock.methods.get(name) if call is not None else None
    if call is not None and method is not None:
        _method_command(file, call, method, name, receiver, lock, found)
        return
    assigned = grand is not None and grand.type in ("assignment_expression",
                                                    "compound_assignment_expr")
    if not called and not assigned and name in lock.public:
        found.operations[name] = Operation(name, (), lock.public[name], is_field=True)
        found.edits.append(Edit(file.path, member.start_byte, member.end_byte,
                                f"{receiver}.{name}().await", line(member),
                                f"field `{name}` read through the lock -> command `{name}`"))
        return
    _inline_batch(file, top, receiver, found)


def _called(member: Node) -> Node | None:
    """The call `member(..)` when the field expression is called, else None."""
    grand = member.parent
    if grand is not None and grand.type == "call_expression" and \
            grand.child_by_field_name("function") == member:
        return grand
    return None


def _method_command(file: SourceFile, call: Node, method: Method, name: str, receiver: str,
                    lock: LockRef, found: Findings) -> None:
    """`x.lock().await.m(a)` -> `x.m(a).await`: the typed command `m`."""
    if method.problem:
        found.refusals.append(Refusal(site(file, call), f"`{lock.state_type}::{name}` "
                                                        f"{method.problem}"))
        return
    arguments = call.child_by_field_name("arguments")
    args = _slice(file, arguments) if arguments is not None else "()"
    found.operations[name] = method.operation
    found.edits.append(Edit(file.path, call.start_byte, call.end_byte,
                            f"{receiver}.{name}{args}.await", line(call),
                            f"`{name}` through the lock -> command `{name}`"))


def _statement(node: Node) -> Node:
    """The statement a temporary guard lives to the end of."""
    current = node
    while current.parent is not None and current.parent.type != "block":
        if current.type in ("let_declaration", "expression_statement"):
            return current
        current = current.parent
    return current


def _inline_batch(file: SourceFile, top: Node, receiver: str, found: Findings) -> None:
    statement = _statement(top)
    region: Node = statement
    if statement.type == "let_declaration":
        region = statement.child_by_field_name("value") or statement
    elif statement.type == "expression_statement":
        region = statement.named_children[0]
    suffix = ""
    if region.type == "try_expression":  # the `?` stays with the caller
        region, suffix = region.named_children[0], "?"
    problem = region_problem([region], top)
    if problem:
        found.refusals.append(Refusal(site(file, top), problem))
        return
    body = (_slice(file, region)[:top.start_byte - region.start_byte] + GUARD +
            _slice(file, region)[top.end_byte - region.start_byte:])
    found.batched = True
    found.edits.append(Edit(file.path, region.start_byte, region.end_byte,
                            f"{receiver}.run(move |{GUARD}| {body}).await{suffix}",
                            line(region), "used under the guard -> one batched command"))
