"""One command's context, resolved once: the paths and their root, the configuration, the
excludes, the cache and worker settings, the coverage report, and the analysis itself.

Every use case (`app/*.py`) starts from a `Session`, so "resolve the root, load the
configuration, analyse with its excludes" is written here and nowhere else. What is not asked
for is not done: `analyze` never loads the gate's configuration (a rule section it would reject
must not stop a measurement), `check` loads it once and analyses with its excludes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from nova_refactor.analysis.run.pipeline import Options, Progress, analyze, with_sources
from nova_refactor.config import load_config
from nova_refactor.errors import UsageError

if TYPE_CHECKING:
    from nova_refactor.config import GateConfig
    from nova_refactor.gate.coverage import CoverageReport
    from nova_refactor.model import Analysis

DEFAULT_MAX_FILE_KIB = 2048


@dataclass(frozen=True, slots=True)
class Settings:
    """What every analysing command accepts, with the same meaning everywhere."""

    excludes: tuple[str, ...] = ()  # --exclude, added to the configured `exclude`
    jobs: int = 0  # --jobs: worker processes, 0 = one per core
    use_cache: bool = True  # --no-cache turns it off
    include_tests: bool = False  # --include-tests: test code's locks count too
    max_file_kib: int = DEFAULT_MAX_FILE_KIB  # --max-file-size
    max_complexity: int = 10  # --max-complexity
    top: int = 10  # --top
    progress: Progress | None = field(default=None, compare=False)


@dataclass
class Session:
    paths: Sequence[Path] = (Path("."),)
    settings: Settings = Settings()
    rules: str | None = None  # --rules: a pack name or file; None: the target's configuration
    coverage: Path | None = None  # --coverage; None: the configuration's `coverage`, if any

    def __post_init__(self) -> None:
        self.paths = list(self.paths) or [Path(".")]
        self.shown = self.paths[0]  # the target as the user named it, for messages

    @cached_property
    def root(self) -> Path:
        """The directory of the (first) path: where configuration, baseline and git are."""
        target = self.paths[0]
        if not target.exists():
            raise UsageError(f"{target}: no such file or directory")
        resolved = target.resolve()
        return resolved if resolved.is_dir() else resolved.parent

    @property
    def target(self) -> Path:
        return self.paths[0]

    def project_root(self) -> Path:
        """The root of a command that takes a project (plan, apply): it must be a directory."""
        if not self.target.exists():
            raise UsageError(f"{self.target}: no such file or directory")
        if not self.target.is_dir():
            raise UsageError(f"{self.target}: not a directory (plan takes a project root)")
        return self.root

    @cached_property
    def config(self) -> GateConfig:
        """The rule pack merged with the target's configuration, read once."""
        # the gate (130 ms of imports) only for the commands that judge or plan
        from nova_refactor.gate.engine import pack_argument
        from nova_refactor.gate.rules import CATALOG

        return load_config(self.root, CATALOG, pack_argument(self.rules))

    def options(self, configured: bool = False) -> Options:
        """The pipeline's options; `configured`: with the gate configuration's excludes (the
        pack's and the project's), as every command that judges or plans analyses."""
        s = self.settings
        excludes = (*self.config.exclude_patterns, *s.excludes) if configured else s.excludes
        return Options(excludes=tuple(excludes), jobs=s.jobs, use_cache=s.use_cache,
                       max_file_bytes=s.max_file_kib * 1024,
                       complexity_threshold=s.max_complexity, top=s.top,
                       include_tests=s.include_tests, progress=s.progress,
                       configured=configured)

    def analysis(self, configured: bool = False, require_sources: bool = True) -> Analysis:
        """The analysis of the paths (made once per session and `configured`); a folder with
        no source file is a usage error (exit 2) for every command, since a run on nothing
        must not read as a pass, unless the caller says it itself (`require_sources`)."""
        if configured not in self._analyses:
            self._analyses[configured] = analyze(self.paths, self.options(configured))
        found = self._analyses[configured]
        # judging or planning needs files; a measurement shows unreadable ones as diagnostics
        return with_sources(found, self.shown, strict=configured) if require_sources else found

    @cached_property
    def _analyses(self) -> dict[bool, Analysis]:
        return {}

    def coverage_path(self) -> Path | None:
        """--coverage, else the configuration's `coverage` (relative to the root)."""
        if self.coverage is not None:
            return self.coverage
        configured = self.config.coverage
        return self.root / configured if configured else None

    def coverage_report(self, analysis: Analysis) -> CoverageReport | None:
        from nova_refactor.gate.coverage import load_coverage  # only with a coverage report

        path = self.coverage_path()
        if path is None:
            return None
        if not path.is_file():
            raise UsageError(f"{path}: coverage report not found")
        return load_coverage(path, self.root, [f.path for f in analysis.files])
