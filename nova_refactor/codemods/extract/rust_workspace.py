"""extract-common for a member of a Rust virtual workspace (a root `Cargo.toml` with only
`[workspace]`, the monolith one of its members, as in Nova's `backend/`).

The user passes the member (`boundaries` and `extract-common` on `backend/user-service`: on
the workspace root `boundaries` would mix crates that share no `crate::` path). The modules
move exactly as for a root package crate (`rust.py`); what differs is where things are
written, so the plan is made on the member and re-rooted at the workspace root:

- the library is a new member `libs/<name>-common` of the workspace, appended to `members`;
- its manifest inherits (`key.workspace = true`) what the member inherits from
  `[workspace.package]`, and a dependency the member took from `[workspace.dependencies]`
  stays `dep.workspace = true`; a `path` dependency is re-pointed from the new folder;
- the member gets `<name>-common = { path = ".." }` in its `[dependencies]`;
- contracts.toml is written at the workspace root, every place workspace-relative (the
  member's modules, the library's, the services' extracted so far), as extract-service
  writes it: the gate's `boundaries` rule reads it there (`nova-refactor check backend`).

Manifests are edited with tomlkit, so comments, order and layout of the user's files stay.
The journal lives at the workspace root (every written file is under it): `undo` there.
"""

from __future__ import annotations

import fnmatch
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit

from nova_refactor.codemods.extract import rust_contracts
from nova_refactor.codemods.extract.moves import Moved
from nova_refactor.codemods.extract.proposal_file import ExtractProposal
from nova_refactor.codemods.extract.rust import crate_names, plan_rust_common, used_crates
from nova_refactor.codemods.extract.rust_service import service_crate
from nova_refactor.codemods.plan import Skipped
from nova_refactor.vocabulary import SkipKind

INHERITABLE = ("version", "edition", "rust-version", "authors", "license")


@dataclass(frozen=True, slots=True)
class Workspace:
    root: Path  # the folder of the virtual manifest
    member: str  # the member being split, relative to root ("user-service")
    virtual: bool = True  # False: the root manifest is a package too (refused)


@dataclass(frozen=True, slots=True)
class MemberPlan:
    moved: Moved  # paths relative to the workspace root
    folder: str  # "libs/user-common", relative to the workspace root
    crate: str  # "user_common"


def enclosing_workspace(member_root: Path) -> Workspace | None:
    """The workspace above `member_root` that lists it as a member; None for a root package
    crate or a crate outside any workspace (cargo stops at the first `[workspace]` above a
    package, so do we)."""
    member_root = member_root.resolve()
    for parent in member_root.parents:
        data = _read(parent / "Cargo.toml")
        if data is None or "workspace" not in data:
            continue
        member = member_root.relative_to(parent).as_posix()
        if not _lists(data["workspace"], member):
            return None
        return Workspace(parent, member, "package" not in data)
    return None


def _read(path: Path) -> dict[str, Any] | None:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None  # not ours to judge here: cargo says it with its line


def _lists(workspace: dict[str, Any], member: str) -> bool:
    """`members` and `exclude` are globs (`crates/*`) in cargo's manifest format."""
    members = [str(m).rstrip("/") for m in workspace.get("members", [])]
    excluded = [str(m).rstrip("/") for m in workspace.get("exclude", [])]
    return any(fnmatch.fnmatchcase(member, m) for m in members) and member not in excluded


def plan_member_common(workspace: Workspace, proposal: ExtractProposal) -> MemberPlan:
    member_root = workspace.root / workspace.member
    folder, crate, _ = crate_names(member_root)
    if not workspace.virtual:
        return MemberPlan(Moved(refusals=[refused_root_package(workspace, "extract-common")]),
                          folder, crate)

    def manifests(root: Path, folder: str, crate: str, manifest: dict[str, object],
                  texts: dict[str, str], moved: Moved) -> None:
        _manifests(workspace, folder, texts, moved)

    moved = _rerooted(plan_rust_common(member_root, proposal, manifests=manifests,
                                       crates=workspace.root), workspace.member, folder)
    if moved.texts and not moved.refusals:  # else the workspace stays as it is
        _add_member(workspace, folder, moved)
        write_contracts(workspace, proposal, moved)
    return MemberPlan(moved, folder, crate)


def write_contracts(workspace: Workspace, proposal: ExtractProposal, moved: Moved) -> None:
    """contracts.toml at the workspace root, with workspace-relative places (`moved` is
    already re-rooted there); a file the user wrote there is left alone and reported."""
    if rust_contracts.written_by_hand(workspace.root):
        moved.reported.append("contracts.toml: written by hand, not updated nor checked")
        return
    member_root = workspace.root / workspace.member
    folders = [crate_names(member_root)[0],
               *(service_crate(s.name).folder for s in proposal.services)]
    place = rust_contracts.placed_in_workspace(workspace.root, workspace.member, proposal,
                                               folders, moved.moving)
    moved.texts["contracts.toml"] = rust_contracts.contracts_text(proposal, place)
    moved.lines.append(f"write contracts.toml at the workspace root (the proposal's modules "
                       f"at their places in {workspace.member}, the shared library and the "
                       "services; the gate's rule boundaries reads it there)")


