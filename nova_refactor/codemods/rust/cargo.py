"""`cargo check --message-format=json`: the compiler as the judge of a split.

The check runs in the crate's folder with cargo's own target dir (or `CARGO_TARGET_DIR` when the
caller set it), `--offline` when every dependency is already on this machine (a vendored or
local registry, or every locked package in cargo's download cache). Diagnostics come from the
JSON messages, never from the human-readable text: the first error as `file:line: message`,
and the `unused_imports` warnings with the byte spans the compiler suggests removing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nova_refactor.codemods.rust.toolchain import read_manifest

TIMEOUT = 1800  # a real service's first check compiles hundreds of dependencies
DEPENDENCY_TABLES = ("dependencies", "dev-dependencies", "build-dependencies")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    level: str  # "error" or "warning"
    code: str  # "E0433", "unused_imports", "" when the compiler gives none
    file: str  # absolute path
    line: int
    message: str
    removals: tuple[tuple[int, int, str], ...] = ()  # (byte start, end, replacement) suggested

    def render(self, base: Path | None = None) -> str:
        path = Path(self.file)
        shown = path.relative_to(base).as_posix() if base is not None and \
            path.is_relative_to(base) else self.file
        return f"{shown}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class CheckRun:
    passed: bool | None  # None: could not run here
    why: str  # the first error when it failed, the reason when it could not run
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)

    def unused_imports(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.code == "unused_imports" and d.removals]


def not_run(why: str) -> CheckRun:
    return CheckRun(None, why)


def check(folder: Path | None) -> CheckRun:
    """`cargo check` of the package in `folder` (its lib and bins)."""
    if folder is None:
        return not_run("no Cargo.toml above the entrypoint")
    cargo = shutil.which("cargo")
    if cargo is None:
        return not_run("cargo not found")
    command = [cargo, "check", "--message-format=json"]
    if registry_is_local(folder):
        command.append("--offline")
    env = {**os.environ, "CARGO_TERM_COLOR": "never"}
    try:
        done = subprocess.run(command, cwd=folder, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, check=False, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return not_run(f"cargo check did not finish within {TIMEOUT} s")
    diagnostics = tuple(parse_messages(done.stdout, workspace_root(cargo, folder)))
    if done.returncode == 0:
        return CheckRun(True, "", diagnostics)
    return CheckRun(False, first_error(diagnostics, done.stderr, folder, done.returncode),
                    diagnostics)


def first_error(diagnostics: tuple[Diagnostic, ...], stderr: str, folder: Path,
                returncode: int) -> str:
    """The compiler's first error; cargo's own (a manifest, a resolution) when rustc had none."""
    errors = [d for d in diagnostics if d.level == "error"]
    if errors:
        return errors[0].render(folder)
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    cargo_errors = [ln for ln in lines if ln.startswith("error")]
    return cargo_errors[0] if cargo_errors else (lines[-1] if lines else f"exit {returncode}")


def workspace_root(cargo: str, folder: Path) -> Path:
    """Where cargo runs rustc: the file names in its diagnostics are relative to it."""
    done = subprocess.run([cargo, "locate-project", "--workspace", "--message-format", "plain"],
                          cwd=folder, capture_output=True, text=True, check=False, timeout=60,
                          stdin=subprocess.DEVNULL)
    found = done.stdout.strip()
    return Path(found).parent if done.returncode == 0 and found else folder


def compiler_messages(stdout: str) -> list[dict[str, Any]]:  # rustc's JSON as read
    """The `message` of every `compiler-message` line of `cargo --message-format=json`."""
    messages = []
    for raw in stdout.splitlines():
        try:
            message = json.loads(raw)
        except ValueError:
            continue  # a build script's own output line
        if isinstance(message, dict) and message.get("reason") == "compiler-message":
            messages.append(message.get("message") or {})
    return messages


def parse_messages(stdout: str, base: Path) -> list[Diagnostic]:
    found = (_diagnostic(message, base) for message in compiler_messages(stdout))
    return [diagnostic for diagnostic in found if diagnostic is not None]


def _diagnostic(message: dict[str, Any], base: Path) -> Diagnostic | None:  # JSON as read
    level = message.get("level", "")
    if level not in ("error", "warning"):
        return None
    spans = message.get("spans") or []
    primary = next((s for s in spans if s.get("is_primary")), spans[0] if spans else None)
    if primary is None:
        return None  # "aborting due to N previous errors" and the like
    code = (message.get("code") or {}).get("code", "") or ""
    file = str((base / primary.get("file_name", "")).resolve())
    return Diagnostic(level, code, file, int(primary.get("line_start", 0)),
                      message.get("message", ""), _edits(message, code, file, primary))


def _edits(message: dict[str, Any], code: str, file: str, primary: dict[str, Any]
           ) -> tuple[tuple[int, int, str], ...]:
    removals = _removals(message, file)
    if code == "unused_imports" and not removals:
        removals = leaf_removal(file, int(primary.get("byte_start", 0)),
                                int(primary.get("byte_end", 0)))
    return removals


def leaf_removal(file: str, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
    """The deletion for an unused import rustc reports without a suggestion (a trait import
    found unused only after type checking): the leaf and its comma in `use a::{X, Y};`, or the
    whole `use a::Y;` line. Anything else (a lone `{Y}`): no edit, the warning stays."""
    try:
        data = Path(file).read_bytes()
    except OSError:
        return ()
    line_start = data.rfind(b"\n", 0, start) + 1
    line_end = data.find(b"\n", end)
    line_end = len(data) if line_end < 0 else line_end
    before, after = data[line_start:start], data[end:line_end]
    if after.lstrip().startswith(b","):
        comma = end + after.index(b",") + 1
        while comma < line_end and data[comma:comma + 1] == b" ":
            comma += 1
        return ((start, comma, ""),)
    if before.rstrip().endswith(b","):
        return ((line_start + before.rstrip().rindex(b","), end, ""),)
    if before.lstrip().startswith(b"use ") and after.strip() == b";":
        return ((line_start, min(line_end + 1, len(data)), ""),)
    return ()


def _removals(message: dict[str, Any], file: str) -> tuple[tuple[int, int, str], ...]:
    """The machine-applicable edits the compiler suggests (for `unused_imports`: deletions)."""
    edits = []
    for child in message.get("children") or []:
        for span in child.get("spans") or []:
            replacement = span.get("suggested_replacement")
            if replacement is None or span.get("suggestion_applicability") not in (
                    "MachineApplicable", None):
                continue
            edits.append((int(span["byte_start"]), int(span["byte_end"]), replacement))
    return tuple(edits)


def registry_is_local(folder: Path) -> bool:
    """True when cargo can build without the network: offline asked for, a source replaced by
    a local directory or registry, no registry dependency at all, or every package of the lock
    file already in cargo's download cache."""
    if os.environ.get("CARGO_NET_OFFLINE", "").lower() in ("1", "true"):
        return True
    if _local_source_replacement(folder):
        return True
    lock = _lock_file(folder)
    if lock is None:
        data = read_manifest(folder / "Cargo.toml")
        return not any(data.get(table) for table in DEPENDENCY_TABLES)
    packages = read_manifest(lock).get("package", [])
    remote = [p for p in packages if str(p.get("source", "")).startswith(("registry+", "git+",
                                                                         "sparse+"))]
    if any(str(p.get("source", "")).startswith("git+") for p in remote):
        return False
    cached = _cached_crates()
    return all(f"{p.get('name')}-{p.get('version')}.crate" in cached for p in remote)


def _lock_file(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / "Cargo.lock").is_file():
            return candidate / "Cargo.lock"
    return None


def _cargo_home() -> Path:
    return Path(os.environ.get("CARGO_HOME") or Path.home() / ".cargo")


def _cached_crates() -> set[str]:
    cache = _cargo_home() / "registry" / "cache"
    if not cache.is_dir():
        return set()
    return {crate.name for index in cache.iterdir() if index.is_dir()
            for crate in index.iterdir()}


def _local_source_replacement(folder: Path) -> bool:
    configs = [c / ".cargo" / name for c in (folder, *folder.parents)
               for name in ("config.toml", "config")]
    configs += [_cargo_home() / "config.toml", _cargo_home() / "config"]
    for config in configs:
        if not config.is_file():
            continue
        sources = read_manifest(config).get("source", {})
        if any(isinstance(s, dict) and ("directory" in s or "local-registry" in s)
               for s in sources.values()):
            return True
    return False
