"""A subcommand dispatch (`match cli.command { Commands::Migrate { steps } => { .. }, .. }`,
clap's derive shape) moving to cli.rs: one handler function per arm, each returning main's
return type, and main keeps the `match` with a call in each arm. An arm stays as it is when
it exits main itself (`return`, `break`, `continue`), when it is a one-liner already, or when
a binding it needs has no writable type (the types of the pattern's bindings come from the
enum variant's declaration in the crate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tree_sitter import Node

from nova_refactor.codemods.rust.crate_index import CrateIndex, Scope, qualify
from nova_refactor.codemods.rust.planner import Extraction, Param
from nova_refactor.codemods.rust.render import Renderer
from nova_refactor.codemods.rust.statements import OPAQUE, captured
from nova_refactor.frontends.rust.syntax import parse, text, walk

EXITS = ("return_expression", "break_expression", "continue_expression")
SHORT_ARM = 3  # lines: an arm this short is a dispatch already


@dataclass(frozen=True, slots=True)
class ArmHandler:
    name: str
    start: int  # the arm body's bytes in main.rs
    end: int
    params: tuple[Param, ...]
    code: str  # the body's statements
    is_async: bool


def dispatch_match(ex: Extraction) -> Node | None:
    """The extraction is one `match` statement on a field or binding: a dispatch."""
    if ex.module != "cli" or len(ex.stmts) != 1:
        return None
    node = ex.stmts[0].node
    inner = node.named_children[0] if node.type == "expression_statement" and \
        node.named_children else node
    return inner if inner.type == "match_expression" else None


def arm_handlers(match: Node, ex: Extraction, index: CrateIndex, root: Path
                 ) -> list[ArmHandler]:
    body = match.child_by_field_name("body")
    found: list[ArmHandler] = []
    taken: set[str] = set()
    for arm in (body.named_children if body is not None else ()):
        handler = _handler(arm, ex, index, root, taken)
        if handler is not None:
            taken.add(handler.name)
            found.append(handler)
    return found


def _handler(arm: Node, ex: Extraction, index: CrateIndex, root: Path, taken: set[str]
             ) -> ArmHandler | None:
    pattern, value = arm.child_by_field_name("pattern"), arm.child_by_field_name("value")
    if pattern is None or value is None or not _movable_arm(pattern, value):
        return None
    bound = _pattern_types(pattern, index, root)
    if bound is None:
        return None
    params = _arm_params(bound, _used(value), ex.params)
    name = _snake(_variant(pattern)) or "command"
    while name in taken:
        name += "_"
    return ArmHandler(name, value.start_byte, value.end_byte, params, _statements(value),
                      any(n.type == "await_expression" for n in walk(value)))


def _arm_params(bound: dict[str, str], used: set[str], outer: list[Param]
                ) -> tuple[Param, ...]:
    """The pattern's bindings the arm reads (moved out of the match: by value), then what it
    reads from earlier in main, passed as main's extraction passes it."""
    own = tuple(Param(n, t, True, False) for n, t in bound.items() if n in used)
    return own + tuple(p for p in outer if p.name in used and p.name not in bound)


def _movable_arm(pattern: Node | None, value: Node | None) -> bool:
    """A block of a few lines at least that does not exit main itself."""
    return pattern is not None and value is not None and value.type == "block" and \
        not _exits(value) and value.end_point[0] - value.start_point[0] >= SHORT_ARM


def _exits(block: Node) -> bool:
    stack = [block]
    while stack:
        current = stack.pop()
        if current.type in EXITS:
            return True
        stack.extend(c for c in current.children if c.type not in OPAQUE)
    return False


def _used(block: Node) -> set[str]:
    names = {text(n) for n in walk(block) if n.type == "identifier"}
    for node in walk(block):
        if node.type == "string_literal":
            names |= captured(text(node))
    return names


def _variant(pattern: Node) -> str:
    head = pattern.named_children[0] if pattern.named_children else pattern
    path = head.child_by_field_name("type") if head.type in (
        "struct_pattern", "tuple_struct_pattern") else head
    return text(path).rpartition("::")[2] if path is not None else ""


def _pattern_types(pattern: Node, index: CrateIndex, root: Path) -> dict[str, str] | None:
    """Bindings of `Enum::Variant { a, b }` / `Enum::Variant(args)` with their declared types;
    None when one cannot be typed (a guard, a nested pattern, an unknown enum)."""
    head = pattern.named_children[0] if pattern.named_children else None
    if head is None or head.type not in ("struct_pattern", "tuple_struct_pattern",
                                         "scoped_identifier", "identifier"):
        return None
    if head.type in ("scoped_identifier", "identifier"):
        return {}  # a unit variant binds nothing
    enum, _, variant = text(head.child_by_field_name("type")).rpartition("::")
    fields = _variant_fields(enum.rpartition("::")[2], variant, index, root)
    return _typed_bindings(head, fields) if fields is not None else None


