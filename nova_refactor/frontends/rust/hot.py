"""Request handlers of one file and the functions of the same file they call: the hot path.

A handler is a function registered as a route handler in this file, an attribute-macro route
(`#[get("/p")]`), or an `async fn` taking an actix-web / axum extractor (`web::Data`,
`web::Json`, `web::Path`, `HttpRequest`, `State`, `Json`, `Path`, `Query`, `Form`, ...).
Calls are followed by name (`f(..)`, `Self::f(..)`, `x.f(..)`), so a method name shared by two
types of the file makes both hot: the finder errs towards reporting.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from nova_refactor.frontends.rust.chains import callee
from nova_refactor.frontends.rust.functions import FnInfo
from nova_refactor.frontends.rust.syntax import last_segment, text

EXTRACTORS = re.compile(
    r"\b(?:web::)?(?:Data|Json|Path|Query|Form|State|Extension|HttpRequest|Payload|"
    r"TypedHeader|HeaderMap|Bytes)\s*[<)]|\bHttpRequest\b"
)
RESPONSES = re.compile(r"Responder|HttpResponse|IntoResponse|Response\b|StatusCode|Json<")


def is_handler_signature(info: FnInfo) -> bool:
    if not info.is_async or info.self_type:
        return False
    params = text(info.node.child_by_field_name("parameters"))
    returns = text(info.node.child_by_field_name("return_type"))
    return bool(EXTRACTORS.search(params)) and bool(RESPONSES.search(returns) or not returns)


def handler_names(functions: list[FnInfo], routed: set[str]) -> set[str]:
    """Qualified names of the handlers among `functions`."""
    return {
        f.name for f in functions
        if (not f.self_type and f.short in routed) or is_handler_signature(f)
    }


def hot_functions(functions: list[FnInfo], handlers: set[str]) -> set[str]:
    by_short: dict[str, list[FnInfo]] = {}
    for info in functions:
        by_short.setdefault(info.short, []).append(info)
    hot = set(handlers)
    todo = [f for f in functions if f.name in handlers]
    while todo:
        info = todo.pop()
        for name in _called_names(info.node):
            for target in by_short.get(name, []):
                if target.name not in hot:
                    hot.add(target.name)
                    todo.append(target)
    return hot


def _called_names(fn: Node) -> set[str]:
    names = set()
    stack = [fn.child_by_field_name("body")]
    while stack:
        node = stack.pop()
        if node is None or node.type == "function_item":
            continue
        if node.type == "call_expression":
            function = node.child_by_field_name("function")
            if function is not None and function.type == "field_expression":
                names.add(text(function.child_by_field_name("field")))
            else:
                names.add(last_segment(callee(node)))
        stack.extend(node.children)
    return names
