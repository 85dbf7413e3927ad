"""A `let` guard's critical section as one batched command.

Without `drop(guard)` a guard lives to the end of its block, so everything after the `let`
ran under the lock: that whole region becomes one closure the actor runs on its state (when
something bound in it is used after the last use of the guard, the region must be whole). The
closure goes to another task, so it must own what it uses: the fields of `self` it reads are
cloned before it (`let pool = self.pool.clone();`), borrowed parameters are made owned.

When the region is the rest of the function body, `return` and `?` inside it still leave the
function (the closure's value is the function's value), and an `.await` in it makes the
command asynchronous: the actor awaits it before the next command, exactly as the lock was
held across that await. That keeps the meaning, not the contention: the plan says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from nova_refactor.codemods.actor.model import Edit, Findings, Refusal
from nova_refactor.codemods.actor.rust_facts import SourceFile, site
from nova_refactor.frontends.rust.syntax import line, text, walk

GUARD = "guarded"  # the inline batched closure's parameter: the state the actor owns
HELD = ("the actor would hold its state while the caller waits for other work; move that "
        "work out of the critical section first")


@dataclass(frozen=True, slots=True)
class Region:
    statements: list[Node]
    guard: str
    dropped: bool  # ends with `drop(guard);`
    ends_function: bool  # the rest of the function body: returns and `?` stay correct

    @property
    def kept(self) -> list[Node]:
        return self.statements[:-1] if self.dropped else self.statements

    @property
    def awaits(self) -> bool:
        return any(n.type == "await_expression" for s in self.kept for n in walk(s))


def _within(node: Node, top: Node | None) -> bool:
    return top is not None and top.start_byte <= node.start_byte < top.end_byte


def _first(region: list[Node], top: Node | None, leaves: tuple[str, ...]) -> Node | None:
    """The first await, return, `?` (those in `leaves`) or `self.method()` outside `top`."""
    inside = (n for statement in region for n in walk(statement) if not _within(n, top))
    return next((n for n in inside if n.type in leaves or _calls_self(n)), None)


def region_problem(region: list[Node], top: Node | None, ends_function: bool = False) -> str:
    leaves = () if ends_function else ("await_expression", "return_expression",
                                       "try_expression")
    found = _first(region, top, leaves)
    if found is None:
        return ""
    if found.type == "await_expression":
        return f"held across an await (line {line(found)}): {HELD}"
    if found.type in leaves:
        return (f"an early return under the guard (line {line(found)}) would leave the "
                "batched command, not the function")
    return (f"calls `{text(found.child_by_field_name('function'))}` under the guard (line "
            f"{line(found)}): the command cannot take `self` to the actor")


def _calls_self(node: Node) -> bool:
    function = node.child_by_field_name("function") if node.type == "call_expression" else None
    value = function.child_by_field_name("value") if function is not None and \
        function.type == "field_expression" else None
    return value is not None and value.type == "self"


def let_guard(file: SourceFile, let: Node, receiver: str, found: Findings) -> None:
    guard = text(let.child_by_field_name("pattern")).removeprefix("mut ").strip()
    where = site(file, let)
    following = _after(let)
    used = [i for i, s in enumerate(following) if guard.isidentifier() and _mentions(s, guard)]
    if not used:
        found.refusals.append(Refusal(where, f"the guard `{guard}` is bound by a pattern, "
                                             "outside a block, or never used"))
        return
    if _single(file, let, following, receiver, guard, found):
        return
    problem = ""
    for region in _candidates(let, following, used[-1], guard):
        problem = _problem(region, following)
        if not problem:
            found.edits.append(_edit(file, let, region, receiver))
            found.batched_async = found.batched_async or region.awaits
            found.batched = found.batched or not region.awaits
            return
    found.refusals.append(Refusal(where, problem))


def _single(file: SourceFile, let: Node, following: list[Node], receiver: str, guard: str,
            found: Findings) -> bool:
    # import cycle: rust_single imports this module
    from nova_refactor.codemods.actor.rust_single import convert_single, single_call

    use = single_call(following, guard)
    return use is not None and convert_single(file, let, use, receiver, guard, found)


def _candidates(let: Node, following: list[Node], last_use: int, guard: str) -> list[Region]:
    """The guard's whole life (to `drop` or the block's end), then just to its last use."""
    block = let.parent
    body = block is not None and block.parent is not None and \
        block.parent.type == "function_item"
    shortest = following[:last_use + 1]
    whole = shortest if _is_drop(shortest[-1], guard) else following
    return [Region(statements, guard, _is_drop(statements[-1], guard),
                   body and statements[-1] == following[-1]) for statements in (whole, shortest)]


def _after(let: Node) -> list[Node]:
    """The statements after `let` in its block, comments left out."""
    if let.parent is None or let.parent.type != "block":
        return []
    return [c for c in let.parent.named_children if c.start_byte > let.start_byte
            and c.type not in ("line_comment", "block_comment")]


def _problem(region: Region, following: list[Node]) -> str:
    if not region.kept:
        return f"the guard `{region.guard}` is only dropped"
    return region_problem(region.kept, None, region.ends_function) or \
        _escapes(region) or _used_after(region.statements,
                                        following[len(region.statements):])


def _edit(file: SourceFile, let: Node, region: Region, receiver: str) -> Edit:
    kept = region.kept
    tail = region.ends_function and not region.dropped and \
        kept[-1].type != "expression_statement"
    inner = owned_text(file, kept).replace("\n", "\n    ")  # one level deeper
    indent = _indent(file, let)
    hoisted = "".join(f"{h}\n{indent}" for h in hoisted_lines(let, kept))
    returns = _returns(let) if tail else ""
    turbofish = f"::<{returns}, _>" if returns and "impl " not in returns else ""
    if region.awaits:
        call = (f"{receiver}.run_async{turbofish}(move |{region.guard}| Box::pin(async move "
                f"{{\n{indent}    {inner}\n{indent}}})).await")
    else:
        call = (f"{receiver}.run{turbofish}(move |{region.guard}| {{\n{indent}    {inner}\n"
                f"{indent}}}).await")
    what = (f"`let {region.guard}` guard over {len(kept)} statement(s) -> one batched "
            "command (kept atomic)" + ("; async: the actor awaits inside it, as the lock "
                                       "was held across that await" if region.awaits else ""))
    return Edit(file.path, let.start_byte, region.statements[-1].end_byte,
                hoisted + call + ("" if tail else ";"), line(let), what)


def _self_fields(kept: list[Node]) -> list[Node]:
    return [n for s in kept for n in walk(s) if n.type == "field_expression"
            and (v := n.child_by_field_name("value")) is not None and v.type == "self"]


def owned_text(file: SourceFile, kept: list[Node]) -> str:
    """The region's text with `self.field` read from the clone made before it."""
    start, end = kept[0].start_byte, kept[-1].end_byte
    data = file.data[start:end]
    for node in sorted(_self_fields(kept), key=lambda n: -n.start_byte):
        name = text(node.child_by_field_name("field")).encode()
        data = data[:node.start_byte - start] + name + data[node.end_byte - start:]
    return data.decode("utf-8")


