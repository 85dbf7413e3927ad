"""The items of `main.rs` itself, when `fn main` is not what makes it long: real services keep
their handlers, request and response types and router builders next to `main` (Nova's
search-service: 692 lines, `fn main` 60 of them). After the split of `fn main`, if `main.rs`
is still over the plan's limit, its other items move to modules by role:

- `models`: structs, enums, type aliases, traits, their `impl`s, consts and statics, and the
  functions only their attributes name (`#[serde(default = "default_limit")]`);
- `routes` (or another free name): functions that register routes (`Router::new()`,
  `.route(`, `web::scope(`, `.service(`, `.configure(`);
- `handlers`: functions a route registration names, and those with a route attribute
  (`#[get("/")]`);
- `startup`: every other function (pool and client set-up, the runtime's entry function).

What stays: `fn main`, the `mod` and `use` items, `macro_rules!` (a macro reaches only the
modules declared below it) and top-level macro calls, and `#[cfg(test)]` modules.
Moved items become `pub(crate)` (and so do their fields and inherent methods), and `main.rs`
re-exports each moved name with `pub(crate) use`, so `crate::Name` keeps resolving in every
other file and in the modules written by the split of `fn main`. Unused re-exports are pruned
by the compiler when it runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tree_sitter import Node

from nova_refactor.codemods.rust import uses
from nova_refactor.codemods.rust.crate_index import Scope
from nova_refactor.codemods.rust.render import Renderer, is_mod_anchor, splice
from nova_refactor.frontends.rust.syntax import parse, text, walk

TYPE_ITEMS = frozenset({"struct_item", "enum_item", "type_item", "trait_item", "union_item",
                        "impl_item", "const_item", "static_item"})
VISIBLE_ITEMS = TYPE_ITEMS - {"impl_item"} | {"function_item"}
ROUTE_CALLS = re.compile(r"\bRouter::new\(|\.route\(|\bweb::scope\(|\.service\(|\.configure\("
                         r"|\.nest\(|\bweb::resource\(")
SERVER_CALLS = re.compile(r"\bHttpServer::new\(|\baxum::serve\(|\.serve\(|#\[[\w:]*main\b")
ROUTE_ATTRIBUTES = re.compile(r"^#\[(?:actix_web::)?(?:get|post|put|delete|patch|head|route|"
                              r"routes)\b")
ROLE_NAMES = {
    "models": ("models", "api_types", "types"),
    "routes": ("routes", "router", "http_routes"),
    "handlers": ("handlers", "http_handlers", "endpoints"),
    "startup": ("startup", "setup", "bootstrap"),
}
ROLE_ORDER = ("models", "handlers", "routes", "startup")
ROLE_TITLES = {
    "models": "Request, response and state types of the service, with their impls.",
    "routes": "The router: every route and scope, with the middleware each one gets.",
    "handlers": "The request handlers the routes name.",
    "startup": "Start-up helpers: pools, clients, listeners and the runtime's entry.",
}


@dataclass
class ItemSplit:
    main: str  # the new main.rs
    modules: dict[str, str] = field(default_factory=dict)  # module name -> its code
    moved: dict[str, list[str]] = field(default_factory=dict)  # module name -> item names
    titles: dict[str, str] = field(default_factory=dict)  # module name -> what it holds


def split_items(main_text: str, taken: set[str], scope: Scope,
                outside: str = "") -> ItemSplit | None:
    """Move main.rs's items by role; `taken`: module names the crate has already (or the
    split of `fn main` just wrote). None when nothing moves."""
    source = main_text.encode("utf-8")
    items = [n for n in parse(source).root_node.named_children if _movable(n)]
    if not items:
        return None
    roles = _roles(items, main_text)
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for item, role in zip(items, roles, strict=True):
        start = _lead(item)
        end = item.end_byte + (source[item.end_byte:item.end_byte + 1] == b"\n")
        spans.setdefault(role, []).append((start, end, _published(item, source, start)))
    result = ItemSplit(main="")
    for role in (r for r in ROLE_ORDER if r in spans):
        _add_module(result, _free(role, taken), role, spans[role],
                    [_name(item) for item, r in zip(items, roles, strict=True) if r == role])
    result.main = _remaining(source, spans, result.moved, scope, outside)
    return result


def _add_module(result: ItemSplit, module: str, role: str,
                spans: list[tuple[int, int, str]], names: list[str]) -> None:
    result.modules[module] = "\n".join(code for _, _, code in spans)
    result.titles[module] = ROLE_TITLES[role]
    result.moved[module] = [n for n in names if n]  # an impl block has no name of its own


def _movable(node: Node) -> bool:
    if node.type == "function_item":
        return _name(node) != "main"
    return node.type in TYPE_ITEMS


def _roles(items: list[Node], main_text: str) -> list[str]:
    registering = [i for i in items if _registers_routes(i)]
    # the function that runs the server registers routes too, but it is start-up
    routers = {_name(i) for i in registering if not SERVER_CALLS.search(text(i))}
    route_code = "\n".join(text(i) for i in registering) + _main_body(main_text)
    attribute_text = "\n".join(_attributes(i) for i in items if i.type in TYPE_ITEMS)
    return [_role(item, routers, route_code, attribute_text) for item in items]


def _registers_routes(item: Node) -> bool:
    return item.type == "function_item" and \
        ROUTE_CALLS.search(text(item.child_by_field_name("body") or item)) is not None


def _role(item: Node, routers: set[str], route_code: str, attribute_text: str) -> str:
    name = _name(item)
    if item.type in TYPE_ITEMS:
        return "models"
    if name in routers:
        return "routes"
    if ROUTE_ATTRIBUTES.match(_attributes(item)) or _is_handler(name, route_code):
        return "handlers"
    if f'"{name}"' in attribute_text:
        return "models"  # `#[serde(default = "default_limit")]`
    return "startup"


def _is_handler(name: str, route_code: str) -> bool:
    """Named in a route registration: `get(search_users)`, `.to(health)`, `web::get().to(x)`,
    `.service(index)`."""
    return re.search(rf"(?:\(|\.to\(|::){re.escape(name)}\b(?!\s*\()", route_code) is not None


def _main_body(main_text: str) -> str:
    root = parse(main_text.encode("utf-8")).root_node
    main = next((n for n in root.named_children if n.type == "function_item"
                 and _name(n) == "main"), None)
    return text(main) if main is not None else ""


def _name(item: Node) -> str:
    name = item.child_by_field_name("name")
    return text(name) if name is not None else ""


def _lead(item: Node) -> int:
    """Attributes and the comments above the item go with it (a section banner such as
    `// ==== Route Handlers ====` goes with the first item of its section), but not the
    file's own `//!` documentation."""
    start = item.start_byte
    previous = item.prev_named_sibling
    while previous is not None and (previous.type == "attribute_item" or
                                    previous.type in ("line_comment", "block_comment") and
                                    not text(previous).startswith(("//!", "/*!"))):
        start = previous.start_byte
        previous = previous.prev_named_sibling
    return start


