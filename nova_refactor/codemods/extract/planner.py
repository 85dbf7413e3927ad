"""The extraction planners: pure functions from a project and a proposal to plan lines, a
changeset and refusals. Nothing here writes; `apply` writes the changeset in a Transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from nova_refactor.analysis.python.modules import module_name
from nova_refactor.codemods.changeset import Changeset, FileChange
from nova_refactor.codemods.extract import deps, scaffold, verify
from nova_refactor.codemods.extract.moves import Moved, move_group
from nova_refactor.codemods.extract.project import Groups, Project, load_project, plan_groups
from nova_refactor.codemods.extract.proposal_file import ExtractProposal
from nova_refactor.codemods.extract.rust import crate_names, plan_rust_common
from nova_refactor.codemods.extract.rust_service import plan_rust_service, service_crate
from nova_refactor.codemods.extract.rust_workspace import enclosing_workspace, plan_member_common
from nova_refactor.codemods.extract.rust_workspace_service import plan_member_service
from nova_refactor.codemods.plan import Skipped
from nova_refactor.vocabulary import SkipKind


@dataclass(frozen=True, slots=True)
class ExtractPlan:
    codemod: str
    package: str  # the package made (dotted)
    lines: tuple[str, ...]  # what happens, one line each
    reported: tuple[str, ...]  # what was not rewritten and needs a look
    changeset: Changeset
    refusals: tuple[Skipped, ...]  # non-empty: nothing may be written
    moving: tuple[tuple[str, str], ...] = ()  # (old path, new path) of the modules moved
    service_apps: tuple[str, ...] = ()  # every service's app.py, made now or earlier
    language: str = "python"  # "rust": the compiler checks it (cargo check)
    compiled: tuple[str, ...] = ()  # Rust: (library folder, member) to cargo-check, when the
    # changeset root is a virtual workspace above the member passed

    @property
    def nothing_to_do(self) -> bool:
        return not self.refusals and self.changeset.empty


def plan_common(root: Path, proposal: ExtractProposal, name: str = "",
                shims: bool = False) -> ExtractPlan:
    if _rust(proposal.shared):
        return _plan_rust(root, proposal)
    project = load_project(root)
    groups = plan_groups(root, proposal, name)
    layout = groups.common
    refusals = deps.common_refusals(project, groups)
    if not layout.moves:
        refusals.append(_no_python(proposal.source, "the shared library", proposal.shared))
    if refusals:
        return _refused("extract-common", layout.package, root, refusals)
    users = ", ".join(s.name for s in proposal.services)
    moved = move_group(project, layout, f"Shared library of the services {users} "
                       "(nova-refactor extract-common).", shims)
    _contracts(root, proposal, groups, moved)
    return _plan("extract-common", layout.package, root, moved, groups)


def plan_service(root: Path, proposal: ExtractProposal, service_name: str, name: str = "",
                 shims: bool = False) -> ExtractPlan:
    service = proposal.service(service_name)
    if _rust(service.modules):
        return _plan_rust_service(root, proposal, service.name)
    project = load_project(root)
    groups = plan_groups(root, proposal, name)
    layout = groups.service_layout(service.name)
    refusals, notes = deps.service_refusals(project, groups, proposal, service.name)
    if not layout.moves:
        refusals.append(_no_python(proposal.source, f"service {service.name}", service.modules))
    if refusals:
        return _refused("extract-service", layout.package, root, refusals)
    moved = move_group(project, layout, f"The {service.name} service (nova-refactor "
                       "extract-service).", shims)
    if moved.mapping:  # something moves: the package gets its entrypoint, README and tests
        edges = deps.incoming_edges(project, groups, proposal, service.name, moved.mapping)
        _scaffold(project, proposal, groups, service.name, edges, moved)
        moved.lines += [f"edge {line}" for line in [*edges, *notes]]
        _contracts(root, proposal, groups, moved)
    return _plan("extract-service", layout.package, root, moved, groups)


def _scaffold(project: Project, proposal: ExtractProposal, groups: Groups, name: str,
              edges: list[str], moved: Moved) -> None:
    service = proposal.service(name)
    layout = groups.service_layout(name)
    target = _composition_root(project, proposal, layout.package, moved)
    files = {f"{layout.folder}/app.py": scaffold.entrypoint(service, target, moved.mapping),
             f"{layout.folder}/README.md": scaffold.readme(service, layout,
                                                          groups.common.package, edges),
             **scaffold.tests(service, layout)}
    for path, text in files.items():
        moved.texts[path] = text
        moved.created.append(path)
        moved.lines.append(f"create {path}")


def _composition_root(project: Project, proposal: ExtractProposal, package: str,
                      moved: Moved) -> str:
    """`module:app` of the first entrypoint that builds a web app (what app.py mounts from)."""
    apps = [(p, scaffold.app_object(project.texts[p])) for p in proposal.entrypoints
            if p in project.texts]
    found = next(((p, a) for p, a in apps if a), None)
    if found is None:
        moved.reported.append(f"{package}: no web app found in the proposal's entrypoints; "
                              "app.py mounts from main:app, edit COMPOSITION_ROOT")
        return "main:app"
    return f"{module_name(found[0])}:{found[1]}"


def _contracts(root: Path, proposal: ExtractProposal, groups: Groups, moved: Moved) -> None:
    """contracts.toml follows the modules (the gate's `boundaries` rule reads it); a file
    the user wrote is left alone and only reported."""
    if not moved.mapping:
        return
    path = root / verify.CONTRACTS
    text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    if text and not text.startswith(verify.GENERATED):
        moved.reported.append(f"{verify.CONTRACTS}: written by hand, not updated; the "
                              "extraction's contracts are checked from a copy")
        return
    moved.texts[verify.CONTRACTS] = verify.contracts_text(root, proposal, groups,
                                                          set(moved.moving))
    moved.lines.append(f"{'update' if text else 'create'} {verify.CONTRACTS} (services, shared "
                       "library and import-linter contracts at the new places)")


def _rust(modules: tuple[str, ...]) -> bool:
    return any(m.endswith(".rs") for m in modules) and not any(m.endswith(".py") for m in modules)


def _plan_rust(root: Path, proposal: ExtractProposal) -> ExtractPlan:
    workspace = enclosing_workspace(root)
    compiled: tuple[str, ...] = ()
    if workspace is not None:  # a member: written at the workspace root, journalled there
        member = plan_member_common(workspace, proposal)
        moved, root, crate = member.moved, workspace.root, member.crate
        compiled = (member.folder, workspace.member)
    else:
        moved = plan_rust_common(root, proposal)
        crate = crate_names(root)[1] if (root / "Cargo.toml").is_file() else ""
    if moved.refusals:
        return _refused("extract-common", crate, root, moved.refusals)
    changes = changeset(root, moved)
    lock = root / "Cargo.lock"
    if lock.is_file() and not changes.empty:  # journalled as it is: cargo rewrites it
        original = lock.read_bytes()
        changes = Changeset(changes.root, (*changes.changes,
                                           FileChange("Cargo.lock", original, original)))
    return ExtractPlan("extract-common", crate, tuple(moved.lines), tuple(moved.reported),
                       changes, (), tuple(sorted(moved.moving.items())), language="rust",
                       compiled=compiled)


def _plan_rust_service(root: Path, proposal: ExtractProposal, name: str) -> ExtractPlan:
    crate = service_crate(name)
    workspace = enclosing_workspace(root)
    compiled: tuple[str, ...] = ()
    if workspace is not None:  # a member: written at the workspace root, journalled there
        moved = plan_member_service(workspace, proposal, proposal.service(name), crate).moved
        root, compiled = workspace.root, (crate.folder, workspace.member)
    else:
        moved = plan_rust_service(root, proposal, proposal.service(name))
    if moved.refusals:
        once = list(dict.fromkeys(moved.refusals))  # one path used twice on a line: one refusal
        return replace(_refused("extract-service", crate.ident, root, once), language="rust")
    changes = _lock_journalled(root, changeset(root, moved))
    served = tuple(f"{service_crate(s.name).folder}/src/{f}" for s in proposal.services
                   for f in ("routes.rs", "main.rs"))  # the route inventory leaves them out
    return ExtractPlan("extract-service", crate.ident, tuple(moved.lines),
                       tuple(moved.reported), changes, (), tuple(sorted(moved.moving.items())),
                       served, language="rust", compiled=compiled)


def _lock_journalled(root: Path, changes: Changeset) -> Changeset:
    """Cargo.lock taken as it is: cargo rewrites it when the checks build the new member."""
    lock = root / "Cargo.lock"
    if not lock.is_file() or changes.empty:
        return changes
    original = lock.read_bytes()
    return Changeset(changes.root, (*changes.changes, FileChange("Cargo.lock", original,
                                                                 original)))


def _no_python(source: str, group: str, modules: tuple[str, ...]) -> Skipped:
    if any(m.endswith(".rs") for m in modules):  # said plainly: not a half-done crate move
        return Skipped(SkipKind.UNSUPPORTED, f"{group} is Rust; extracting Rust modules into a "
                       "workspace crate is not implemented yet (only Python packages are)",
                       source)
    return Skipped(SkipKind.MISSING, f"{group} has no Python module", source)


def _refused(codemod: str, package: str, root: Path, refusals: list[Skipped]) -> ExtractPlan:
    return ExtractPlan(codemod, package, (), (), Changeset(str(root), ()), tuple(refusals))


def _plan(codemod: str, package: str, root: Path, moved: Moved, groups: Groups) -> ExtractPlan:
    if moved.refusals:
        return _refused(codemod, package, root, moved.refusals)
    apps = tuple(sorted(f"{layout.folder}/app.py" for layout in groups.services.values()))
    return ExtractPlan(codemod, package, tuple(moved.lines), tuple(moved.reported),
                       changeset(root, moved), (), tuple(sorted(moved.moving.items())), apps)


def changeset(root: Path, moved: Moved) -> Changeset:
    changes = []
    created = set(moved.created)
    for path in sorted({*moved.texts, *moved.removed}):
        target = root / path
        before = target.read_bytes() if target.is_file() else None
        if path in moved.removed:
            changes.append(FileChange(path, before, b"", removed=True))
            continue
        after = moved.texts[path].encode("utf-8")
        if before != after:
            changes.append(FileChange(path, before, after, path in created))
    return Changeset(str(root), tuple(changes))