def _typed_bindings(head: Node, fields: dict[str, str]) -> dict[str, str] | None:
    found = {}
    positional = [c for c in head.named_children[1:] if c.type != "line_comment"]
    for position, child in enumerate(positional):
        if child.type == "remaining_field_pattern":
            continue
        name, key = _binding(child, position)
        if name is None or key not in fields:
            return None
        found[name] = fields[key]
    return found


def _binding(child: Node, position: int) -> tuple[str | None, str]:
    if child.type == "shorthand_field_identifier":
        return text(child), text(child)
    if child.type == "identifier":
        return text(child), str(position)
    if child.type == "field_pattern":
        name = child.child_by_field_name("name")
        bound = child.child_by_field_name("pattern")
        if bound is None:
            return text(name), text(name)
        return (text(bound) if bound.type == "identifier" else None), text(name)
    return None, ""


def _variant_fields(enum: str, variant: str, index: CrateIndex, root: Path
                    ) -> dict[str, str] | None:
    """Field name (or position) -> qualified type, from `enum Enum { Variant { .. } }`."""
    for path, scope in index.scopes.items():
        tree = parse((root / path).read_bytes()).root_node
        for item in tree.named_children:
            if item.type != "enum_item" or text(item.child_by_field_name("name")) != enum:
                continue
            body = item.child_by_field_name("body")
            for node in (body.named_children if body is not None else ()):
                if node.type == "enum_variant" and \
                        text(node.child_by_field_name("name")) == variant:
                    return _declared(node, scope)
    return None


def _declared(variant: Node, scope: Scope) -> dict[str, str] | None:
    body = variant.child_by_field_name("body")
    if body is None:
        return {}
    found: dict[str, str] = {}
    typed = [c for c in body.named_children if c.type not in (
        "attribute_item", "line_comment", "block_comment", "visibility_modifier")]
    for position, node in enumerate(typed):
        if node.type == "field_declaration":
            written = qualify(node.child_by_field_name("type"), scope)
            key = text(node.child_by_field_name("name"))
        else:
            written, key = qualify(node, scope), str(position)
        if written is None:
            return None
        found[key] = written
    return found


def _statements(block: Node) -> str:
    """The block's inside; a tail expression gets its `;` (the handler returns `Ok(())`)."""
    inner = text(block)[1:-1].strip("\n")
    children = [c for c in block.named_children if c.type not in ("line_comment",
                                                                  "block_comment")]
    if children and children[-1].type not in ("expression_statement", "let_declaration",
                                              "empty_statement") and \
            not text(children[-1]).endswith("}"):
        inner = inner.rstrip() + ";"
    return inner


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def render_dispatch(source: bytes, stmt_start: int, stmt_end: int, handlers: list[ArmHandler],
                    renderer: Renderer) -> tuple[str, list[str]]:
    """main's `match` with a call in each moved arm, and the handler functions for cli.rs."""
    fallible = "Result" in renderer.main_returns
    edits, functions = [], []
    for handler in handlers:
        args = ", ".join(p.name if p.by_value else f"&{p.name}" for p in handler.params)
        call = f"{renderer.names['cli']}::{handler.name}({args})" + \
            (".await" if handler.is_async else "") + ("?" if fallible else "")
        edits.append((handler.start, handler.end, "{\n            " + call + ";\n        }"))
        functions.append(_function(source, handler, renderer, fallible))
    out = source[stmt_start:stmt_end]
    for start, end, replacement in sorted(edits, reverse=True):
        out = out[:start - stmt_start] + replacement.encode("utf-8") + out[end - stmt_start:]
    return out.decode("utf-8"), functions


def _function(source: bytes, handler: ArmHandler, renderer: Renderer, fallible: bool) -> str:
    params = ", ".join(renderer._param(p) for p in handler.params)
    returns = f" -> {renderer.main_returns}" if renderer.main_returns else ""
    tail = "\n    Ok(())" if fallible else ""
    first = source[:handler.start].count(b"\n") + 1
    last = source[:handler.end].count(b"\n") + 1
    return (f"/// The `{handler.name}` subcommand (lines {first}-{last} of the original "
            f"`fn main`), returning what main returns.\n"
            f"pub(crate) {'async ' if handler.is_async else ''}fn {handler.name}({params})"
            f"{returns} {{\n{handler.code}{tail}\n}}\n")
