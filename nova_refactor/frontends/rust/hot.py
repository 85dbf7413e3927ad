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

from nova_refactor.frontends.rust.callkeys import answers_to
from nova_refactor.frontends.rust.functions import FnInfo, innermost
from nova_refactor.frontends.rust.index import Index
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


def call_keys(index: Index, functions: list[FnInfo]) -> dict[str, set[str]]:
    """What each function calls, as call keys, from the file's call expressions."""
    by_start = {f.node.start_byte: f for f in functions}
    nodes = [f.node for f in sorted(functions, key=lambda f: f.node.start_byte)]
    starts = [n.start_byte for n in nodes]
    keys: dict[str, set[str]] = {f.name: set() for f in functions}
    for call in index.nodes("call_expression"):
        owner = innermost(nodes, starts, call)
        info = by_start.get(owner.start_byte) if owner is not None else None
        key = _call_key(call, info.self_type) if info is not None else ""
        if info is not None and key:
            keys[info.name].add(key)
    return keys


def hot_functions(functions: list[FnInfo], handlers: set[str],
                  calls: dict[str, set[str]]) -> set[str]:
    index: dict[str, list[str]] = {}
    for info in functions:
        for key in answers_to(info.name, bool(info.self_type)):
            index.setdefault(key, []).append(info.name)
    return reachable(handlers, calls, index)


def reachable(seeds: set[str], calls: dict[str, set[str]], index: dict[str, list[str]]
              ) -> set[str]:
    """Every function reached from `seeds` through `calls` (caller -> keys -> functions)."""
    hot = set(seeds)
    todo = list(seeds)
    while todo:
        for key in calls.get(todo.pop(), ()):
            for target in index.get(key, ()):
                if target not in hot:
                    hot.add(target)
                    todo.append(target)
    return hot


def _call_key(call: Node, self_type: str) -> str:
    """`fn:f`, `.method` or `Type::f` for a call; "" for calls of computed values."""
    function = call.child_by_field_name("function")
    if function is not None and function.type == "generic_function":
        function = function.child_by_field_name("function")
    if function is None:
        return ""
    if function.type == "field_expression":
        return "." + text(function.child_by_field_name("field"))
    if function.type not in ("identifier", "scoped_identifier"):
        return ""  # `(entry.handler)(req)`, closures in parentheses: nothing to follow
    path = strip_generics(text(function))
    owner, _, name = path.rpartition("::")
    if not owner:
        return f"fn:{name}"
    owner = self_type if owner == "Self" else owner.rsplit("::", 1)[-1]
    return f"{owner}::{name}"