def _indent(file: SourceFile, let: Node) -> str:
    start = file.data.rfind(b"\n", 0, let.start_byte) + 1
    return file.data[start:let.start_byte].decode("utf-8")


def hoisted_lines(let: Node, kept: list[Node]) -> list[str]:
    """What the closure must own, made before it: it runs on the actor's task."""
    fields = sorted({text(n.child_by_field_name("field")) for n in _self_fields(kept)})
    lines = [f"let {name} = self.{name}.clone();" for name in fields]
    return lines + [f"let {name} = {name}.to_owned();" for name in _borrowed_params(let, kept)]


def _function(node: Node) -> Node | None:
    parent = node.parent
    while parent is not None and parent.type != "function_item":
        parent = parent.parent
    return parent


def _borrowed_params(let: Node, kept: list[Node]) -> list[str]:
    function = _function(let)
    parameters = function.child_by_field_name("parameters") if function is not None else None
    names = [text(p.child_by_field_name("pattern")) for p in
             (parameters.named_children if parameters is not None else [])
             if p.type == "parameter" and text(p.child_by_field_name("type")).startswith("&")]
    return [n for n in names if any(_mentions(s, n) for s in kept)]


def _returns(let: Node) -> str:
    function = _function(let)
    return text(function.child_by_field_name("return_type")) if function is not None else ""


def _mentions(node: Node, name: str) -> bool:
    return any(n.type == "identifier" and text(n) == name for n in walk(node))


def _is_drop(statement: Node, guard: str) -> bool:
    compact = "".join(text(statement).split())
    return compact in (f"drop({guard});", f"std::mem::drop({guard});")


def _escapes(region: Region) -> str:
    guard, last = region.guard, region.kept[-1] if region.kept else None
    if last is not None and not region.dropped and last.type != "expression_statement" and \
            text(last).strip() == guard:
        return f"the guard `{guard}` escapes its function (returned at line {line(last)})"
    handed = next((n for s in region.kept for n in walk(s) if _hands_on(n, guard)), None)
    if handed is not None:
        return (f"the guard `{guard}` is handed on (line {line(handed)}): it would escape "
                "the batched command")
    return ""


def _hands_on(node: Node, guard: str) -> bool:
    """`f(guard)` or `S { field: guard }`: the guard itself given away."""
    return node.type in ("field_initializer", "arguments") and \
        any(c.type == "identifier" and text(c) == guard for c in node.named_children)


def _used_after(region: list[Node], after: list[Node]) -> str:
    patterns = [p for s in region if s.type == "let_declaration"
                and (p := s.child_by_field_name("pattern")) is not None]
    bound = {text(n) for p in patterns for n in walk(p) if n.type == "identifier"}
    for statement in after:
        for name in bound:
            if _mentions(statement, name):
                return (f"`{name}`, computed under the guard, is used after it (line "
                        f"{line(statement)}): the batched command cannot hand it back")
    return ""
