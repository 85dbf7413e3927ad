"""The options commands share, defined once: the same flag means the same thing everywhere.

Every analysing command takes `--exclude`, `--jobs`, `--no-cache` and `--include-tests`, and
builds its `Session` with `settings(...)` (keywords, defaults from one place: no positional
magic numbers). PATH: `analyze`, `routes`, `graph` and `boundaries` measure files and take
several (`PATH...`, analysed as one tree); every command that acts on one project (its
configuration, baseline, journal or git history) takes one `PATH`, its root.
"""

from __future__ import annotations

from pathlib import Path

import typer

from nova_refactor.app.session import DEFAULT_MAX_FILE_KIB, Session, Settings
from nova_refactor.cli.common import Format
from nova_refactor.cli.progress import LazyProgress

PATHS = typer.Argument(None, help="Files or directories to analyse, as one tree (default: .).")
PATH = typer.Argument(Path("."), help="Project root (default: .).")
FORMAT = typer.Option(Format.table, "--format", "-f", help="Output format.")
OUTPUT = typer.Option(None, "--output", "-o", help="Write to FILE instead of printing.")
EXCLUDE = typer.Option([], "--exclude", help="Gitignore-style pattern to skip, added to the "
                       "configured `exclude` (repeatable).")
JOBS = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (0: one per core).")
NO_CACHE = typer.Option(False, "--no-cache", help="Ignore and do not update the result cache.")
INCLUDE_TESTS = typer.Option(
    False, "--include-tests",
    help="Count locks in test code too (tests/, benches/, Rust examples/, #[cfg(test)]).")
MAX_SIZE = typer.Option(DEFAULT_MAX_FILE_KIB, "--max-file-size", min=1,
                        help="Skip files larger than this (KiB).")
THRESHOLD = typer.Option(10, "--max-complexity", min=1, help="Complexity above this is flagged.")
RULES = typer.Option(None, "--rules", help="Rule pack: default, strict, or a TOML file "
                     "(default: PATH's configuration, else the default pack).")
COVERAGE = typer.Option(None, "--coverage", help="Cobertura XML or lcov coverage report.")
NO_COCHANGE = typer.Option(False, "--no-cochange", help="Propose boundaries from imports only, "
                           "without co-change from git history.")
# `--no-history` was the co-change switch's name; "history" now means commit charts only
NO_HISTORY_DEPRECATED = typer.Option(False, "--no-history", hidden=True,
                                     help="Deprecated alias of --no-cochange.")


def settings(*, exclude: list[str] | tuple[str, ...] = (), jobs: int = 0, no_cache: bool = False,
             include_tests: bool = False, max_file_size: int = DEFAULT_MAX_FILE_KIB,
             max_complexity: int = 10, top: int = 10,
             progress: LazyProgress | None = None) -> Settings:
    """The analysis settings from the shared options, by name."""
    return Settings(excludes=tuple(exclude), jobs=jobs, use_cache=not no_cache,
                    include_tests=include_tests, max_file_kib=max_file_size,
                    max_complexity=max_complexity, top=top, progress=progress)


def session(paths: list[Path] | Path | None, **options: object) -> Session:
    """A Session on `paths` (one or several; none: `.`), `rules` and `coverage` by name, the
    rest as `settings`."""
    rules = options.pop("rules", None)
    coverage = options.pop("coverage", None)
    given = [paths] if isinstance(paths, Path) else list(paths or [])
    return Session(given, settings(**options), rules=rules, coverage=coverage)  # type: ignore[arg-type]


def no_cochange(no_cochange: bool, no_history: bool) -> bool:
    """--no-cochange, or its deprecated spelling (said once on stderr)."""
    if no_history:
        typer.echo("warning: --no-history is deprecated here, use --no-cochange (history now "
                   "means the commit charts of `report --history` and `history`)", err=True)
    return no_cochange or no_history
