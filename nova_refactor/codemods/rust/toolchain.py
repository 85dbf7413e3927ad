"""The crate's manifests as cargo reads them, and rustfmt run with the crate's real edition.

`edition.workspace = true` (and `edition = { workspace = true }`) is inherited from the
workspace root's `[workspace.package]`; a package without an `edition` key is 2015, as cargo
says. rustfmt runs in the crate's folder, so the crate's own `rustfmt.toml` applies.
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

CARGO_DEFAULT_EDITION = "2015"  # cargo's own default when a package names none


def read_manifest(path: Path) -> dict[str, Any]:  # TOML as loaded
    """A Cargo.toml as a dict; {} when it cannot be read (cargo itself will say why)."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def package_manifest(root: Path, entry: str) -> Path | None:
    """The nearest Cargo.toml with a `[package]` above the entrypoint (within `root`)."""
    folder = (root / entry).parent
    while True:
        manifest = folder / "Cargo.toml"
        if manifest.is_file() and "package" in read_manifest(manifest):
            return manifest
        if folder == root or folder.parent == folder:
            return None
        folder = folder.parent


def workspace_manifest(package: Path) -> Path | None:
    """The workspace root's Cargo.toml for the package at `package` (maybe itself): the
    `package.workspace` key when set, else the nearest ancestor with a `[workspace]` table."""
    data = read_manifest(package)
    explicit = data.get("package", {}).get("workspace")
    if isinstance(explicit, str):
        candidate = (package.parent / explicit / "Cargo.toml").resolve()
        return candidate if candidate.is_file() else None
    folder = package.parent
    while True:
        manifest = folder / "Cargo.toml"
        if manifest.is_file() and "workspace" in read_manifest(manifest):
            return manifest
        if folder.parent == folder:
            return None
        folder = folder.parent


def crate_edition(root: Path, entry: str) -> str:
    """The edition the entrypoint's package is compiled with."""
    manifest = package_manifest(root, entry)
    if manifest is None:
        return "2021"  # a loose file: rustfmt's parser needs a modern edition for `async fn`
    edition = read_manifest(manifest).get("package", {}).get("edition")
    if isinstance(edition, dict) and edition.get("workspace") is True:
        workspace = workspace_manifest(manifest)
        inherited = read_manifest(workspace).get("workspace", {}).get("package", {}) \
            if workspace is not None else {}
        edition = inherited.get("edition")
    return edition if isinstance(edition, str) else CARGO_DEFAULT_EDITION


def rustfmt_binary() -> str | None:
    return shutil.which("rustfmt")


def rustfmt(code: str, edition: str, folder: Path | None = None) -> str | None:
    """`code` formatted, or None when rustfmt rejects it (or is missing)."""
    binary = rustfmt_binary()
    if binary is None:
        return None
    command = [binary, "--edition", edition, "--emit", "stdout", "--quiet"]
    done = subprocess.run(command, input=code, capture_output=True, text=True, check=False,
                          timeout=60, cwd=folder if folder is not None and folder.is_dir()
                          else None)
    return done.stdout if done.returncode == 0 else None