def _attributes(item: Node) -> str:
    found = []
    previous = item.prev_named_sibling
    while previous is not None and previous.type in ("attribute_item", "line_comment"):
        found.append(text(previous))
        previous = previous.prev_named_sibling
    inner = [text(n) for n in walk(item) if n.type == "attribute_item"]
    return "\n".join(reversed(found)) + "\n" + "\n".join(inner)


def _free(role: str, taken: set[str]) -> str:
    return next((n for n in ROLE_NAMES[role] if n not in taken), f"{role}_items")


def _published(item: Node, source: bytes, start: int) -> str:
    """The item's code with `pub(crate)` on it, its fields and inherent methods: it is read
    from a sibling module now."""
    edits = [(n.start_byte, "pub(crate) ") for n in _private_parts(item)]
    out = source[start:item.end_byte]
    for at, insert in sorted(edits, reverse=True):
        out = out[:at - start] + insert.encode("utf-8") + out[at - start:]
    return out.decode("utf-8") + "\n"


def _private_parts(item: Node) -> list[Node]:
    parts = []
    if item.type in VISIBLE_ITEMS and not _visible(item):
        parts.append(_after_attributes(item))
    if item.type == "struct_item":
        parts += _private_fields(item.child_by_field_name("body"))
    if item.type == "impl_item" and item.child_by_field_name("trait") is None:
        body = item.child_by_field_name("body")
        parts += [c for c in (body.named_children if body is not None else ())
                  if c.type in ("function_item", "const_item") and not _visible(c)]
    return parts


