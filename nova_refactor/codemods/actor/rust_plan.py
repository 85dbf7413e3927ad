"""Plan lock-to-actor on a Rust crate: a pure function of the project and one lock owner.

    plan_rust(root, analysis, "AppState.feeds") -> ActorProposal(lines, changeset, refusals)

Nothing is written here. Any refusal empties the changeset: a lock is converted whole or not
at all (a caller left on the lock would not see the actor's state).
"""

from __future__ import annotations

import re
from pathlib import Path

from tree_sitter import Node

from nova_refactor.codemods.actor import rust_render
from nova_refactor.codemods.actor.model import (
    ActorProposal,
    ActorTarget,
    Edit,
    Findings,
    Operation,
    Refusal,
)
from nova_refactor.codemods.actor.rust_facts import (
    SourceFile,
    find_type,
    holders,
    load_crate,
    lock_field,
    methods,
    module_path,
    parse_lock_type,
    public_fields,
)
from nova_refactor.codemods.actor.rust_sites import LockRef, acquisitions, classify
from nova_refactor.codemods.changeset import Changeset, build_changeset
from nova_refactor.codemods.rust import toolchain
from nova_refactor.frontends.rust.syntax import line, text, walk
from nova_refactor.model import Analysis
from nova_refactor.vocabulary import SkipKind

CONSTRUCTORS = frozenset({"Mutex::new", "RwLock::new"})


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def plan_rust(root: Path, analysis: Analysis, owner: str) -> ActorProposal:
    paths = [f.path for f in analysis.files if f.language == "rust"]
    files = load_crate(root, paths)
    lock = lock_field(files, owner)
    if lock is None:
        return _refused(root, owner, f"no field `{owner}` of type Arc<Mutex<T>> / "
                        "Arc<RwLock<T>> / Mutex<T> / RwLock<T> in the crate")
    declared = f"{lock.file.path}:{line(lock.node)}"
    state_type = lock.inner.rsplit("::", 1)[-1]
    found = find_type(files, state_type) if re.fullmatch(r"[\w:]+", lock.inner) else None
    if found is None:
        return _refused(root, owner, f"the guarded type `{lock.inner}` is not declared in the "
                        "crate: its methods cannot be made commands", declared)
    src = _src_dir(root, found[0].path)
    target = ActorTarget(owner, state_type, module_path(found[0].path, src), lock.primitive,
                         snake(state_type))
    field_name = owner.partition(".")[2]
    ref = LockRef(field_name, state_type, methods(found[0], state_type),
                  public_fields(found[1]), holders(files, field_name, state_type))
    findings = Findings()
    _reentrancy(found[0], ref, findings)
    for file in files.values():
        for call in acquisitions(file, ref):
            classify(file, call, ref, findings)
    return _proposal(root, files, src, target, lock.type_text, findings, declared)


def _refused(root: Path, owner: str, reason: str, where: str = "") -> ActorProposal:
    refusal = Refusal(where or owner, reason)
    return ActorProposal((f"lock-to-actor {owner}: refused", f"- {refusal.render()}"),
                         Changeset(str(root), ()), (refusal,))


def _src_dir(root: Path, path: str) -> str:
    """The crate's `src` folder (relative to root) holding `path`."""
    manifest = toolchain.package_manifest(root, path)
    crate = manifest.parent.relative_to(root) if manifest is not None else Path(".")
    return (crate / "src").as_posix()


def _reentrancy(file: SourceFile, ref: LockRef, found: Findings) -> None:
    for method in ref.methods.values():
        for call in acquisitions(file, ref):
            if method.node.start_byte <= call.start_byte < method.node.end_byte:
                found.refusals.append(Refusal(
                    f"{file.path}:{line(call)}", f"re-entrant: `{ref.state_type}::"
                    f"{method.operation.name}` takes the lock itself; as an actor it would "
                    "wait for its own reply forever"))


def _structural(files: dict[str, SourceFile], target: ActorTarget, type_text: str,
                field_name: str, paths: dict[str, str]) -> list[Edit]:
    """The lock's type where written, and where it is built (now: the actor spawned)."""
    edits = []
    for file in files.values():
        handle = paths.get(file.path, target.handle_path)
        for node in walk(file.root):
            if node.type == "generic_type" and _is_lock_type(node, type_text, target):
                edits.append(Edit(file.path, node.start_byte, node.end_byte, handle,
                                  line(node), f"type `{text(node)}` -> `{target.handle}`"))
            elif node.type == "call_expression" and _builds(node, target, field_name):
                edits.append(_spawn(file, node, target, handle))
    return _outermost(edits)


