"""Typed probes (`apply split-entrypoint --probe-types`): the compiler names the types of the
bindings our index cannot type. In a throw-away copy of the workspace, `let _: () =
&binding;` goes before main's tail expression (by then inference has seen every use: right
after the `let`, `HashMap::new()` is still `HashMap<_, _>`); `cargo check
--message-format=json` rejects each probe with "expected `()`, found `&T`", and `T` is read
back. The copy builds into the crate's own
target dir (or `CARGO_TARGET_DIR`), so its dependencies are the ones already built.

The compiler's word counts only when the crate compiles without the probes: any other error
and no type is taken. A type is taken only when it can be written in a new module as it
stands: no closure, `impl Trait` or elided type, and every name in it is one main.rs imports
or defines, a prelude name, or a path from `std`, `core`, `alloc` or a dependency. The rest
stay untyped (and stay in `main`), each said in the plan.

rustc prints a type by its short name when that name is unique among the crates
(`BTreeSet<usize>`, `Client`). When only that outer name keeps a type from being written, a
second check asks for its path: the probe becomes `let _: &nova_refactor_shadow::Client =
&binding;` next to a local `struct Client`, and rustc, seeing two types of one name, gives the
full path of each ("`redis::Client` and `nova_refactor_shadow::Client` have similar names").
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nova_refactor.codemods.rust import cargo as cargo_runs
from nova_refactor.codemods.rust.toolchain import read_manifest

PRELUDE = frozenset({
    "Option", "Result", "Vec", "String", "Box", "bool", "char", "str", "u8", "u16", "u32",
    "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64",
    "Some", "None", "Ok", "Err"})
ROOTS = frozenset({"std", "core", "alloc", "crate"})
FOUND = re.compile(r"found `&(.+)`$")
PATH = re.compile(r"[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*")
SHADOW = "nova_refactor_shadow"  # the module of the look-alike structs of the second check
SIMILAR = re.compile(r"`([^`]+)` and `([^`]+)` have similar names")
OUTER = re.compile(r"([A-Za-z_]\w*)(<.*>)?")


@dataclass(frozen=True, slots=True)
class Wanted:
    key: tuple[int, str]  # (statement index, binding name), as `planner.type_bindings` keys
    line: int  # the `let`'s line in main.rs
    end: int  # where the probe goes: before main's tail, or before the statement that binds
    # the name again (the compiler has seen every use of the binding by then)


@dataclass(slots=True)
class Probed:
    types: dict[tuple[int, str], str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    said: dict[tuple[int, str], str] = field(default_factory=dict)  # every type read back


def probe_types(root: Path, entry: str, source: bytes, wanted: list[Wanted],
                known: set[str]) -> Probed:
    """The compiler's types for `wanted`, those that can be written as they stand; `known`:
    the names main.rs imports or defines."""
    done = Probed()
    folder = _package(root / entry)
    program = shutil.which("cargo")
    if not wanted or folder is None or program is None:
        if wanted:
            done.notes.append("typed probes not run: " + ("cargo not found" if folder
                              else "no Cargo.toml above the entrypoint"))
        return done
    writable = known | _dependencies(folder)
    with tempfile.TemporaryDirectory(prefix="nova-refactor-probe-") as scratch:
        copy = _Copy(program, cargo_runs.workspace_root(program, folder), folder,
                     root / entry, Path(scratch))
        probed, lines = _with_probes(source, wanted)
        found, other = _read(copy.check(probed), entry_name=(root / entry).name, lines=lines)
        if other:
            done.notes.append(f"typed probes not used: the crate does not compile ({other})")
            return done
        shadows = _shadows(found, lines, writable)
        full = _full_paths(copy, source, wanted, shadows) if shadows else {}
    for line, kind in sorted(found.items(), key=lambda item: lines[item[0]].line):
        _take(done, lines[line], kind, full.get(lines[line].key, ""), writable)
    return done


def _take(done: Probed, probe: Wanted, kind: str, full: str, writable: set[str]) -> None:
    """The compiler's type for one probe, as printed or by the full path it gave."""
    done.said[probe.key] = kind
    where = f"line {probe.line}: `{probe.key[1]}`"
    if full and _writable(full, writable):
        done.types[probe.key] = full
        done.notes.append(f"{where} typed by the compiler (typed probe, `{kind}` by its full "
                          f"path): `{full}`")
    elif _writable(kind, writable):
        done.types[probe.key] = kind
        done.notes.append(f"{where} typed by the compiler (typed probe): `{kind}`")
    else:
        done.notes.append(f"line {probe.line}: the compiler says `{probe.key[1]}` is "
                          f"`{kind}`, which cannot be written here as it stands")


