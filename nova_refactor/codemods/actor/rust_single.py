"""A `let` guard used for one method call only: the command is that call, nothing more.

    let mut service = state.stream_service.lock().await;
    let details = service.get_stream_details(id).await.map_err(map_anyhow)?;
    Ok(HttpResponse::Ok().json(details))
->
    let details = state.stream_service.run_async(move |service| Box::pin(async move {
        service.get_stream_details(id).await
    })).await.map_err(map_anyhow)?;
    Ok(HttpResponse::Ok().json(details))

The guard lived to the end of the block, but nothing after the call touches the state it
guarded: the state sees the same operations in the same order. What follows (building the
response, `?`) now runs without holding the actor, which is the point.
"""

from __future__ import annotations

from tree_sitter import Node

from nova_refactor.codemods.actor.model import Edit, Findings
from nova_refactor.codemods.actor.rust_facts import SourceFile
from nova_refactor.codemods.actor.rust_regions import hoisted_lines, owned_text, region_problem
from nova_refactor.frontends.rust.syntax import line, text, walk


def single_call(following: list[Node], guard: str) -> Node | None:
    """`guard.m(..)` (with its `.await`) when that is the guard's only use after the `let`."""
    uses = [n for s in following for n in walk(s) if n.type == "identifier" and
            text(n) == guard]
    call = _method_call_on(uses[0]) if len(uses) == 1 else None
    if call is None:
        return None
    awaited = call.parent
    return awaited if awaited is not None and awaited.type == "await_expression" else call


def _method_call_on(name: Node) -> Node | None:
    """`name.m(..)` around the identifier `name`, else None."""
    member = name.parent
    call = member.parent if member is not None and member.type == "field_expression" else None
    if call is None or call.type != "call_expression" or \
            call.child_by_field_name("function") != member:
        return None
    return call


def convert_single(file: SourceFile, let: Node, use: Node, receiver: str, guard: str,
                   found: Findings) -> bool:
    """Edits for the one call; False when it cannot move (it returns, or calls `self.m()`)."""
    awaits = use.type == "await_expression"
    call_node = use.named_children[0] if awaits else use
    arguments = call_node.child_by_field_name("arguments")
    if arguments is not None and region_problem([arguments], None):
        return False  # an await, return or `?` in the arguments: the whole region decides
    body = owned_text(file, [use])
    if awaits:
        call = f"{receiver}.run_async(move |{guard}| Box::pin(async move {{ {body} }})).await"
    else:
        call = f"{receiver}.run(move |{guard}| {body}).await"
    indent = file.data[file.data.rfind(b"\n", 0, let.start_byte) + 1:let.start_byte]
    before = f"\n{indent.decode()}".join(hoisted_lines(let, [use]))
    start, end = let.start_byte, let.end_byte
    if not before:  # the `let` line goes, with its line break
        start = file.data.rfind(b"\n", 0, let.start_byte) + 1
        end = end + 1 if file.data[end:end + 1] == b"\n" else end
    found.edits.append(Edit(file.path, start, end, before, line(let),
                            f"`let {guard}` guard used for one call"))
    found.edits.append(Edit(file.path, use.start_byte, use.end_byte, call, line(use),
                            "-> one " + ("awaiting " if awaits else "") + "batched command "
                            "around that call only (nothing after it touches the state)"))
    found.batched_async = found.batched_async or awaits
    found.batched = found.batched or not awaits
    return True