def _private_fields(body: Node | None) -> list[Node]:
    if body is None:
        return []
    if body.type == "ordered_field_declaration_list":
        return _tuple_fields(body)
    return [c for c in body.named_children if c.type == "field_declaration" and not _visible(c)]


def _tuple_fields(body: Node) -> list[Node]:
    """`struct Wrapper(String, u8)`: each field's type (no visibility of its own)."""
    fields, pending_visible = [], False
    for child in body.named_children:
        if child.type == "visibility_modifier":
            pending_visible = True
        elif child.type not in ("attribute_item", "line_comment", "block_comment"):
            if not pending_visible:
                fields.append(child)
            pending_visible = False
    return fields


def _visible(node: Node) -> bool:
    return any(c.type == "visibility_modifier" for c in node.children)


def _after_attributes(item: Node) -> Node:
    """Where `pub(crate)` goes: before the item's first keyword (`async fn`, `struct`)."""
    return next((c for c in item.children if c.type not in ("attribute_item", "line_comment")),
                item)


def _remaining(source: bytes, spans: dict[str, list[tuple[int, int, str]]],
               moved: dict[str, list[str]], scope: Scope, outside: str) -> str:
    """main.rs without the moved items: `mod` for each new module, a `use` of the moved
    names main still names, and a `pub(crate) use` of those the crate's other files name
    as `crate::Name` or `super::Name` (so they keep resolving)."""
    cut = sorted((start, end) for found in spans.values() for start, end, _ in found)
    out = source
    for start, end in reversed(cut):
        out = out[:start] + out[end:]
    shared_names = root_names(outside)
    out = _without_moved_uses(source, out, shared_names)
    root = parse(out).root_node
    named = uses.used_names(root, uses.declarations(root))
    anchor = _last_mod(root)
    added = "\n" + "".join(f"\nmod {m};" for m in moved) + \
        "".join(_uses_of(module, names, named, shared_names)
                for module, names in moved.items())
    out = out[:anchor] + added.encode("utf-8") + out[anchor:]
    return re.sub(r"\n{3,}", "\n\n", out.decode("utf-8"))


def _uses_of(module: str, names: list[str], named: set[str], shared_names: set[str]) -> str:
    shared = [n for n in names if n in shared_names]
    own = [n for n in names if n in named and n not in shared]
    return (f"\npub(crate) use {module}::{_braced(shared)};" if shared else "") + \
        (f"\nuse {module}::{_braced(own)};" if own else "")


def _braced(names: list[str]) -> str:
    unique = sorted(set(names))
    return unique[0] if len(unique) == 1 else "{" + ", ".join(unique) + "}"


def _last_mod(root: Node) -> int:
    anchors = [n for n in root.named_children if is_mod_anchor(n)]
    if anchors:
        return max(n.end_byte for n in anchors)
    first = next((n for n in root.named_children if not text(n).startswith(("//!", "#!["))),
                 None)
    return first.start_byte if first is not None else root.end_byte


def split_long_main(texts: dict[str, str], root_dir: Path, entry: str, source: bytes,
                    renderer: Renderer,
                    taken: set[str], limit: int) -> tuple[dict[str, str], list[str], list[str]]:
    """When main.rs (after the split of `fn main`) still has `limit` lines or more: its items
    move by role. Returns the texts, the new modules and what the plan says about them."""
    current = texts.get(entry) or source.decode("utf-8")
    if current.count("\n") < limit:
        return texts, [], []
    found = split_items(current, taken, renderer.scope, _other_code(texts, root_dir, entry))
    if found is None:
        return texts, [], [f"{entry} stays at {current.count(chr(10))} lines: it has no "
                           "items besides `fn main` to move"]
    home = {name: module for module, names in found.moved.items() for name in names}
    out = {path: _rehomed(code, home) for path, code in texts.items()}
    out[entry] = found.main
    folder = entry.rpartition("/")[0]
    notes = []
    for module, code in found.modules.items():
        out[f"{folder}/{module}.rs" if folder else f"{module}.rs"] = \
            _module_text(module, code, found, entry, renderer, home)
        notes.append(_note(entry, module, found))
    notes.append(f"{entry} keeps `fn main`, its `mod`/`use` items and macros; it re-exports "
                 "each moved item other files name (`pub(crate) use`)")
    return out, list(found.modules), notes