def _binary_paths(root: Path, files: dict[str, SourceFile], src: str, target: ActorTarget
                  ) -> dict[str, str]:
    """In a lib + bin package the binary's files reach the handle through the library's
    name (`user_service::services::..`), not `crate::`."""
    if f"{src}/lib.rs" not in files:
        return {}
    manifest = toolchain.read_manifest(root / Path(src).parent / "Cargo.toml")
    name = manifest.get("lib", {}).get("name") or manifest.get("package", {}).get("name", "")
    extern = target.handle_path.replace("crate::", f"{name.replace('-', '_')}::", 1)
    return {p: extern for p in files if p == f"{src}/main.rs" or p.startswith(f"{src}/bin/")}


def _is_lock_type(node: Node, type_text: str, target: ActorTarget) -> bool:
    compact = "".join(text(node).split())
    match = parse_lock_type(compact)
    return compact == type_text or (match is not None and
                                    match.group(3).rsplit("::", 1)[-1] == target.state_type)


def _builds(call: Node, target: ActorTarget, field_name: str) -> bool:
    function = call.child_by_field_name("function")
    name = "::".join(text(function).split("::")[-2:]) if function is not None else ""
    args = call.child_by_field_name("arguments")
    if name not in CONSTRUCTORS or args is None or args.named_child_count != 1:
        return False
    return target.state_type in text(args) or _initializes(call, field_name)


def _initializes(call: Node, field_name: str) -> bool:
    """`field: Arc::new(Mutex::new(x))` or `field: Mutex::new(x)` in a struct literal."""
    outer = call.parent.parent if call.parent is not None else None
    owner = outer.parent if outer is not None and text(outer).startswith("Arc::new") else outer
    return owner is not None and owner.type == "field_initializer" and \
        text(owner.child_by_field_name("field")) == field_name


def _spawn(file: SourceFile, call: Node, target: ActorTarget, handle: str) -> Edit:
    node = call
    outer = call.parent.parent if call.parent is not None else None
    if outer is not None and outer.type == "call_expression" and text(outer).startswith("Arc::new"):
        node = outer
    arguments = call.child_by_field_name("arguments")  # one argument: `_builds` checked it
    value = text(arguments.named_children[0]) if arguments is not None else ""
    return Edit(file.path, node.start_byte, node.end_byte, f"{handle}::spawn({value})",
                line(node), f"lock built -> actor spawned (`{target.handle}::spawn`)")


def _outermost(edits: list[Edit]) -> list[Edit]:
    edits.sort(key=lambda e: (e.path, e.start, -e.end))
    kept: list[Edit] = []
    for edit in edits:
        if kept and kept[-1].path == edit.path and edit.start < kept[-1].end:
            continue  # inside an edit already made (a type inside a type)
        kept.append(edit)
    return kept


def _proposal(root: Path, files: dict[str, SourceFile], src: str, target: ActorTarget,
              type_text: str, findings: Findings, declared: str) -> ActorProposal:
    head = (f"lock-to-actor {target.owner} ({target.primitive}<{target.state_type}>, "
            f"declared {declared})")
    new_dir = f"{src}/services/{target.module}"
    if any(p.is_file() for p in (root / new_dir).rglob("*")):  # (undo leaves empty folders)
        findings.refusals.append(Refusal(new_dir, "already exists: converted before?",
                                          SkipKind.NAME_CLASH))
    if findings.refusals:
        lines = (f"{head}: refused", *(f"- {r.render()}" for r in findings.refusals))
        return ActorProposal(lines, Changeset(str(root), ()), tuple(findings.refusals), target)
    edits = findings.edits + _structural(files, target, type_text,
                                         target.owner.partition(".")[2],
                                         _binary_paths(root, files, src, target))
    texts = _apply_edits(files, edits)
    operations = tuple(findings.operations.values())
    texts.update(_generated(root, files, src, target, operations,
                                (findings.batched, findings.batched_async)))
    texts.update(_registrations(files, texts, src, target))
    created = [p for p in texts if p.startswith(new_dir) or p.startswith(f"{src}/patterns")]
    lines = (head, *(f"- {e.path}:{e.line}: {e.what}" for e in sorted(
        edits, key=lambda e: (e.path, e.start))), _summary(new_dir, operations, findings))
    return ActorProposal(lines, build_changeset(root, texts, created), (), target, operations)


