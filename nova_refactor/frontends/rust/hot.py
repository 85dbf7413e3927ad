"""Request handlers of one file and the functions of the same file they call: the hot path.

A handler is a function registered as a route handler in this file, an attribute-macro route
(`#[get("/p")]`), or an `async fn` taking an actix-web / axum extractor (`web::Data`,
`web::Json`, `web::Path`, `HttpRequest`, `State`, `Json`, `Path`, `Query`, `Form`, ...).
Calls are followed by name: `f(..)` reaches free functions `f`, `Type::f(..)` and `Self::f(..)`
the method `f` of that type, `x.f(..)` every method named `f` of the file (the receiver's type
is not inferred, so the finder errs towards reporting), `drop(x)` every `Drop::drop`.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from nova_refactor.frontends.rust.chains import callee
from nova_refactor.frontends.rust.functions import FnInfo
from nova_refactor.frontends.rust.syntax import strip_generics, text

EXTRACTORS = re.compile(
    r"\b(?:web::)?(?:Data|Json|Path|Query|Form|State|Extension|Payload|TypedHeader|HeaderMap"
    r"|Bytes)\s*[<)]|\bHttpRequest\b"
)
RESPONSES = re.compile(r"Responder|HttpResponse|IntoResponse|Response\b|StatusCode|Json<")


def is_handler_signature(info: FnInfo) -> bool:
    if not info.is_async or info.self_type:
        return False
    params = text(info.node.child_by_field_name("parameters"))
    returns = text(info.node.child_by_field_name("return_type"))
    return bool(EXTRACTORS.search(params)) and bool(RESPONSES.search(returns) or not returns)


def handler_names(functions: list[FnInfo], routed: set[str]) -> set[str]:
    """Qualified names of the handlers among `functions` (test code never is one)."""
    return {
        f.name for f in functions
        if not f.in_test and ((not f.self_type and f.short in routed) or is_handler_signature(f))
    }


def _index(functions: list[FnInfo]) -> dict[str, list[FnInfo]]:
    """Call keys -> functions: `fn:f` (free), `.f` (any method), `Type::f` (a type's method)."""
    index: dict[str, list[FnInfo]] = {}
    for info in functions:
        keys = [f".{info.short}", f"{info.self_type}::{info.short}"] if info.self_type else [
            f"fn:{info.short}"
        ]
        if info.name.endswith("as Drop>::drop"):
            keys.append("fn:drop")
        for key in keys:
            index.setdefault(key, []).append(info)
    return index


def hot_functions(functions: list[FnInfo], handlers: set[str]) -> set[str]:
    index = _index(functions)
    hot = set(handlers)
    todo = [f for f in functions if f.name in handlers]
    while todo:
        info = todo.pop()
        for key in _call_keys(info):
            for target in index.get(key, []):
                if target.name not in hot:
                    hot.add(target.name)
                    todo.append(target)
    return hot


def _call_keys(info: FnInfo) -> set[str]:
    keys = set()
    stack = [info.node.child_by_field_name("body")]
    while stack:
        node = stack.pop()
        if node is None or node.type == "function_item":
            continue
        if node.type == "call_expression":
            keys.add(_call_key(node, info.self_type))
        stack.extend(node.children)
    return keys


def _call_key(call: Node, self_type: str) -> str:
    function = call.child_by_field_name("function")
    if function is not None and function.type == "field_expression":
        return "." + text(function.child_by_field_name("field"))
    path = strip_generics(callee(call))
    owner, _, name = path.rpartition("::")
    if not owner:
        return f"fn:{name}"
    owner = self_type if owner == "Self" else owner.rsplit("::", 1)[-1]
    return f"{owner}::{name}"