class _Copy:
    """The throw-away copy of the workspace the probes are checked in."""

    def __init__(self, program: str, workspace: Path, folder: Path, entry: Path,
                 scratch: Path) -> None:
        copy = scratch / "ws"
        shutil.copytree(workspace, copy, symlinks=True,
                        ignore=shutil.ignore_patterns("target", ".git"))
        self.program = program
        self.main = copy / entry.relative_to(workspace)
        self.folder = copy / folder.relative_to(workspace)
        self.target = os.environ.get("CARGO_TARGET_DIR") or str(workspace / "target")

    def check(self, main: bytes) -> list[dict[str, Any]]:  # JSON as read
        self.main.write_bytes(main)
        return _check(self.program, self.folder, self.target)


def _shadows(found: dict[int, str], lines: dict[int, Wanted], writable: set[str]
             ) -> dict[tuple[int, str], str]:
    """The probes to ask again, each with the short outer name to shadow."""
    return {lines[line].key: head for line, kind in found.items()
            if (head := _short_outer(kind, writable))}


def _short_outer(kind: str, writable: set[str]) -> str:
    """The outer type's name when only it keeps `kind` from being written: printed short and
    not imported by main.rs (`BTreeSet<usize>`); "" otherwise."""
    match = OUTER.fullmatch(kind)
    if match is None or match[1] in writable or match[1] in PRELUDE:
        return ""
    return match[1] if _writable((match[2] or "<>")[1:-1], writable) else ""


def _full_paths(copy: _Copy, source: bytes, wanted: list[Wanted],
                shadows: dict[tuple[int, str], str]) -> dict[tuple[int, str], str]:
    """The second check: each shadowed probe against a look-alike struct, read back from
    rustc's "`a::B<T>` and `nova_refactor_shadow::B` have similar names" note."""
    probed, lines = _with_probes(source, [w for w in wanted if w.key in shadows], shadows)
    full = {}
    for message in copy.check(probed):
        probe, name = _probe_at(message, lines), _similar_name(message)
        if probe is not None and name:
            full[probe.key] = name
    return full


def _probe_at(message: dict[str, Any], lines: dict[int, Wanted]) -> Wanted | None:
    primary = next((s for s in message.get("spans") or [] if s.get("is_primary")), None)
    return lines.get(int(primary.get("line_start", 0))) if primary is not None else None


def _similar_name(message: dict[str, Any]) -> str:  # rustc's JSON as read
    """The type a note names next to its look-alike (the one not in the shadow module)."""
    notes = [str(c.get("message", "")) for c in message.get("children") or []]
    names = [n for note in notes for pair in SIMILAR.findall(note) for n in pair
             if not n.startswith(SHADOW + "::")]
    return names[0] if names else ""


def _package(entry: Path) -> Path | None:
    folder = entry.parent
    while folder != folder.parent:
        if (folder / "Cargo.toml").is_file():
            return folder
        folder = folder.parent
    return None


