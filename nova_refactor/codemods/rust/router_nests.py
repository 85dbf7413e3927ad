"""routes.rs within the plan's file-size limit, for axum: when the generated `routes::router`
would make routes.rs pass the limit, each domain nest (`.nest("/posts", posts_router)`, not a
versioning nest such as `/api/v1`, whose children are the domains) moves to
`routes/<domain>.rs` as its own `pub(crate) fn router(..) -> Router<S>`, and routes.rs mounts
it in place: `.nest("/posts", posts::router(..))`. Same path, same order, same enclosing
router, so the layers of the enclosing router still apply; `S` is the state type of the
router the nest joins (axum's `Router::nest` takes a `Router<S>` of the same `S`).

The nested router is either written inline or bound by a `let` of the same function that
only the nest reads (the generated `routes.rs` keeps `fn main`'s `let post_router = ..;`);
a nest whose router reads another local binding stays where it is (its type is not known
here).
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from nova_refactor.codemods.rust import route_scopes
from nova_refactor.codemods.rust.route_scopes import (
    VERSIONING,
    ScopeModule,
    apply_edits,
    chain_head,
    imported_names,
    module_name,
    parameters_of,
    with_mods,
)
from nova_refactor.frontends.rust.syntax import parse, text, walk


class UnknownState(ValueError):
    """The state type of the router the nests join could not be read from routes.rs."""


@dataclass(frozen=True, slots=True)
class _Nest:
    call: Node  # the `.nest(..)` call
    literal: str  # its path literal, quoted
    router: Node  # the nested router's expression where it is written
    binding: Node | None  # the `let` that binds it, when the nest names a binding


def split_nests(routes: str) -> tuple[str, list[ScopeModule]] | None:
    """routes.rs with its domain nests mounted from `routes/<domain>.rs`, and those modules;
    None when routes.rs is within the limit or has no nest to move. Raises UnknownState
    when the nests' state type cannot be read."""
    if routes.count("\n") < route_scopes.ROUTES_LINES:  # read here: tests lower it
        return None
    data = routes.encode("utf-8")
    root = parse(data).root_node
    function = _router_function(root)
    body = function.child_by_field_name("body") if function is not None else None
    if function is None or body is None:
        return None
    nests = _domain_nests(body)
    if not nests:
        return None
    params = parameters_of(function)
    state = state_type(body, params, function.child_by_field_name("return_type"))
    taken = imported_names(root)
    modules, edits = [], []
    for nest in nests:
        module, mount = _nest_module(nest, params, state, taken)
        taken.add(module.name)
        modules.append(module)
        edits.append((nest.router.start_byte, nest.router.end_byte, mount))
        if nest.binding is not None:
            edits.append(_line_span(data, nest.binding))
    return with_mods(apply_edits(data, edits), [m.name for m in modules]), modules


def _router_function(root: Node) -> Node | None:
    """The top-level function that builds the router: `fn router(..) -> Router`."""
    for node in root.named_children:
        returns = node.child_by_field_name("return_type") if node.type == "function_item" \
            else None
        if returns is not None and _type_name(returns) == "Router":
            return node
    return None


def _type_name(node: Node) -> str:
    """`Router<AppState>` and `axum::Router` -> `Router`."""
    if node.type == "generic_type":
        inner = node.child_by_field_name("type")
        return _type_name(inner) if inner is not None else ""
    return text(node).rsplit("::", 1)[-1]


def state_type(body: Node, params: list[tuple[str, str]], returns: Node | None) -> str:
    """The `S` of the routers nested into the returned one: the type of the parameter that
    `.with_state(..)` receives; without `.with_state`, the returned `Router<S>`'s `S`."""
    given = {text(argument) for call in walk(body)
             if _method(call) == "with_state" for argument in _arguments(call)}
    if not given:
        return _returned_state(returns)
    types = {name: kind.lstrip("&").strip() for name, kind in params}
    found = {types.get(value.removesuffix(".clone()")) for value in given}
    if len(found) != 1 or None in found:
        raise UnknownState(f"`.with_state({', '.join(sorted(given))})` does not name one "
                           "parameter of the router function, so the nested routers' state "
                           "type is not known here")
    return str(found.pop())


def _returned_state(returns: Node | None) -> str:
    """`Router<AppState>` -> `AppState`; a plain `Router` is a `Router<()>`."""
    if returns is None or returns.type != "generic_type":
        return "()"
    arguments = returns.child_by_field_name("type_arguments")
    return text(arguments)[1:-1].strip() if arguments is not None else "()"


