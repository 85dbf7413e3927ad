"""`main.rs` after split-entrypoint, read as the `main` it came from.

The split moves the start-up into `AppState::init` (src/app_state.rs) and the App's
registrations into `routes::configure` (src/routes.rs); `main` keeps
`let app_state::AppState { pool, .. } = app_state::AppState::init(&config).await?;` and
`App::new().configure(|cfg| routes::configure(cfg, &config, &pool, ..))`. Neither module is
one the service crate can call (they stay in the monolith), but their statements are the ones
the binary needs: each call is replaced, line for line, by the body it calls (init's
statements, the `cfg.` chain), and every line remembers the file and line it came from, so
that what blocks is named where it is written.

Only calls whose arguments are the callee's parameters by name (`&config` for `config`), as
split-entrypoint writes them, are inlined; any other shape stays a call (and blocks, named).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tree_sitter import Node

from nova_refactor.codemods.extract.rust_service_names import main_imports
from nova_refactor.codemods.rust import uses
from nova_refactor.frontends.rust.chains import arguments, callee, unwind
from nova_refactor.frontends.rust.syntax import parse, text, walk

ENTRYPOINT = "src/main.rs"


@dataclass
class Source:
    """The text the binary's slice is read from, and where each of its lines was written."""

    text: bytes
    origin: list[tuple[str, int]]  # per line: (file, line)
    imports: dict[str, str]  # every name the inlined files bind, main.rs's first

    def where(self, node: Node) -> str:
        file, number = self.origin[min(node.start_point[0], len(self.origin) - 1)]
        return f"{file}:{number}"


Imports = dict[str, str]  # name a file binds -> absolute path
Found = tuple[str, Node, Imports]  # (file, `fn` item, the file's imports)


@dataclass(frozen=True, slots=True)
class _Edit:
    first: int  # 0-based lines of main.rs it replaces, inclusive
    last: int
    lines: list[str]
    origin: list[tuple[str, int]]
    imports: dict[str, str]


def source(root: Path) -> Source:
    data = (root / ENTRYPOINT).read_bytes()
    tree = parse(data).root_node
    lines = data.decode("utf-8").splitlines(keepends=True)
    origin = [(ENTRYPOINT, n + 1) for n in range(len(lines))]
    imports = main_imports(tree)
    edits = [e for node in walk(tree) if (e := _edit(root, node, imports, lines)) is not None]
    merged = dict(imports)
    for edit in sorted(edits, key=lambda e: -e.first):
        lines[edit.first:edit.last + 1] = edit.lines
        origin[edit.first:edit.last + 1] = edit.origin
        merged = {**edit.imports, **merged}
    return Source("".join(lines).encode("utf-8"), origin, merged)


def _edit(root: Path, node: Node, imports: dict[str, str], lines: list[str]) -> _Edit | None:
    if node.type == "let_declaration":
        return _init_edit(root, node, imports, lines)
    if node.type == "call_expression" and _method(node) == "configure":
        return _configure_edit(root, node, imports, lines)
    return None


def _function(root: Path, path: str, imports: Imports) -> Found | None:
    """(file, `fn` item, the file's imports) of `routes::configure` / `AppState::init` when
    it is written in one of the crate's files."""
    head, _, rest = path.partition("::")
    absolute = f"{imports.get(head, head)}::{rest}" if rest else imports.get(head, head)
    parts = absolute.split("::")
    if parts[0] != "crate" or len(parts) < 3:
        return None
    name = parts[-1]
    for depth in (len(parts) - 2, len(parts) - 1):  # `module::f` or `module::Type::f`
        module = parts[1:depth]
        file = _module_file(root, module)
        if file is not None:
            tree = parse((root / file).read_bytes()).root_node
            found = _fn_named(tree, name, parts[depth] if depth < len(parts) - 1 else "")
            if found is not None:
                return file, found, file_imports(tree, module)
    return None


def _module_file(root: Path, module: list[str]) -> str | None:
    if not module:
        return None
    for candidate in ("src/" + "/".join(module) + ".rs", "src/" + "/".join(module) + "/mod.rs"):
        if (root / candidate).is_file():
            return candidate
    return None