def _with_probes(source: bytes, wanted: list[Wanted],
                 shadows: dict[tuple[int, str], str] | None = None
                 ) -> tuple[bytes, dict[int, Wanted]]:
    """main.rs with a probe line at each wanted place, and the probes' line numbers;
    `shadows`: probes written against a look-alike struct of that name (declared last)."""
    out, lines, at, shadows = b"", {}, 0, shadows or {}
    for probe in sorted(wanted, key=lambda w: w.end):
        out += source[at:probe.end]
        lines[out.count(b"\n") + 2] = probe  # the probe goes on a line of its own
        kind = f"&{SHADOW}::{shadows[probe.key]}" if probe.key in shadows else "()"
        out += f"\nlet _: {kind} = &{probe.key[1]}; // nova-refactor typed probe\n".encode()
        at = probe.end
    out += source[at:]
    if shadows:
        structs = " ".join(f"pub struct {name};" for name in sorted(set(shadows.values())))
        out += f"\n#[allow(dead_code)]\nmod {SHADOW} {{ {structs} }}\n".encode()
    return out, lines


def _check(program: str, folder: Path, target: str) -> list[dict[str, Any]]:  # JSON as read
    command = [program, "check", "--message-format=json"]
    if cargo_runs.registry_is_local(folder):
        command.append("--offline")
    env = {**os.environ, "CARGO_TERM_COLOR": "never", "CARGO_TARGET_DIR": target}
    try:
        done = subprocess.run(command, cwd=folder, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, check=False,
                              timeout=cargo_runs.TIMEOUT)
    except subprocess.TimeoutExpired:
        return [{"level": "error", "message": "cargo check did not finish", "spans": []}]
    messages = cargo_runs.compiler_messages(done.stdout)
    if done.returncode != 0 and not messages:  # cargo's own failure: a manifest, the network
        tail = [ln for ln in done.stderr.splitlines() if ln.startswith("error")]
        messages.append({"level": "error", "message": tail[0] if tail else "cargo failed",
                         "spans": []})
    return messages


def _read(messages: list[dict[str, Any]], entry_name: str, lines: dict[int, Wanted]
          ) -> tuple[dict[int, str], str]:
    """Each probe line's type; the first error that is not a probe's ("" when none; the
    spanless "aborting due to" error after the probes' is theirs)."""
    found: dict[int, str] = {}
    for message in messages:
        if message.get("level") != "error":
            continue
        primary = next((s for s in message.get("spans") or [] if s.get("is_primary")), None)
        probed = _probe_type(primary, entry_name, lines)
        if probed is not None:
            found[probed[0]] = probed[1]
        elif primary is not None or not found:
            return found, str(message.get("message", "error"))
    return found, ""


def _probe_type(primary: dict[str, Any] | None, entry_name: str, lines: dict[int, Wanted]
                ) -> tuple[int, str] | None:
    """(probe line, type) when the error is a probe's "expected `()`, found `&T`"."""
    if primary is None or not str(primary.get("file_name", "")).endswith(entry_name):
        return None
    line = int(primary.get("line_start", 0))
    label = FOUND.search(str(primary.get("label") or ""))
    return (line, label.group(1)) if line in lines and label is not None else None


def _dependencies(folder: Path) -> set[str]:
    """The crate names a path may start with: the package's dependencies (`-` as `_`)."""
    manifest = read_manifest(folder / "Cargo.toml")
    return {str(name).replace("-", "_") for table in cargo_runs.DEPENDENCY_TABLES
            for name in (manifest.get(table) or {})}


def _writable(kind: str, known: set[str]) -> bool:
    """Whether a compiler-printed type can be written in a new module of the crate."""
    if any(mark in kind for mark in ("{", "impl ", "dyn ", "[closure", "'_")) or \
            re.search(r"(?<![\w:])_(?![\w])", kind):
        return False
    for path in PATH.findall(kind):
        head = path.split("::")[0]
        if head not in ROOTS and head not in known and not (
                "::" not in path and path in PRELUDE):
            return False
    return True