def _summary(new_dir: str, operations: tuple[Operation, ...], findings: Findings) -> str:
    parts = [f"{len(operations)} command(s) ({', '.join(op.name for op in operations)})"] \
        if operations else []
    if findings.batched or findings.batched_async:
        parts.append("batched commands")
    return f"- new {new_dir}/: {' + '.join(parts) or 'no command'}"


def _apply_edits(files: dict[str, SourceFile], edits: list[Edit]) -> dict[str, str]:
    texts = {}
    for path in sorted({e.path for e in edits}):
        data = files[path].data
        for edit in sorted((e for e in edits if e.path == path), key=lambda e: -e.start):
            data = data[:edit.start] + edit.text.encode("utf-8") + data[edit.end:]
        texts[path] = data.decode("utf-8")
    return texts


def _generated(root: Path, files: dict[str, SourceFile], src: str, target: ActorTarget,
               operations: tuple[Operation, ...], batched: tuple[bool, bool]
               ) -> dict[str, str]:
    state_file = next(f for f in files.values() if module_path(f.path, src) == target.state_path)
    imports = _imports(state_file)
    edition = toolchain.crate_edition(root, state_file.path)
    base = f"{src}/services/{target.module}"
    raw = {
        f"{src}/patterns/mod.rs": rust_render.PATTERNS,
        f"{base}/commands.rs": rust_render.commands(target, operations, batched, imports),
        f"{base}/actor.rs": rust_render.actor(target, operations, batched),
        f"{base}/mod.rs": rust_render.handle(target, operations, batched, imports),
    }
    return {path: toolchain.rustfmt(code, edition) or code for path, code in raw.items()}


def _imports(file: SourceFile) -> list[str]:
    """The state file's own `use` items (crate, std or dependency paths): the types its
    methods name; what goes unused is allowed (the generated files say so)."""
    found = []
    for node in file.root.named_children:
        if node.type == "use_declaration":
            body = text(node).removeprefix("pub ").removeprefix("use ").strip()
            if not body.startswith(("self::", "super::")):
                found.append(f"use {body}")
    return found


def _registrations(files: dict[str, SourceFile], texts: dict[str, str], src: str,
                   target: ActorTarget) -> dict[str, str]:
    """`mod services; mod patterns;` in the crate root, `pub mod <name>;` in services."""
    crate_root = f"{src}/lib.rs" if f"{src}/lib.rs" in files else f"{src}/main.rs"
    if crate_root not in files:
        return {}
    text_ = texts.get(crate_root) or files[crate_root].data.decode("utf-8")
    declared = set(re.findall(r"^\s*(?:pub(?:\(crate\))?\s+)?mod\s+(\w+)\s*;", text_, re.M))
    added = [f"mod {name};\n" for name in ("patterns", "services") if name not in declared]
    out = {crate_root: _after_last_mod(text_, "".join(added))} if added else {}
    out.update(_services_entry(files, texts, src, target))
    return out


def _services_entry(files: dict[str, SourceFile], texts: dict[str, str], src: str,
                    target: ActorTarget) -> dict[str, str]:
    services = next((p for p in (f"{src}/services/mod.rs", f"{src}/services.rs") if p in files),
                    None)
    entry = f"pub mod {target.module};\n"
    if services is None:
        return {f"{src}/services/mod.rs": f"//! Services that own their state (actors).\n\n{entry}"}
    current = texts.get(services) or files[services].data.decode("utf-8")
    return {services: current.rstrip("\n") + "\n" + entry}


def _after_last_mod(source: str, lines: str) -> str:
    matches = list(re.finditer(r"^(?:pub(?:\(crate\))?\s+)?mod\s+\w+\s*;[^\n]*\n", source, re.M))
    at = matches[-1].end() if matches else 0
    return source[:at] + lines + source[at:]