def _fn_named(tree: Node, name: str, owner: str) -> Node | None:
    """`fn name` at the top of the file (`owner` ""), or in `impl owner`."""
    for node in walk(tree):
        if node.type == "function_item" and text(node.child_by_field_name("name")) == name \
                and _impl_of(node) == owner:
            return node
    return None


def _impl_of(function: Node) -> str:
    """The type of the `impl` block the function is written in, "" outside one."""
    block = function.parent
    impl = block.parent if block is not None else None
    if impl is None or impl.type != "impl_item":
        return ""
    return text(impl.child_by_field_name("type"))


def file_imports(tree: Node, module: list[str]) -> dict[str, str]:
    here = "::".join(["crate", *module])
    found: dict[str, str] = {}
    for item in tree.named_children:
        if item.type == "use_declaration":
            found.update((leaf.name, leaf.path) for leaf in uses.leaves(item, here)
                         if leaf.name != "*")
    return found


def _parameters(function: Node) -> list[str]:
    params = function.child_by_field_name("parameters")
    found = []
    for param in params.named_children if params is not None else ():
        pattern = param.child_by_field_name("pattern")
        found.append(text(pattern) if pattern is not None else "self")
    return found


def _by_name(args: tuple[Node, ...], params: list[str]) -> bool:
    """Each argument is its parameter's name, or a reference to it: `&config` for `config`."""
    return len(args) == len(params) and all(
        text(a).lstrip("&").strip() == p for a, p in zip(args, params, strict=True))


def _whole_lines(lines: list[str], start: tuple[int, int], end: tuple[int, int],
                 lead: str = "") -> bool:
    """Nothing but `lead` and blanks before `start` on its line, nothing after `end`."""
    before = lines[start[0]][:start[1]].strip()
    after = lines[end[0]][end[1]:].strip()
    return before == lead and after in ("", ";")


def _init_edit(root: Path, let: Node, imports: Imports, lines: list[str]) -> _Edit | None:
    """`let Type { a, b, .. } = Type::init(args).await?;` -> init's statements."""
    value, pattern = let.child_by_field_name("value"), let.child_by_field_name("pattern")
    if value is None or pattern is None or pattern.type != "struct_pattern":
        return None
    call = unwind(value)[0]
    found = _function(root, callee(call), imports)
    if found is None or not _by_name(arguments(call), _parameters(found[1])):
        return None
    fields = _returned_fields(_tail(found[1]))
    if fields is None or not _whole_lines(lines, let.start_point, let.end_point):
        return None
    return _replacement(let, found, fields, _bound(pattern), lines)


def _tail(function: Node) -> Node | None:
    body = function.child_by_field_name("body")
    statements = [c for c in body.named_children if c.type not in ("line_comment",
                                                                   "block_comment")] \
        if body is not None else []
    return statements[-1] if statements else None


def _bound(pattern: Node) -> dict[str, str]:
    """binding -> field of `Type { a, b: c, .. }`: {a: a, c: b}."""
    found = {}
    for field_pattern in (c for c in pattern.named_children if c.type == "field_pattern"):
        short = next((c for c in field_pattern.named_children
                      if c.type == "shorthand_field_identifier"), None)
        name = field_pattern.child_by_field_name("name")
        bound = field_pattern.child_by_field_name("pattern")
        if short is not None:
            found[text(short)] = text(short)
        elif name is not None and bound is not None and bound.type == "identifier":
            found[text(bound)] = text(name)
    return found


def _returned_fields(tail: Node | None) -> dict[str, str] | None:
    """field -> expression of the `Ok(Self { .. })` / `Self { .. }` init ends with."""
    if tail is None:
        return None
    struct = next((n for n in walk(tail) if n.type == "struct_expression"), None)
    if struct is None:
        return None
    fields = {}
    for item in walk(struct):
        if item.type == "shorthand_field_initializer":
            fields[text(item)] = text(item)
        elif item.type == "field_initializer" and item.parent is not None and \
                item.parent.parent == struct:
            fields[text(item.child_by_field_name("field"))] = text(
                item.child_by_field_name("value"))
    return fields


