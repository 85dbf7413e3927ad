"""What the moved modules may import, checked before anything is written, and what each
edge into a service becomes (an import of the new package, or a call where the proposal
cuts it)."""

from __future__ import annotations

from nova_refactor.codemods.extract.project import Groups, Project
from nova_refactor.codemods.extract.proposal_file import ExtractProposal
from nova_refactor.codemods.plan import Skipped
from nova_refactor.vocabulary import SkipKind


def _owned(project: Project, groups: Groups, owner: str) -> list[str]:
    return sorted(p for p in project.texts if groups.owner(p) == owner)


def common_refusals(project: Project, groups: Groups) -> list[Skipped]:
    """The shared library imports only itself (and outside packages)."""
    refusals = []
    for path in _owned(project, groups, "shared"):
        for target, line in project.project_imports(path):
            owner = groups.owner(target)
            if owner != "shared":
                what = f"service {owner}" if owner not in (None, "entrypoint") else \
                    owner or "a module outside the shared library"
                refusals.append(Skipped(
                    SkipKind.DEPENDENCY, f"the shared library imports {target} ({what}); it "
                    "must not depend on a service: move that module into the library in the "
                    "proposal, or the import out of it", path, line))
    return refusals


def allowed_targets(proposal: ExtractProposal, groups: Groups, service: str) -> dict[str, str]:
    """Modules of other services this service may still import because the proposal cuts
    the edge (each would become a call): target path -> the names used."""
    allowed = {}
    for edge in proposal.edges:
        if groups.owner(edge.source) == service and groups.owner(edge.target) != service:
            allowed[edge.target] = ", ".join(edge.names) or "?"
            for layout in groups.services.values():
                allowed.update({m.new_path: allowed[edge.target] for m in layout.moves
                                if m.old_path == edge.target})
    return allowed


def service_refusals(project: Project, groups: Groups, proposal: ExtractProposal,
                     service: str) -> tuple[list[Skipped], list[str]]:
    """(refusals, notes): a service imports itself, the shared library, and what the
    proposal's cut edges allow (noted: each would become a call)."""
    allowed = allowed_targets(proposal, groups, service)
    refusals: list[Skipped] = []
    notes: list[str] = []
    for path in _owned(project, groups, service):
        for target, line in project.project_imports(path):
            owner = groups.owner(target)
            if owner in (service, "shared"):
                continue
            if target in allowed:
                notes.append(f"{path}:{line} -> {target} (service {owner}): cut by the proposal, "
                             f"would become a call ({allowed[target]}); an import until then")
                continue
            refusals.append(Skipped(
                SkipKind.DEPENDENCY, f"service {service} imports {target} "
                f"({owner or 'not in the proposal'}); a service may depend only on the shared "
                "library and on the edges the proposal cuts", path, line))
    return refusals, notes


def incoming_edges(project: Project, groups: Groups, proposal: ExtractProposal, service: str,
                   mapping: dict[str, str]) -> list[str]:
    """Per edge into the service: an import of the new package, or a call to be."""
    cut = {(e.source, e.target): e.names for e in proposal.edges}
    out = []
    for path in sorted(project.texts):
        if groups.owner(path) == service:
            continue
        for target, line in project.project_imports(path):
            if groups.owner(target) != service:
                continue
            new = mapping.get(project.where(target).module, project.where(target).module)
            names = cut.get((path, target))
            if names is not None:
                out.append(f"{path}:{line} -> {target}: cut by the proposal, would become a "
                           f"call ({', '.join(names) or '?'}); for now an import of {new}")
            else:
                out.append(f"{path}:{line} -> {target}: an import of the new package ({new})")
    return out