def _domain_nests(body: Node) -> list[_Nest]:
    """The nests that move: domain paths, with a router written inline or bound by a `let`
    only the nest reads, reading no other local binding, and not inside another such nest
    (which carries them along)."""
    lets = _single_use_lets(body)
    found = []
    for call in walk(body):
        nest = _nest(call, lets)
        if nest is not None and not VERSIONING.match(nest.literal) and \
                not _reads_locals(_code(nest), body):
            found.append(nest)
    outermost = [n for n in found if not any(
        other is not n and _within(n.call, _code(other)) for other in found)]
    return sorted(outermost, key=lambda n: n.router.start_byte)


def _nest(call: Node, lets: dict[str, Node]) -> _Nest | None:
    if _method(call) != "nest":
        return None
    arguments = _arguments(call)
    if len(arguments) != 2 or arguments[0].type != "string_literal":
        return None
    literal, router = text(arguments[0]), arguments[1]
    if router.type == "identifier" and text(router) in lets:
        return _Nest(call, literal, router, lets[text(router)])
    head = chain_head(router)
    if head is not None and text(head).replace(" ", "").startswith(("Router::new()",
                                                                    "axum::Router::new()")):
        return _Nest(call, literal, router, None)
    return None


def _code(nest: _Nest) -> Node:
    """The router's own expression: the `let`'s value, or the inline argument."""
    if nest.binding is not None:
        value = nest.binding.child_by_field_name("value")
        if value is not None:
            return value
    return nest.router


def _single_use_lets(body: Node) -> dict[str, Node]:
    """`let name = Router::new()..;` statements of the function whose name is read once."""
    reads: dict[str, int] = {}
    for node in walk(body):
        if node.type == "identifier":
            reads[text(node)] = reads.get(text(node), 0) + 1
    found = {}
    for statement in body.named_children:
        name = _router_binding(statement)
        if name is not None and reads.get(name) == 2:  # the pattern itself and the nest
            found[name] = statement
    return found


def _router_binding(statement: Node) -> str | None:
    """The name a `let name = Router::new()..;` statement binds."""
    if statement.type != "let_declaration":
        return None
    pattern = statement.child_by_field_name("pattern")
    head = chain_head(statement.child_by_field_name("value"))
    if pattern is None or pattern.type != "identifier" or head is None or \
            not text(head).replace(" ", "").endswith("Router::new()"):
        return None
    return text(pattern)


def _reads_locals(code: Node, body: Node) -> bool:
    """Whether the code names a binding the function declares outside it."""
    outside = {text(pattern) for node in walk(body) if node.type == "let_declaration"
               and not _within(node, code)
               for pattern in walk(node.child_by_field_name("pattern") or node)
               if pattern.type == "identifier"}
    return any(n.type == "identifier" and text(n) in outside for n in walk(code))


def _nest_module(nest: _Nest, params: list[tuple[str, str]], state: str, taken: set[str]
                 ) -> tuple[ScopeModule, str]:
    """The module for one nest and the expression mounting it: its `router` takes the
    router function's parameters the nest's code names, with their types; an owned
    parameter is handed a clone (the router function still needs its own)."""
    name = module_name(nest.literal, taken)
    code = _code(nest)
    used = {text(n) for n in walk(code) if n.type == "identifier"}
    passed = [(n, t) for n, t in params if n in used]
    signature = ", ".join(f"{n}: {t}" for n, t in passed)
    returns = "Router" if state == "()" else f"Router<{state}>"
    module = (f"/// The `{nest.literal.strip(chr(34))}` routes, nested in their place in the "
              f"service's router.\npub(crate) fn router({signature}) -> {returns} {{\n"
              f"{_indented(_dedent(text(code)))}\n}}\n")
    args = ", ".join(n if t.startswith("&") else f"{n}.clone()" for n, t in passed)
    return ScopeModule(name, nest.literal, module), f"{name}::router({args})"


def _indented(code: str) -> str:
    return "\n".join("    " + line if line.strip() else line for line in code.split("\n"))


def _dedent(code: str) -> str:
    """A chain's continuation lines lose the indentation of the place it came from."""
    lines = code.split("\n")
    rest = [line for line in lines[1:] if line.strip()]
    indent = min((len(line) - len(line.lstrip()) for line in rest), default=0)
    base = max(indent - 4, 0)
    return "\n".join([lines[0]] + [line[base:] for line in lines[1:]])


def _line_span(data: bytes, node: Node) -> tuple[int, int, str]:
    """An edit deleting the statement's whole lines."""
    start = data.rfind(b"\n", 0, node.start_byte) + 1
    end = data.find(b"\n", node.end_byte)
    return start, (len(data) if end < 0 else end + 1), ""


def _within(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _method(call: Node) -> str:
    function = call.child_by_field_name("function") if call.type == "call_expression" else None
    if function is None or function.type != "field_expression":
        return ""
    return text(function.child_by_field_name("field"))


def _arguments(call: Node) -> list[Node]:
    arguments = call.child_by_field_name("arguments")
    return [c for c in (arguments.named_children if arguments is not None else ())
            if c.type not in ("line_comment", "block_comment")]
