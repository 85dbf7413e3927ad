"""A split plan: pure, frozen data saying what moves where and why, and what stays and why.

Planning never edits anything; the Python transforms render a plan into file texts, and
the runner writes them. A plan with blockers (typed `Skipped`) is refused as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from nova_refactor.vocabulary import SkipKind

ENTRY = "entrypoint"  # the pseudo-module name of "stays in the entrypoint"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A site a codemod leaves alone, and why: typed, so that a report can group and count
    them and the runner decides the exit code from them (a plan's blockers refuse the whole
    change, exit 4); `render` is the one place that words them for the user."""

    kind: SkipKind
    message: str  # what is wrong there, without the site
    path: str = ""  # root-relative; "" when the message names what it is about
    line: int = 0  # 1-based; 0: the whole file

    @property
    def site(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def render(self) -> str:
        return f"{self.site}: {self.message}" if self.path else self.message


@dataclass(frozen=True, slots=True)
class TargetModule:
    """A module the split creates, lowest layer first (a module imports only lower ones)."""

    name: str  # module name, e.g. "app_state"
    path: str  # repo-relative POSIX path of the new file
    title: str  # one line saying what it holds
    level: float  # whole for the standard modules; a routes group sits between two of them


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one top-level statement of the entrypoint goes, and why."""

    start_line: int
    end_line: int
    names: tuple[str, ...]  # module-level names it binds
    kind: str  # entrypoint-anatomy kind of the statement
    module: str  # a TargetModule.name, or ENTRY when it stays
    reason: str

    @property
    def moves(self) -> bool:
        return self.module != ENTRY


@dataclass(frozen=True, slots=True)
class SplitPlan:
    codemod: str
    root: str  # absolute path of the project root
    entrypoint: str  # repo-relative path of the entrypoint
    module_name: str  # dotted import name of the entrypoint (what `__name__` was)
    modules: tuple[TargetModule, ...]
    placements: tuple[Placement, ...]
    read_through: tuple[tuple[str, str], ...] = ()  # (name, owner module): rebound names
    notes: tuple[str, ...] = ()
    blockers: tuple[Skipped, ...] = ()  # why nothing can be done; empty when the plan is usable

    @property
    def package(self) -> str:
        """The dotted package the new modules join ("" for a top-level script)."""
        if PurePosixPath(self.entrypoint).name == "__init__.py":
            return self.module_name
        return self.module_name.rpartition(".")[0]

    @property
    def moved(self) -> tuple[Placement, ...]:
        return tuple(p for p in self.placements if p.moves)

    @property
    def stays(self) -> tuple[Placement, ...]:
        return tuple(p for p in self.placements if not p.moves)

    def used_modules(self) -> tuple[TargetModule, ...]:
        # a home that only owns names bound through `global` elsewhere has no statement
        used = {p.module for p in self.moved} | {owner for _, owner in self.read_through}
        return tuple(m for m in self.modules if m.name in used)
