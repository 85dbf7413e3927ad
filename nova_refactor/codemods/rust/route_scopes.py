"""routes.rs within the plan's file-size limit: when the generated `routes::configure` would
make routes.rs pass the limit, each domain scope (`web::scope("/users")`, not a versioning
scope such as `/api/v1`, whose children are the domains) moves to `routes/<domain>.rs` as its
own `configure(cfg, ..)`, and routes.rs mounts it in place with
`.configure(|cfg| users::configure(cfg, ..))`: same order, same enclosing scope, so the
enclosing scope's `.wrap(..)` still applies (actix-web's `Scope::configure` and
`ServiceConfig::configure` register into the scope or config they are called on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from nova_refactor.codemods.rust import uses
from nova_refactor.frontends.rust.syntax import parse, text, walk

ROUTES_LINES = 500  # the plan's file-size limit
VERSIONING = re.compile(r'^"(?:/api)?(?:/v\d+)?/?"$')  # "/api/v1", "/v2", "/api", "", "/"


@dataclass(frozen=True, slots=True)
class ScopeModule:
    name: str
    path: str  # the scope's path literal
    code: str  # the module's body (imports are added by the caller)


def split_scopes(routes: str, renderer: object) -> tuple[str, list[ScopeModule]] | None:
    """routes.rs with its domain scopes mounted from `routes/<domain>.rs`, and those modules;
    None when routes.rs is within the limit or has no scope to move."""
    if routes.count("\n") < ROUTES_LINES:
        return None
    data = routes.encode("utf-8")
    root = parse(data).root_node
    params, calls = _configure_scopes(root)
    if not calls:
        return None
    taken = imported_names(root)
    modules, edits = [], []
    for call, literal in calls:
        module, edit = _scope_module(call, literal, params, taken)
        taken.add(module.name)
        modules.append(module)
        edits.append(edit)
    return with_mods(apply_edits(data, edits), [m.name for m in modules]), modules


def imported_names(root: Node) -> set[str]:
    """Names routes.rs's `use` items bind: a module named like one (`use crate::admin;`)
    would clash with it (`mod admin;` next to `admin::configure`)."""
    return {leaf.name for declaration in uses.declarations(root)
            for leaf in uses.leaves(declaration, "crate::routes")}


def apply_edits(data: bytes, edits: list[tuple[int, int, str]]) -> str:
    """The text with each (start, end, replacement) byte edit made; edits do not overlap."""
    out = data
    for start, end, replacement in sorted(edits, reverse=True):
        out = out[:start] + replacement.encode("utf-8") + out[end:]
    return out.decode("utf-8")


def _configure_scopes(root: Node) -> tuple[list[tuple[str, str]], list[tuple[Node, str]]]:
    """`fn configure`'s parameters and its domain scopes."""
    configure = next((n for n in root.named_children if n.type == "function_item" and
                      text(n.child_by_field_name("name")) == "configure"), None)
    if configure is None:
        return [], []
    params, body = parameters_of(configure), configure.child_by_field_name("body")
    return params, _domain_scopes(body) if params and body is not None else []


def _scope_module(call: Node, literal: str, params: list[tuple[str, str]], taken: set[str]
                  ) -> tuple[ScopeModule, tuple[int, int, str]]:
    """The module for one scope and the edit mounting it: its `configure` takes the
    configure parameters the scope's code names, with their types."""
    name = module_name(literal, taken)
    scope = _argument(call)
    function = call.child_by_field_name("function")
    method = function.child_by_field_name("field") if function is not None else None
    if scope is None or method is None:  # _scope_literal only finds `.service(one_arg)`
        raise ValueError(f"not a `.service(scope)` call: {text(call)[:60]}")
    used = {text(n) for n in walk(scope) if n.type == "identifier"}
    passed = [(n, t) for n, t in params[1:] if n in used]
    signature = ", ".join([f"cfg: {params[0][1]}"] + [f"{n}: {t}" for n, t in passed])
    code = (f"/// The `{literal.strip(chr(34))}` scope, in its place in the service's "
            f"routing.\npub(crate) fn configure({signature}) {{\n    cfg.service("
            f"{text(scope)});\n}}\n")
    args = "".join(f", {n}" for n, _ in passed)
    return ScopeModule(name, literal, code), (
        method.start_byte, call.end_byte, f"configure(|cfg| {name}::configure(cfg{args}))")


def parameters_of(function: Node) -> list[tuple[str, str]]:
    found = []
    parameters = function.child_by_field_name("parameters")
    for param in (parameters.named_children if parameters is not None else ()):
        if param.type == "parameter":
            found.append((text(param.child_by_field_name("pattern")),
                          text(param.child_by_field_name("type"))))
    return found


