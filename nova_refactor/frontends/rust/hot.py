"""Request handlers of one file and the calls of each function, keyed for the hot paths.

A handler is a function registered as a route handler in this file, an attribute-macro route
(`#[get("/p")]`), or an `async fn` taking an actix-web / axum extractor (`web::Data`,
`web::Json`, `web::Path`, `HttpRequest`, `State`, `Json`, `Path`, `Query`, `Form`, ...).
Calls are keyed for analysis to follow across the crate (`analysis/rust/hot.py`): `f(..)` and
`module::f(..)` reach free functions `f`, `Type::f(..)` and `Self::f(..)` the method `f` of that
type, `x.f(..)` (`@Type::f`) the method `f` of `x`'s type where the function shows it
(`receivers.py`), else every method named `f` (a name match), `drop(x)` every `Drop::drop`.
Within one file, only the handlers themselves are marked hot here: what they reach is
analysis's to say, with `via`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from itertools import islice

from tree_sitter import Node

from nova_refactor.frontends.rust.functions import Enclosing, FnInfo
from nova_refactor.frontends.rust.index import Index
from nova_refactor.frontends.rust.receivers import Receivers, generic_names
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


def reported(functions: list[FnInfo]) -> set[str]:
    """The names whose calls a file reports: test code's are not (a test function named like a
    production one, `#[cfg(test)] fn now` beside `#[cfg(not(test))] fn now`, shares its keys)."""
    return {f.name for f in functions if not f.in_test}


class Scopes:
    """The reported function around a node (by position) and the receiver types it knows."""

    def __init__(self, functions: list[FnInfo]) -> None:
        self.ordered = sorted(functions, key=lambda f: f.node.start_byte)
        self.enclosing = Enclosing([f.node for f in self.ordered])
        self.envs: dict[int, Receivers] = {}
        self.reported = reported(functions)

    def owner(self, node: Node) -> FnInfo | None:
        """None outside functions and in test code: a third of Nova's calls and half of its
        `let`s are in tests, whose keys are dropped anyway."""
        at = self.enclosing.index_of(node)
        info = self.ordered[at] if at >= 0 else None
        return info if info is not None and info.name in self.reported else None

    def reports(self, node: Node) -> bool:
        return self.owner(node) is not None

    def env(self, info: FnInfo) -> Receivers:
        """The receiver types `info`'s body shows, made on first use."""
        owner = info.node
        if owner.start_byte not in self.envs:
            self.envs[owner.start_byte] = Receivers(owner, info.self_type, generic_names(owner))
        return self.envs[owner.start_byte]

    def owned(self, nodes: Sequence[Node]) -> Iterator[tuple[FnInfo, Sequence[Node]]]:
        """Each reported function with those of `nodes` (in source order) it is the innermost
        function of. A function's nodes are found by bisection and test code's are never
        visited: asking `owner` of each node was a third of the call keys' time."""
        starts = [node.start_byte for node in nodes]
        for at, info in enumerate(self.ordered):
            if info.name not in self.reported:
                continue
            start, end = info.node.start_byte, info.node.end_byte
            inside = nodes[bisect_left(starts, start):bisect_left(starts, end)]
            nested = self._nested(at)  # the functions inside this one own their nodes
            if nested:
                inside = [node for node in inside if not any(
                    first <= node.start_byte and node.end_byte <= last for first, last in nested)]
            if inside:
                yield info, inside

    def _nested(self, at: int) -> list[tuple[int, int]]:
        """The byte ranges of the functions inside `self.ordered[at]`."""
        end = self.ordered[at].node.end_byte
        found = []
        for inner in islice(self.ordered, at + 1, None):  # no copy: most end at the next one
            if inner.node.start_byte >= end:
                break
            found.append((inner.node.start_byte, inner.node.end_byte))
        return found


def call_keys(index: Index, functions: list[FnInfo], extra: Sequence[Node] = (),
              scopes: Scopes | None = None) -> dict[str, tuple[set[str], set[str]]]:
    """What each function calls, as (name-keyed, typed) call keys, from the file's call
    expressions (and `extra` ones: those reparsed from macro bodies); test code's are empty.
    `scopes`: those of `functions`, when the caller has them already."""
    scopes = scopes if scopes is not None else Scopes(functions)
    for info, lets in scopes.owned(index.nodes("let_declaration")):
        env = scopes.env(info)
        for let in lets:
            env.add_let(let)
    keys: dict[str, tuple[set[str], set[str]]] = {f.name: (set(), set()) for f in functions}
    for info, calls in scopes.owned(index.nodes("call_expression")):
        # by name, as the import weights and similarity read it (before receiver types)
        plain, typed = keys[info.name]
        env = scopes.env(info)
        for call in calls:
            plain_key, typed_key = _call_key_pair(call, info.self_type, env)
            plain.add(plain_key)
            typed.add(typed_key)  # for the hot paths
    for info, calls in scopes.owned(extra):  # macro bodies: for the hot paths only
        env = scopes.env(info)
        keys[info.name][1].update(_call_key_pair(call, info.self_type, env)[1] for call in calls)
    for plain, typed in keys.values():
        plain.discard("")  # a call whose callee has no key
        typed.discard("")
    return keys


def _method_keys(function: Node, env: Receivers) -> tuple[str, str]:
    method = text(function.child_by_field_name("field"))
    value = function.child_by_field_name("value")
    typed = env.chain(value) if value is not None else None
    if typed is None:
        return "." + method, "." + method
    return "." + method, "@" + ".".join((typed[0], *typed[1])) + "::" + method


def _call_key_pair(call: Node, self_type: str, env: Receivers) -> tuple[str, str]:
    """The call's key by name (as the import weights and similarity read it) and with the
    receiver types of `env` (for the hot paths), computed together: one walk of the callee.

    Keys: `fn:f`, `Type::f`, `@Type.field::method` (a receiver of known type; `@Type::method`
    without fields) or `.method` (a receiver of unknown type); "" for calls of computed values.
    By name, `handlers::f(..)` is `handlers::f`; with types it is the free function `fn:f`."""
    function = call.child_by_field_name("function")
    if function is not None and function.type == "generic_function":
        function = function.child_by_field_name("function")
    if function is None:
        return "", ""
    if function.type == "field_expression":
        return _method_keys(function, env)
    if function.type not in ("identifier", "scoped_identifier"):
        return "", ""  # `(entry.handler)(req)`, closures in parentheses: nothing to follow
    path = strip_generics(text(function))
    owner, _, name = path.rpartition("::")
    owner = self_type if owner == "Self" else owner.rsplit("::", 1)[-1]
    if not owner:
        return f"fn:{name}", f"fn:{name}"  # `f(..)`: a free function
    by_name = f"{owner}::{name}"
    return by_name, by_name if owner[:1].isupper() else f"fn:{name}"
