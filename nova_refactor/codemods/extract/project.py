"""The Python project an extraction works on: its files, their modules, who owns each one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import libcst as cst

from nova_refactor.analysis.python.modules import module_name
from nova_refactor.codemods.extract.layout import (
    PackageLayout,
    common_name,
    plan_layout,
    service_name,
)
from nova_refactor.codemods.extract.proposal_file import ExtractProposal
from nova_refactor.codemods.extract.pyimports import Where, imported_modules
from nova_refactor.workspace import discover


@dataclass(frozen=True, slots=True)
class Project:
    root: Path
    texts: dict[str, str]  # repo-relative path -> text of every Python file
    known: frozenset[str]  # their dotted module names
    by_module: dict[str, str] = field(default_factory=dict)  # dotted -> path

    def where(self, path: str, moving: bool = False) -> Where:
        return Where(module_name(path), PurePosixPath(path).name == "__init__.py", moving)

    def project_imports(self, path: str) -> list[tuple[str, int]]:
        """(path of the project module imported, line) for one file; unparsable: none."""
        try:
            found = imported_modules(self.texts[path], self.where(path))
        except cst.ParserSyntaxError:
            return []
        out = []
        for name, line in found:
            target = self.by_module.get(name)
            if target and target != path and (target, line) not in out:
                out.append((target, line))
        return out


def load_project(root: Path) -> Project:
    found = discover([root])
    texts = {f.rel_path: f.abs_path.read_text(encoding="utf-8", errors="replace")
             for f in found.files if f.language == "python" and not f.abs_path.is_symlink()}
    by_module = {module_name(p): p for p in texts}
    return Project(root, texts, frozenset(by_module), by_module)


@dataclass(frozen=True, slots=True)
class Groups:
    """Every group's layout and an owner for every path, old or new: a module keeps its
    owner after an earlier extraction moved it."""

    common: PackageLayout
    services: dict[str, PackageLayout]  # proposal service name -> layout
    owners: dict[str, str]  # path -> "shared", "entrypoint" or the service name

    def owner(self, path: str) -> str | None:
        return self.owners.get(path)

    def service_layout(self, name: str) -> PackageLayout:
        return self.services[name]


def plan_groups(root: Path, proposal: ExtractProposal, name: str = "") -> Groups:
    common = plan_layout(common_name(root, name or proposal.shared_name), proposal.shared)
    services = {s.name: plan_layout(service_name(s.name), s.modules) for s in proposal.services}
    owners: dict[str, str] = {p: "entrypoint" for p in proposal.entrypoints}
    for layout, owner in [(common, "shared"), *((lay, n) for n, lay in services.items())]:
        for move in layout.moves:
            owners[move.old_path] = owners[move.new_path] = owner
        for init in layout.inits:
            owners[init] = owner
    return Groups(common, services, owners)
