"""extract-service for a member of a Rust virtual workspace (Nova's `backend/user-service`).

The modules move as for a root package crate (`rust_service.py`, planned on the member);
what differs is where things are written, as for extract-common (`rust_workspace.py`):

- the service crate is a new member `services/<name>-service` of the workspace (beside
  `libs/<name>-common`), appended to the root's `members`;
- its manifest inherits (`key.workspace = true`) what the member inherits from
  `[workspace.package]`; a dependency the member took from `[workspace.dependencies]` stays
  `dep.workspace = true`, a `path` dependency is re-pointed from the new folder;
- the member gets `<name>-service = { path = ".." }` in its `[dependencies]`.

contracts.toml is written at the workspace root, where every module of the proposal is once
moved (`user-service/src/..`, `libs/user-common/src/..`, `services/<name>-service/src/..`):
the gate's `boundaries` rule reads it there (`nova-refactor check backend`), and the
transaction checks with it that the move breaks no contract that held before.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import tomlkit

from nova_refactor.codemods.extract.moves import Moved
from nova_refactor.codemods.extract.proposal_file import ExtractProposal, ServiceSpec
from nova_refactor.codemods.extract.rust import crate_names, used_crates
from nova_refactor.codemods.extract.rust_service import ServiceCrate, plan_rust_service
from nova_refactor.codemods.extract.rust_workspace import (
    MemberPlan,
    Workspace,
    _add_member,
    _dependency_line,
    _library_manifest,
    _relative,
    _relocated,
    _rerooted,
    refused_root_package,
    write_contracts,
)
from nova_refactor.codemods.plan import Skipped
from nova_refactor.vocabulary import SkipKind


def plan_member_service(workspace: Workspace, proposal: ExtractProposal,
                        service: ServiceSpec, crate: ServiceCrate) -> MemberPlan:
    member_root = workspace.root / workspace.member
    if not workspace.virtual:
        return MemberPlan(Moved(refusals=[refused_root_package(workspace, "extract-service")]),
                          crate.folder, crate.ident)
    clash = _same_package(workspace.root, crate)
    if clash:
        return MemberPlan(Moved(refusals=[Skipped(
            SkipKind.NAME_CLASH, f"already a package named {crate.package}; a second one at "
            f"{crate.folder} would make `{crate.ident}::` ambiguous: rename the service in the "
            "proposal", clash)]), crate.folder, crate.ident)

    def manifests(made: ServiceCrate, moved: Moved) -> None:
        _manifests(workspace, made, moved)

    moved = _rerooted(plan_rust_service(member_root, proposal, service, workspace.root,
                                        manifests), workspace.member, crate.folder)
    moved.lines = [line.replace(f"{workspace.member}/{crate.folder}/", f"{crate.folder}/")
                   for line in moved.lines]
    if moved.texts and not moved.refusals:
        _add_member(workspace, crate.folder, moved)
        write_contracts(workspace, proposal, moved)
    return MemberPlan(moved, crate.folder, crate.ident)


_NOT_SOURCE = {"target", "node_modules", ".git", ".nova-refactor"}


def _same_package(root: Path, crate: ServiceCrate) -> str:
    """A manifest under the workspace root, outside the service's own folder, whose package
    has the service crate's name (members or not: Nova's backend/auth-service is none)."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _NOT_SOURCE)  # target/ is not walked
        relative = Path(folder).relative_to(root).as_posix()
        if "Cargo.toml" not in files or relative == crate.folder:
            continue
        try:
            text = (Path(folder) / "Cargo.toml").read_text(encoding="utf-8")
            package = tomllib.loads(text).get("package", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue  # not ours to judge: cargo says it with its line
        if isinstance(package, dict) and package.get("name") == crate.package:
            return f"{relative}/Cargo.toml"
    return ""


def _manifests(workspace: Workspace, crate: ServiceCrate, moved: Moved) -> None:
    """The service's manifest (already workspace-relative) and the member's (member-relative,
    like every other file of the member until `_rerooted`)."""
    member_text = (workspace.root / workspace.member / "Cargo.toml").read_text(encoding="utf-8")
    member = tomllib.loads(member_text)
    dependencies = member.get("dependencies", {})
    code = "\n".join(t for p, t in moved.texts.items()
                     if p.startswith(f"{crate.folder}/src/") and p.endswith(".rs"))
    used = set(used_crates(list(dependencies), code)) | {"actix-web"}  # the binary uses it
    relocated = {dep: _relocated(spec, workspace, crate.folder)
                 for dep, spec in dependencies.items() if dep in used}
    common_folder, common_ident, _ = crate_names(workspace.root / workspace.member)
    if f"{common_ident}::" in code or f"extern crate {common_ident};" in code:
        relocated[common_folder.rsplit("/", 1)[1]] = {
            "path": _relative(workspace.root / common_folder, workspace.root / crate.folder)}
    moved.texts[f"{crate.folder}/Cargo.toml"] = _service_manifest(crate, member, relocated)
    document = tomlkit.parse(member_text)
    table = document.setdefault("dependencies", tomlkit.table())
    link = tomlkit.inline_table()
    link.update({"path": _relative(workspace.root / crate.folder,
                                   workspace.root / workspace.member)})
    table[crate.package] = link
    moved.texts["Cargo.toml"] = tomlkit.dumps(document)
    moved.lines.append(f"{workspace.member}/Cargo.toml: dependency {crate.package}; "
                       f"{crate.folder}/Cargo.toml: {len(relocated)} dependencies, those its "
                       "code names, as the member declares them")


def _service_manifest(crate: ServiceCrate, member: dict[str, object],
                      dependencies: dict[str, object]) -> str:
    """The library manifest's [package] (inheritance as the member's), with the binary."""
    head = _library_manifest(crate.package, member.get("package", {}), {})
    head = head.removesuffix("[dependencies]\n")
    lines = [f"{head}[lib]", 'path = "src/lib.rs"', "", "[[bin]]",
             f'name = "{crate.package}"', 'path = "src/main.rs"', "", "[dependencies]"]
    lines += [_dependency_line(dep, spec) for dep, spec in sorted(dependencies.items())]
    return "\n".join(lines) + "\n"