def _scope_literal(call: Node) -> str | None:
    """`.service(web::scope("/users").wrap(..).route(..))` -> `"/users"`."""
    if _method(call) != "service":
        return None
    head = chain_head(_argument(call))
    if head is None or head.type != "call_expression" or \
            not text(head.child_by_field_name("function")).endswith("scope"):
        return None
    args = head.child_by_field_name("arguments")
    literal = args.named_children[0] if args is not None and args.named_children else None
    return text(literal) if literal is not None and literal.type == "string_literal" else None


def _method(call: Node) -> str:
    function = call.child_by_field_name("function") if call.type == "call_expression" else None
    if function is None or function.type != "field_expression":
        return ""
    return text(function.child_by_field_name("field"))


def chain_head(node: Node | None) -> Node | None:
    """`web::scope("/a").wrap(m).route(..)` -> the `web::scope("/a")` call."""
    while node is not None and node.type == "call_expression":
        function = node.child_by_field_name("function")
        if function is None or function.type != "field_expression":
            break
        node = function.child_by_field_name("value")
    return node


def _argument(call: Node) -> Node | None:
    args = call.child_by_field_name("arguments")
    named = [c for c in (args.named_children if args is not None else ())
             if c.type not in ("line_comment", "block_comment")]
    return named[0] if len(named) == 1 else None


def _domain_scopes(body: Node) -> list[tuple[Node, str]]:
    """Scopes that are not versioning scopes and not inside another such scope."""
    scopes: dict[tuple[int, int], tuple[Node, str]] = {}
    for node in walk(body):
        literal = _scope_literal(node)
        if literal is not None:
            scopes[(node.start_byte, node.end_byte)] = (node, literal)
    found = [(node, literal) for node, literal in scopes.values()
             if not VERSIONING.match(literal) and not _inside_domain(node, body, scopes)]
    return sorted(found, key=lambda pair: _argument_start(pair[0]))


def _argument_start(call: Node) -> int:
    """Where a `.service(..)` call's argument starts: the calls of one chain all start at
    its receiver, so their arguments give the written order."""
    argument = _argument(call)
    return argument.start_byte if argument is not None else call.start_byte


def _inside_domain(node: Node, body: Node,
                   scopes: dict[tuple[int, int], tuple[Node, str]]) -> bool:
    parent = node.parent
    while parent is not None and parent != body:
        outer = scopes.get((parent.start_byte, parent.end_byte))
        if outer is not None and not VERSIONING.match(outer[1]) and \
                _within_arguments(node, outer[0]):
            return True
        parent = parent.parent
    return False


def _within_arguments(node: Node, call: Node) -> bool:
    """Inside the call's scope argument, not in the receiver chain it continues (in
    `a.service(x).service(y)`, the call of `y` spans `a.service(x)` too)."""
    args = call.child_by_field_name("arguments")
    return args is not None and args.start_byte <= node.start_byte < args.end_byte


def module_name(literal: str, taken: set[str]) -> str:
    words = [w for w in re.split(r"[^A-Za-z0-9]+", literal.strip('"')) if w and
             not w.startswith("{")]
    base = "_".join(words).lower() or "root"
    base = base if base[0].isalpha() else "scope_" + base
    if base in ("mod", "self", "super", "crate", "type", "fn", "use", "impl"):
        base += "_routes"
    name, number = base, 2
    if name in taken:
        name = base = base + "_routes"
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def with_mods(routes: str, names: list[str]) -> str:
    """`mod users;` lines after routes.rs's own doc comment and imports."""
    lines = routes.split("\n")
    at = 0
    for position, line in enumerate(lines):
        if line.startswith(("//!", "use ", "    ", "}")) or not line.strip():
            at = position + 1
            continue
        break
    block = [f"mod {name};" for name in names] + [""]
    return "\n".join(lines[:at] + block + lines[at:])


def parent_imports(parent: str, code: str) -> list[str]:
    """The `use` items a `routes/<domain>.rs` needs, taken from routes.rs itself (not from
    main.rs: routes.rs may hold items that moved out of main.rs, whose imports main.rs no
    longer has): the leaves the code names, and when unsure the type-like leaves routes.rs
    never names (traits); routes.rs's own items the code names come through `super::`."""
    root = parse(parent.encode("utf-8")).root_node
    tree = parse(code.encode("utf-8")).root_node
    names = uses.used_names(tree) | uses.traits_needed(code)
    found = uses.declarations(root)
    named_in_parent = uses.used_names(root, found)
    lines = []
    for declaration in found:
        kept = [leaf for leaf in uses.leaves(declaration, "crate::routes")
                if uses.binds_no_name(leaf) or leaf.name in names or
                (leaf.name not in named_in_parent and uses.may_be_trait(leaf.name))]
        if kept:
            lines.append(uses.attributes(declaration) + uses.render_tree(kept))
    own = sorted((uses.defined_names(root) & names) - uses.defined_names(tree))
    return lines + [f"use super::{name};" for name in own]