def refused_root_package(workspace: Workspace, codemod: str) -> Skipped:
    """Its own [dependencies] and src/ would need a third layout."""
    return Skipped(SkipKind.UNSUPPORTED, "the workspace root is also a package; "
                   f"{codemod} takes a root package crate or a member of a virtual "
                   f"workspace ({workspace.member} is neither)", "Cargo.toml")


def _manifests(workspace: Workspace, folder: str, texts: dict[str, str], moved: Moved) -> None:
    """The library's manifest (key `<folder>/Cargo.toml`, already workspace-relative) and the
    member's (key `Cargo.toml`, member-relative like every other file of the member)."""
    member_text = (workspace.root / workspace.member / "Cargo.toml").read_text(encoding="utf-8")
    member = tomllib.loads(member_text)
    dependencies = member.get("dependencies", {})
    used = [name for name in used_crates(list(dependencies), "\n".join(texts.values()))]
    name = folder.rsplit("/", 1)[1]
    relocated = {dep: _relocated(dependencies[dep], workspace, folder) for dep in used}
    moved.texts[f"{folder}/Cargo.toml"] = _library_manifest(name, member.get("package", {}),
                                                            relocated)
    moved.created.append(f"{folder}/Cargo.toml")
    document = tomlkit.parse(member_text)
    table = document.setdefault("dependencies", tomlkit.table())
    link = tomlkit.inline_table()
    link.update({"path": _relative(workspace.root / folder, workspace.root / workspace.member)})
    table[name] = link
    moved.texts["Cargo.toml"] = tomlkit.dumps(document)
    inherited = sum(1 for spec in relocated.values() if _inherits(spec))
    verb = "rewrite" if (workspace.root / folder / "Cargo.toml").is_file() else "create"
    moved.lines.append(f"{verb} {folder}/Cargo.toml ({len(used)} of the member's dependencies, "
                       f"those its code names; {inherited} from [workspace.dependencies]); "
                       f"{workspace.member}/Cargo.toml: dependency {name}")


def _relocated(spec: Any, workspace: Workspace, folder: str) -> Any:
    """A `path` dependency re-pointed from the library's folder; anything else as written."""
    if not isinstance(spec, dict) or "path" not in spec:
        return spec
    target = workspace.root / workspace.member / str(spec["path"])
    return {**spec, "path": _relative(target, workspace.root / folder)}


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(os.path.normpath(target), os.path.normpath(start))).as_posix()


def _inherits(value: Any) -> bool:
    return isinstance(value, dict) and value.get("workspace") is True


def _library_manifest(name: str, package: Any, dependencies: dict[str, Any]) -> str:
    package = package if isinstance(package, dict) else {}
    lines = ["[package]", f"name = {tomlkit.string(name).as_string()}"]
    for key in INHERITABLE:
        if _inherits(package.get(key)):
            lines.append(f"{key}.workspace = true")
        elif key == "version":
            lines.append('version = "0.1.0"')
        elif key == "edition":
            lines.append(f'edition = "{package.get("edition", "2021")}"')
    lines += ["publish = false", "", "[dependencies]"]
    lines += [_dependency_line(dep, spec) for dep, spec in dependencies.items()]
    return "\n".join(lines) + "\n"


def _dependency_line(name: str, spec: Any) -> str:
    if spec == {"workspace": True}:
        return f"{name}.workspace = true"
    value: Any = spec
    if isinstance(spec, dict):
        value = tomlkit.inline_table()
        value.update(spec)
    return f"{name} = {tomlkit.item(value).as_string()}"


_SRC = re.compile(r"(?<![\w./\"-])(src/)")  # a quoted path is the proposal's: kept


def _rerooted(moved: Moved, member: str, folder: str) -> Moved:
    """Member-relative paths become workspace-relative; the library's stay as they are."""

    def at(path: str) -> str:
        return path if folder and path.startswith(f"{folder}/") else f"{member}/{path}"

    return Moved(texts={at(p): t for p, t in moved.texts.items()},
                 removed=[at(p) for p in moved.removed], created=[at(p) for p in moved.created],
                 lines=[_SRC.sub(rf"{member}/\1", line) for line in moved.lines],
                 reported=[_SRC.sub(rf"{member}/\1", line) for line in moved.reported],
                 refusals=[Skipped(s.kind, _SRC.sub(rf"{member}/\1", s.message),
                                   at(s.path) if s.path else "", s.line)
                           for s in moved.refusals],
                 moving={at(old): at(new) for old, new in moved.moving.items()})


def _add_member(workspace: Workspace, folder: str, moved: Moved) -> None:
    text = (workspace.root / "Cargo.toml").read_text(encoding="utf-8")
    document = tomlkit.parse(text)
    members = document["workspace"].setdefault("members", tomlkit.array())
    if folder in members:
        return
    members.append(folder)
    moved.texts["Cargo.toml"] = tomlkit.dumps(document)
    moved.lines.append(f"Cargo.toml: workspace member {folder}")
