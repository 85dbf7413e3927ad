"""Method-call chains (`a.b(x).c(y)`), the shape every Rust builder API is written in."""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from nova_refactor.frontends.rust.syntax import text


@dataclass(frozen=True, slots=True)
class Call:
    method: str
    args: tuple[Node, ...]
    node: Node
    line: int  # where the method name is written


def arguments(call: Node) -> tuple[Node, ...]:
    args = call.child_by_field_name("arguments")
    if args is None:
        return ()
    return tuple(c for c in args.named_children if c.type not in ("line_comment", "block_comment"))


def unwind(node: Node) -> tuple[Node, list[Call]]:
    """(root expression, calls in source order) of `root.m1(..).m2(..)`; `.await` and `?` are
    looked through."""
    calls: list[Call] = []
    while True:
        if node.type in ("await_expression", "try_expression", "parenthesized_expression"):
            inner = node.named_children[0] if node.named_children else None
            if inner is None:
                break
            node = inner
            continue
        function = node.child_by_field_name("function") if node.type == "call_expression" else None
        if function is None or function.type != "field_expression":
            break
        method = text(function.child_by_field_name("field"))
        field = function.child_by_field_name("field") or function
        calls.append(Call(method, arguments(node), node, field.start_point[0] + 1))
        value = function.child_by_field_name("value")
        if value is None:  # a field expression always has one; a broken tree may not
            break
        node = value
    calls.reverse()
    return node, calls


def callee(node: Node) -> str:
    """`web::scope` for `web::scope("/x")`, `App::new` for `App::new()`, "" for other nodes."""
    if node.type != "call_expression":
        return ""
    function = node.child_by_field_name("function")
    if function is None or function.type == "field_expression":
        return ""
    if function.type == "generic_function":
        function = function.child_by_field_name("function")
    return text(function)


def is_outermost(call: Node) -> bool:
    """True when the call is not the receiver of a further method call."""
    parent = call.parent
    while parent is not None and parent.type in ("await_expression", "try_expression"):
        call, parent = parent, parent.parent
    return not (parent is not None and parent.type == "field_expression"
                and parent.child_by_field_name("value") == call)
