"""What a Rust split must keep, counted before and after writing: the route inventory (method,
path, handler, middleware), the `app_data` registrations, the spawned tasks and threads, the
steps of the shutdown sequence (the compiler's verdict is rust/compile.py's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tree_sitter import Node

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.codemods.rust.statements import main_function
from nova_refactor.codemods.rust.targets import is_generated, module_file
from nova_refactor.frontends.rust.chains import callee
from nova_refactor.frontends.rust.syntax import line, parse, text, walk
from nova_refactor.model import Analysis, Route, Segment, SegmentKind

SPAWNERS = ("spawn", "spawn_blocking", "spawn_local")
# method, path, handler, endpoint, framework, mounted, middleware
RouteKey = tuple[str, str, str, str, str, bool, tuple[str, ...]]
# a call of a shutdown function the split wrote (`stop`, or `stop_2` for a second stretch),
# in `background` or the name chosen in its place (`background_tasks`); the module's header
# says whether the split wrote it
STOP_CALL = re.compile(r"\b(\w+)::(stop(?:_\d+)?)\(")


@dataclass(frozen=True, slots=True)
class Counts:
    routes: tuple[RouteKey, ...]  # sorted, middleware included
    app_data: int
    tasks: int
    shutdown: int
    diagnostics: tuple[str, ...]

    def summary(self) -> str:
        return (f"{len(self.routes)} routes, {self.app_data} app_data registrations, "
                f"{self.tasks} spawned tasks/threads, {self.shutdown} shutdown steps")


def counts(root: Path, entry: str, homes: list[str], result: Analysis | None = None) -> Counts:
    """What the split must keep; `result` is an analysis of `root` already made (else one is
    made now, uncached: after writing it must see the files as they are)."""
    result = result or analyze([root], Options(use_cache=False, jobs=1))
    routes = tuple(sorted(_route(r) for r in result.routes))
    app_data = tasks = 0
    for path in [entry, *homes]:
        target = root / path
        if target.is_file():
            found = _calls(parse(target.read_bytes()).root_node)
            app_data += found[0]
            tasks += found[1]
    segments = next((e.segments for e in result.entrypoints if e.path == entry), ())
    touched = {entry, *homes}
    diagnostics = tuple(d.render() for d in result.diagnostics if d.path in touched)
    return Counts(routes, app_data, tasks, _shutdown_steps(root / entry, segments), diagnostics)


def _route(route: Route) -> RouteKey:
    """Method, path, handler function (its module moves on purpose), endpoint, framework,
    mounted, middleware. A closure handler is named by where it stands (`<closure at
    main.rs:579>`), and the split moves it on purpose: compared as a closure."""
    handler = route.handler.replace(".", "::").rpartition("::")[2]
    endpoint = route.endpoint
    if route.handler.startswith("<closure at "):
        handler = endpoint = "<closure>"
    return (route.method, route.path, handler, endpoint, route.framework, route.mounted,
            tuple(_layout_free(m) for m in route.middleware))


def _layout_free(source: str) -> str:
    """A middleware expression without its layout: rustfmt breaks a long
    `.layer(Layer::new(a, b))` over lines with a trailing comma, the same call."""
    return re.sub(r",\s*([)\]}])", r"\1", re.sub(r"\s+", "", source))


def _calls(root: Node) -> tuple[int, int]:
    app_data = tasks = 0
    for node in walk(root):
        if node.type != "call_expression":
            continue
        function = node.child_by_field_name("function")
        if function is not None and function.type == "field_expression":
            app_data += text(function.child_by_field_name("field")) == "app_data"
            continue
        name = callee(node).rpartition("::")[2]
        tasks += name in SPAWNERS or name.startswith("spawn_")
    return app_data, tasks


def _shutdown_steps(path: Path, segments: Sequence[Segment]) -> int:
    """Statements of main's shutdown segments; a call of the `background::stop` a split
    wrote counts as the statements it holds."""
    lines = {n for s in segments if s.kind == SegmentKind.SHUTDOWN
             for n in range(s.start_line, s.end_line + 1)}
    main = main_function(parse(path.read_bytes()).root_node)
    body = main.child_by_field_name("body") if main is not None else None
    steps = 0
    for node in (body.named_children if body is not None else ()):
        if line(node) not in lines or node.type in ("line_comment", "block_comment"):
            continue
        steps += _steps_of(node, path.parent)
    return steps


def _steps_of(node: Node, folder: Path) -> int:
    """1, or the statements of the split's `stop` function the statement calls."""
    stop = STOP_CALL.search(text(node))
    written = module_file(folder, stop.group(1)) if stop else None
    if stop is None or written is None or not is_generated(written):
        return 1
    return _statements_of(written, stop.group(2))


def _statements_of(path: Path, name: str) -> int:
    if not path.is_file():
        return 1
    for node in walk(parse(path.read_bytes()).root_node):
        if node.type == "function_item" and text(node.child_by_field_name("name")) == name:
            body = node.child_by_field_name("body")
            return sum(1 for n in (body.named_children if body is not None else ())
                       if n.type not in ("line_comment", "block_comment"))
    return 1


def compare(before: Counts, after: Counts) -> list[str]:
    problems = []
    lost = sorted(set(before.routes) - set(after.routes))
    gained = sorted(set(after.routes) - set(before.routes))
    for label, routes in (("lost", lost), ("new", gained)):
        problems += [f"route {label}: {r[0]} {r[1]} -> {r[2]} {list(r[-1])}" for r in routes[:5]]
    for label in ("app_data", "tasks", "shutdown"):
        old, new = getattr(before, label), getattr(after, label)
        if old != new:
            problems.append(f"{label} count changed: {old} -> {new}")
    problems += [f"does not parse: {d}" for d in after.diagnostics
                 if d not in before.diagnostics]
    return problems


def crate_dir(root: Path, entry: str) -> Path | None:
    folder = (root / entry).parent
    while True:
        if (folder / "Cargo.toml").is_file():
            return folder
        if folder == root or folder.parent == folder:
            return None
        folder = folder.parent