def _rehomed(code: str, home: dict[str, str]) -> str:
    return "\n".join(_through_module(line, home) for line in code.split("\n"))


def _module_text(module: str, code: str, found: ItemSplit, entry: str, renderer: Renderer,
                 home: dict[str, str]) -> str:
    imports = [_through_module(line, home) for line in renderer.imports_for(code)]
    header = (f"//! {found.titles[module]}\n//!\n//! Moved out of {entry} by "
              f"`nova-refactor apply {renderer.codemod}`.\n\n")
    return header + ("\n".join(imports) + "\n\n" if imports else "") + code


def _other_code(texts: dict[str, str], root_dir: Path, entry: str) -> str:
    """The crate's other files (and the modules just written), where `crate::Name` may be."""
    others = [t for p, t in texts.items() if p != entry]
    folder = (root_dir / entry).parent
    others += [p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*.rs")
               if p != root_dir / entry]
    return "\n".join(others)


def _note(entry: str, module: str, found: ItemSplit) -> str:
    moved = found.moved[module]
    shown = ", ".join(moved[:12]) + (f" +{len(moved) - 12}" if len(moved) > 12 else "")
    return (f"{entry.rpartition('/')[0]}/{module}.rs: items of {entry} moved "
            f"({found.titles[module].rstrip('.')}): {shown or 'impl blocks'}")


def _without_moved_uses(before: bytes, after: bytes, keep: set[str]) -> bytes:
    """Drop the `use` leaves only the moved items named. Kept: what main still names, what
    other files import from the crate root (`use crate::{MiniserveConfig, ..}` reaches main's
    own `use crate::config::MiniserveConfig`), globs, and a trait or macro main never named
    (the compiler prunes it when it can run)."""
    original = parse(before).root_node
    named_before = uses.used_names(original, uses.declarations(original))
    root = parse(after).root_node
    named = uses.used_names(root, uses.declarations(root)) | keep
    edits = []
    for declaration in uses.declarations(root):
        if declaration.parent is not root:
            continue  # a `use` inside `mod tests { .. }` is the tests' own
        leaves = uses.leaves(declaration, "crate")
        kept = [leaf for leaf in leaves if leaf.name in named or uses.binds_no_name(leaf) or
                leaf.name not in named_before and uses.may_be_trait(leaf.name)]
        if len(kept) < len(leaves):
            end = declaration.end_byte + (after[declaration.end_byte:][:1] == b"\n")
            edits.append((declaration.start_byte, end,
                          uses.render_tree(kept) + "\n" if kept else ""))
    return splice(after, edits).encode("utf-8")


def root_names(outside: str) -> set[str]:
    """Names other files reach at the crate root: `crate::Name` in a path and the leaves of
    `use crate::{A, b::C};` (A)."""
    found = set(re.findall(r"\b(?:crate|super)::(\w+)", outside))
    for group in re.findall(r"\buse\s+crate::\{([^;]*)\}\s*;", outside):
        depth, current = 0, ""
        for char in group + ",":
            depth += char == "{"
            depth -= char == "}"
            if char == "," and depth == 0:
                head = re.match(r"\s*(\w+)", current)
                found |= {head.group(1)} if head else set()
                current = ""
            else:
                current += char
    return found


def _through_module(line: str, home: dict[str, str]) -> str:
    """`use crate::AppState;` -> `use crate::models::AppState;` for a moved item."""
    found = re.fullmatch(r"use crate::(\w+);", line)
    if found is None or found.group(1) not in home:
        return line
    return f"use crate::{home[found.group(1)]}::{found.group(1)};"
