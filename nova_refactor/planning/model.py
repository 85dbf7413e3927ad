"""The values a migration plan is made of: each phase as plain, frozen data.

Every number a plan states comes with where it was measured (`path:line`), so a reader can
check it; rendering (`markdown.py`, `adr.py`) only formats these values.
"""

from __future__ import annotations

from dataclasses import dataclass

from nova_refactor.analysis.boundaries.model import Proposal
from nova_refactor.model import Analysis, Language


@dataclass(frozen=True, slots=True)
class MoveGroup:
    """What one target module of the entrypoint split receives."""

    codemod: str  # the single codemod that moves this piece (extract-state, ...), "" for Rust
    target: str  # repo-relative path of the new module
    title: str
    ranges: tuple[tuple[int, int], ...]  # line ranges of the entrypoint that move, ascending
    names: tuple[str, ...]  # names it binds, in source order
    lines: int  # entrypoint lines that move there
    file_lines: int = 0  # lines of the new module as the codemod renders it (0: not rendered)
    app_objects: tuple[str, ...] = ()  # web app objects it receives: it becomes an entrypoint


@dataclass(frozen=True, slots=True)
class EntrypointPhase:
    """Phase 1: split the entrypoint."""

    entrypoint: str
    language: Language
    lines: int  # physical lines now
    codemod: str  # "split-entrypoint", or "" when no codemod exists for the language
    groups: tuple[MoveGroup, ...]
    stays: tuple[tuple[int, int, str], ...]  # (start, end, why) of what the codemod keeps
    after_lines: int  # entrypoint size after the split
    after_measured: bool  # True: counted on the codemod's rendered output; False: an estimate
    notes: tuple[str, ...] = ()
    blockers: tuple[str, ...] = ()
    # Rust: items outside `fn main` (types, free functions) to place by hand: (name, start, end)
    items: tuple[tuple[str, int, int], ...] = ()
    limit: int | None = None  # the rule pack's `entrypoint-size` max_lines, None when off
    file_limit: int | None = None  # the rule pack's `file-size` max_lines, None when off

    @property
    def needed(self) -> bool:
        """Over the limit (or no limit set): the split is worth doing."""
        return self.limit is None or self.lines > self.limit


@dataclass(frozen=True, slots=True)
class LockPlan:
    """Phase 2: one shared lock (or mutable global) and what to replace it with."""

    owner: str
    primitive: str
    declared: str  # path:line of its construction or declaration ("" when not seen)
    acquisitions: int
    hot: tuple[str, ...]  # path:line (function) of acquisitions on request paths
    across_await: tuple[str, ...]  # path:line (function) where it is held across an await
    via: tuple[str, ...]  # call chains from a handler, rendered "a -> b -> c"
    suggestion: str
    reason: str

    @property
    def rank(self) -> tuple[int, int, int, str]:
        """Held across an await first, then the most request-path use."""
        return (-len(self.across_await), -len(self.hot), -self.acquisitions, self.owner)


@dataclass(frozen=True, slots=True)
class Gap:
    """Phase 4: a module or function tests do not reach, weighted by its complexity."""

    path: str
    line: int
    name: str  # function name, "" for a module row
    complexity: int  # the function's, or the module's summed complexity
    covered: int  # measured lines hit
    measured: int  # measured lines
    score: float  # uncovered share x complexity

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.measured if self.measured else 100.0


@dataclass(frozen=True, slots=True)
class GapReport:
    source: str  # the coverage report, "" when none was given
    total_percent: float | None
    modules: tuple[Gap, ...]
    functions: tuple[Gap, ...]
    untested: tuple[Gap, ...]  # without coverage: complex functions in modules no test imports
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MetricRow:
    metric: str
    now: str
    target: str
    rule: str  # the `check` rule that holds the line, "" when none does
    where: str  # path:line of the measurement
    met: bool | None  # None: not measured or no target


@dataclass(frozen=True, slots=True)
class Criterion:
    rule: str
    meaning: str
    threshold: str
    findings: int  # findings the rule gives today (no baseline)
    severity: str


@dataclass(frozen=True, slots=True)
class Adr:
    number: int
    slug: str
    title: str
    context: tuple[str, ...]
    decision: tuple[str, ...]
    consequences: tuple[str, ...]

    @property
    def filename(self) -> str:
        return f"{self.number:04d}-{self.slug}.md"


@dataclass(frozen=True, slots=True)
class MigrationPlan:
    name: str  # the analysed project's name
    pack: str  # rule pack the targets come from
    analysis: Analysis
    entry: EntrypointPhase | None
    locks: tuple[LockPlan, ...]
    proposal: Proposal
    gaps: GapReport
    metrics: tuple[MetricRow, ...]
    criteria: tuple[Criterion, ...]
    adrs: tuple[Adr, ...] = ()
    gate_notes: tuple[str, ...] = ()
