"""The library crates a package reaches by `path` dependency (workspace members such as
`libs/common`), so that a binary's `shared_kit::config::Settings::load()` has a type.

Cargo's rules, as far as typing needs them: a dependency with `path = ".."` (or
`name.workspace = true` whose `[workspace.dependencies]` entry has a `path`, relative to the
workspace root) is a crate whose library root is `src/lib.rs` (or `[lib] path`); code names it
by its dependency key when the key renames it (`package = ".."`), else by its library's name
(`[lib] name`, or the package name), `-` written `_`.

These paths come from the repository's own manifests, so they are confined to the workspace
(or, outside a workspace, to the package): a `path` that leads elsewhere is not followed.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nova_refactor.confine import OutsideRoot, confined


@dataclass(frozen=True, slots=True)
class Member:
    name: str  # how code names the crate: `shared_kit`
    lib: Path  # its library root file


def path_dependencies(package: Path) -> list[Member]:
    """The library crates `package/Cargo.toml` depends on by path, in manifest order."""
    manifest = _read(package / "Cargo.toml")
    if manifest is None:
        return []
    workspace = _workspace_above(package)
    boundary = workspace[0] if workspace else package
    found = []
    for key, spec in _dependency_tables(manifest):
        where = _dependency_folder(package, key, spec, workspace)
        member = _member(boundary, where, key, spec) if where is not None else None
        if member is not None:
            found.append(member)
    return found


def _dependency_tables(manifest: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    deps = manifest.get("dependencies", {})
    return [(key, spec) for key, spec in deps.items() if isinstance(spec, dict)] \
        if isinstance(deps, dict) else []


def _dependency_folder(package: Path, key: str, spec: dict[str, Any],
                       workspace: tuple[Path, dict[str, Any]] | None) -> Path | None:
    if "path" in spec:
        return Path(os.path.normpath(package / str(spec["path"])))
    if spec.get("workspace") is True and workspace is not None:
        root, data = workspace
        shared = data.get("workspace", {}).get("dependencies", {}).get(key)
        if isinstance(shared, dict) and "path" in shared:
            return Path(os.path.normpath(root / str(shared["path"])))
    return None


def _member(boundary: Path, folder: Path, key: str, spec: dict[str, Any]) -> Member | None:
    try:
        relative = os.path.relpath(folder, boundary)
        folder = confined(boundary, relative) if relative != "." else boundary
    except (OutsideRoot, ValueError):
        return None  # a manifest's path out of the workspace: not read
    manifest = _read(folder / "Cargo.toml")
    if manifest is None:
        return None
    lib = manifest.get("lib", {}) if isinstance(manifest.get("lib"), dict) else {}
    root_file = folder / str(lib.get("path", "src/lib.rs"))
    if not root_file.is_file():
        return None  # a binary-only package: nothing a dependent can name
    package = manifest.get("package", {})
    named = key if "package" in spec else str(lib.get("name") or package.get("name") or key)
    return Member(named.replace("-", "_"), root_file)


def _workspace_above(package: Path) -> tuple[Path, dict[str, Any]] | None:
    """The first manifest with `[workspace]` at or above the package, as cargo looks."""
    for folder in (package.resolve(), *package.resolve().parents):
        data = _read(folder / "Cargo.toml")
        if data is not None and "workspace" in data:
            return folder, data
    return None


def _read(path: Path) -> dict[str, Any] | None:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # cargo reports a broken manifest itself, with its line