def _replacement(let: Node, found: Found, fields: dict[str, str],
                 wanted: dict[str, str], lines: list[str]) -> _Edit:
    file, function, file_imports = found
    body = function.child_by_field_name("body")
    inner = [c for c in body.named_children][:-1] if body is not None else []
    indent = lines[let.start_point[0]][:let.start_point[1]]
    source_lines = (function.text or b"").decode("utf-8").splitlines()
    base = function.start_point[0]
    out, origin = [], []
    if inner:
        first, last = inner[0].start_point[0], inner[-1].end_point[0]
        column = inner[0].start_point[1]
        for number in range(first, last + 1):
            raw = source_lines[number - base]
            out.append(indent + (raw[column:] if raw[:column].strip() == "" else raw.lstrip())
                       + "\n")
            origin.append((file, number + 1))
    renamed = [f"{indent}let {name} = {fields[field]};\n" for name, field in wanted.items()
               if field in fields and fields[field] != name]
    out += renamed
    origin += [(file, function.end_point[0] + 1)] * len(renamed)
    return _Edit(let.start_point[0], let.end_point[0], out, origin, file_imports)


def _configure_edit(root: Path, call: Node, imports: Imports, lines: list[str]
                    ) -> _Edit | None:
    """`.configure(|cfg| routes::configure(cfg, &a, ..))` -> the `cfg.` chain of its body."""
    inner = _closure_call(call)
    found = _function(root, callee(inner), imports) if inner is not None else None
    if inner is None or found is None or \
            not _by_name(arguments(inner)[1:], _parameters(found[1])[1:]):
        return None
    chain = _cfg_chain(found[1])
    function = call.child_by_field_name("function")
    name = function.child_by_field_name("field") if function is not None else None
    if chain is None or name is None:
        return None
    dot = (name.start_point[0], max(name.start_point[1] - 1, 0))
    if not _whole_lines(lines, dot, call.end_point):
        return None
    return _chain_edit((dot[0], call.end_point[0]), lines, (found[0], found[1], chain),
                       found[2])


def _closure_call(call: Node) -> Node | None:
    """The call a `.configure(|cfg| f(cfg, ..))` closure makes."""
    args = arguments(call)
    closure = args[0] if len(args) == 1 and args[0].type == "closure_expression" else None
    inner = closure.child_by_field_name("body") if closure is not None else None
    return inner if inner is not None and inner.type == "call_expression" else None


def _cfg_chain(function: Node) -> list[Node] | None:
    """The method calls of the body's `cfg.a(..).b(..);` chain on its first parameter."""
    cfg = _parameters(function)[0] if _parameters(function) else ""
    body = function.child_by_field_name("body")
    for stmt in body.named_children if body is not None else ():
        expression = stmt.named_children[0] if stmt.named_children else stmt
        head, calls = unwind(expression)
        if text(head) == cfg and calls:
            return [c.node for c in calls]
    return None


def _chain_edit(span: tuple[int, int], lines: list[str], found: tuple[str, Node, list[Node]],
                file_imports: Imports) -> _Edit:
    """The lines of `.a(..).b(..)` (the `cfg.` chain without `cfg`) in place of the call."""
    file, function, chain = found
    indent = lines[span[0]][:len(lines[span[0]]) - len(lines[span[0]].lstrip())]
    first = chain[0].child_by_field_name("function")
    name = first.child_by_field_name("field") if first is not None else None
    start = (name or chain[0]).start_byte - 1 - function.start_byte  # the `.` before it
    end = chain[-1].end_byte - function.start_byte
    piece = (function.text or b"")[start:end].decode("utf-8").splitlines()
    line0 = (name or chain[0]).start_point[0]
    out = [indent + ln.strip() + "\n" for ln in piece]
    origin = [(file, line0 + 1 + n) for n in range(len(piece))]
    return _Edit(span[0], span[1], out, origin, file_imports)


def _method(call: Node) -> str:
    function = call.child_by_field_name("function")
    field_node = function.child_by_field_name("field") if function is not None else None
    return text(field_node)
