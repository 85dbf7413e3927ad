"""Where each moved Python module lands: old path and dotted name -> new path and name.

A group of modules (the shared library, or one service) becomes one package. Their common
folder is dropped (`services/posts.py` -> `posts_service/posts.py`), everything below it is
kept, so modules that import each other keep their relative shape; a `src/` layout stays one.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from nova_refactor.analysis.python.modules import module_name
from nova_refactor.codemods.extract.proposal_file import package_stem


@dataclass(frozen=True, slots=True)
class Move:
    old_path: str
    new_path: str

    @property
    def old_module(self) -> str:
        return module_name(self.old_path)

    @property
    def new_module(self) -> str:
        return module_name(self.new_path)

    @property
    def package_init(self) -> bool:
        return PurePosixPath(self.old_path).name == "__init__.py"


@dataclass(frozen=True, slots=True)
class PackageLayout:
    package: str  # dotted name of the new top package, e.g. nova_common
    folder: str  # its repo-relative folder, e.g. nova_common or src/nova_common
    moves: tuple[Move, ...]
    inits: tuple[str, ...]  # __init__.py files the package needs that no move provides

    def mapping(self) -> dict[str, str]:
        return {m.old_module: m.new_module for m in self.moves}


def common_name(root: Path, explicit: str = "") -> str:
    """`<project>_common`: the document's or the user's name, else the project's first word."""
    if explicit:
        return f"{package_stem(explicit)}_common"
    project = ""
    try:
        data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
        project = str(data.get("project", {}).get("name") or "")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        pass
    first = (project or root.resolve().name).replace("_", "-").split("-")[0]
    return f"{package_stem(first or 'app')}_common"


def service_name(service: str) -> str:
    return f"{package_stem(service)}_service"


def plan_layout(package: str, modules: Sequence[str]) -> PackageLayout:
    python = sorted(m for m in modules if m.endswith(".py"))
    src = bool(python) and all(m.startswith("src/") for m in python)
    folder = f"src/{package}" if src else package
    inner = [PurePosixPath(m.removeprefix("src/") if src else m) for m in python]
    prefix = _common_folder(inner)
    moves = tuple(Move(old, f"{folder}/{path.relative_to(prefix)}" if prefix.parts
                       else f"{folder}/{path}") for old, path in zip(python, inner, strict=True))
    return PackageLayout(package, folder, moves, _missing_inits(folder, moves))


def _common_folder(paths: Sequence[PurePosixPath]) -> PurePosixPath:
    """The deepest folder holding every path; when that folder's own `__init__.py` moves too,
    it becomes the new package's (`app/__init__.py` -> `app_common/__init__.py`)."""
    if not paths:
        return PurePosixPath()
    parts = list(paths[0].parent.parts)
    for path in paths[1:]:
        folder = path.parent.parts
        n = 0
        while n < min(len(parts), len(folder)) and parts[n] == folder[n]:
            n += 1
        parts = parts[:n]
    return PurePosixPath(*parts)


def _missing_inits(folder: str, moves: Sequence[Move]) -> tuple[str, ...]:
    have = {m.new_path for m in moves}
    wanted = {f"{folder}/__init__.py"}
    for move in moves:
        parent = PurePosixPath(move.new_path).parent
        while str(parent) != folder and parent.parts:
            wanted.add(f"{parent}/__init__.py")
            parent = parent.parent
    return tuple(sorted(wanted - have))
