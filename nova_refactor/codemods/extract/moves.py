"""One group of modules moved into its package: every file's new text, the files removed,
the stubs or shims left at the old paths, and the packaging files' entry points."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

import libcst as cst
import libcst.matchers as matchers
from libcst.metadata import PositionProvider

from nova_refactor.codemods.extract.layout import Move, PackageLayout
from nova_refactor.codemods.extract.project import Project
from nova_refactor.codemods.extract.pyimports import ImportRewriter
from nova_refactor.codemods.extract.strings import rewrite_entry_points, rewrite_strings
from nova_refactor.codemods.plan import Skipped
from nova_refactor.vocabulary import SkipKind

PACKAGING = ("pyproject.toml", "setup.cfg", "setup.py")


@dataclass(slots=True)
class Moved:
    texts: dict[str, str] = field(default_factory=dict)  # path -> wanted text
    removed: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # new files: other content there conflicts
    lines: list[str] = field(default_factory=list)  # what happens, for the plan
    reported: list[str] = field(default_factory=list)  # what the user must look at
    refusals: list[Skipped] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    moving: dict[str, str] = field(default_factory=dict)  # old path -> new path


def pending_moves(project: Project, layout: PackageLayout, moved: Moved) -> list[Move]:
    """The moves still to do; a module already at its new place is done (idempotence)."""
    pending = []
    for move in layout.moves:
        here = move.old_path in project.texts and not _left_behind(project, move)
        there = (project.root / move.new_path).exists()
        if here and there:
            moved.refusals.append(Skipped(
                SkipKind.NAME_CLASH, f"already exists; {move.old_path} cannot move there "
                "(rename the group in the proposal)", move.new_path))
        elif here:
            pending.append(move)
        elif not there:
            moved.refusals.append(Skipped(
                SkipKind.MISSING, "in the proposal but not found (an edited proposal may name "
                "a module that does not exist)", move.old_path))
    return pending


def _left_behind(project: Project, move: Move) -> bool:
    """The old path holds the stub or shim an earlier run left there."""
    first = project.texts[move.old_path].partition("\n")[0]
    return move.new_module in first and "(nova-refactor extract)" in first


def move_group(project: Project, layout: PackageLayout, title: str, shims: bool) -> Moved:
    moved = Moved()
    pending = pending_moves(project, layout, moved)
    if moved.refusals or not pending:
        return moved
    moved.mapping = {m.old_module: m.new_module for m in pending}
    targets = moved.moving = {m.old_path: m.new_path for m in pending}
    for path in sorted(project.texts):
        _rewrite_file(project, path, targets, moved)
    for move in pending:
        moved.lines.append(f"move {move.old_path} -> {move.new_path} "
                           f"({move.old_module} -> {move.new_module})")
        _leave_behind(project, move, set(targets), shims, moved)
    for init in layout.inits:
        if not (project.root / init).exists():
            text = f'"""{title}"""\n' if init == f"{layout.folder}/__init__.py" else ""
            moved.texts[init] = text
            moved.created.append(init)
    _packaging(project, moved)
    return moved


def _rewrite_file(project: Project, path: str, targets: dict[str, str], moved: Moved) -> None:
    source = project.texts[path]
    moving = path in targets
    try:
        tree = cst.parse_module(source)
    except cst.ParserSyntaxError as err:
        message = f"cannot parse ({err.message}); its imports are not rewritten"
        if moving:
            moved.refusals.append(Skipped(SkipKind.UNSUPPORTED, message, path, err.raw_line))
        else:
            moved.reported.append(f"{path}:{err.raw_line}: {message}")
        return
    if moving:
        moved.reported += _beside_itself(tree, path)
    tree = tree.visit(ImportRewriter(moved.mapping, project.where(path, moving), project.known))
    tree, rewritten, reported = rewrite_strings(tree, moved.mapping, project.known, path)
    moved.lines += [f"rewrite {line}" for line in rewritten]
    moved.reported += reported
    target = targets.get(path, path)
    if moving or tree.code != source:
        moved.texts[target] = tree.code
    if moving:
        moved.created.append(target)


def _beside_itself(tree: cst.Module, path: str) -> list[str]:
    """A moved module that finds files through `__file__` (templates, data) looks in its new
    folder; those files do not move with it."""
    wrapper = cst.MetadataWrapper(tree)
    positions = wrapper.resolve(PositionProvider)
    lines = sorted({positions[node].start.line for node in
                    matchers.findall(wrapper, matchers.Name("__file__"))})
    return [f"{path}:{line}: uses __file__; files it reads beside itself stay in the old folder "
            "(move them with it)" for line in lines]


def _leave_behind(project: Project, move: Move, leaving: set[str], shims: bool,
                  moved: Moved) -> None:
    """A moved package __init__ whose folder keeps other modules stays as a stub (the folder
    is still a package); any other old path is removed, or becomes a shim (--shims)."""
    folder = PurePosixPath(move.old_path).parent
    stays = move.package_init and any(
        PurePosixPath(p).is_relative_to(folder) and p not in leaving for p in project.texts)
    if stays:
        moved.texts[move.old_path] = _stub(move, shims)
    elif shims:
        moved.texts[move.old_path] = _shim(move)
    else:
        moved.removed.append(move.old_path)


def _stub(move: Move, shims: bool) -> str:
    text = (f'"""This package\'s own code moved to {move.new_module} (nova-refactor extract); '
            "its other modules stay.\"\"\"\n")
    if shims:
        text += ("\nimport warnings\n\n"
                 f"from {move.new_module} import *  # noqa: F401,F403\n\n"
                 f"warnings.warn(\"{move.old_module} moved to {move.new_module}; import it from "
                 "there\", DeprecationWarning, stacklevel=2)\n")
    return text


def _shim(move: Move) -> str:
    # The module object itself is aliased, so `mock.patch("old.X")` patches the same object
    # the moved code uses; a star import would copy the names and patch nothing.
    return (f'"""Moved to {move.new_module} (nova-refactor extract); kept for one release so '
            'old imports still work."""\n'
            "\nimport importlib\nimport sys\nimport warnings\n\n"
            f"warnings.warn(\"{move.old_module} moved to {move.new_module}; import it from "
            "there\", DeprecationWarning, stacklevel=2)\n"
            f"sys.modules[__name__] = importlib.import_module(\"{move.new_module}\")\n")


def _packaging(project: Project, moved: Moved) -> None:
    """Entry points (`module:attr`) follow the move; module lists are reported."""
    for name in PACKAGING:
        path = project.root / name
        if path.is_file():
            text = moved.texts.get(name) or path.read_text(encoding="utf-8", errors="replace")
            new, changed = rewrite_entry_points(text, moved.mapping, project.known, name)
            if changed:
                moved.texts[name] = new
                moved.lines += [f"rewrite {line}" for line in changed]
            moved.reported += _listed(name, new, moved.mapping)


def _listed(name: str, text: str, mapping: dict[str, str]) -> list[str]:
    """Top-level modules a packaging file lists by name (py-modules, packages, isort)."""
    tops = {old: new for old, new in mapping.items() if "." not in old}
    return [f"{name}:{number}: lists {old!r}, now {tops[old]}: update the packaging "
            "(py-modules, packages, isort)"
            for number, line in enumerate(text.splitlines(), 1)
            if not line.lstrip().startswith("name")  # the distribution's name, not a module
            for old in tops if f'"{old}"' in line or f"'{old}'" in line]
