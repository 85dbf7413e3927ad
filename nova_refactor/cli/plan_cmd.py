"""`nova-refactor plan PATH -o DIR`: a phased migration plan and ADR drafts."""

from __future__ import annotations

from pathlib import Path

import typer

from nova_refactor import api
from nova_refactor.cli.common import LazyProgress, handled
from nova_refactor.cli.options import (
    EXCLUDE,
    INCLUDE_TESTS,
    JOBS,
    NO_CACHE,
    NO_COCHANGE,
    NO_HISTORY_DEPRECATED,
    PATH,
    no_cochange,
)
from nova_refactor.planning.markdown import plan_files
from nova_refactor.planning.output import write_plan

OUT = typer.Option(..., "--output", "-o", help="Directory for PLAN.md and adr/ (created).")
COVERAGE = typer.Option(None, "--coverage", help="Cobertura XML or lcov report (Phase 4).")
RULES = typer.Option(None, "--rules", help="Rule pack for the targets: default, strict, or a "
                     "TOML file (default: the project's configuration).")
SERVICES = typer.Option(None, "--services", "-n", min=1,
                        help="Propose this many services (as `boundaries --services`).")
FORCE = typer.Option(False, "--force", help="Write into a non-empty directory the plan did "
                     "not create (same-named files are replaced, others kept).")


@handled
def plan(
    path: Path = PATH,
    output: Path = OUT,
    coverage: Path = COVERAGE,
    rules: str = RULES,
    services: int = SERVICES,
    no_cochange_: bool = NO_COCHANGE,
    force: bool = FORCE,
    exclude: list[str] = EXCLUDE,
    no_cache: bool = NO_CACHE,
    jobs: int = JOBS,
    include_tests: bool = INCLUDE_TESTS,
    no_history: bool = NO_HISTORY_DEPRECATED,
) -> None:
    """Write PLAN.md (phases, success metrics, acceptance criteria) and adr/*.md drafts."""
    cochange = not no_cochange(no_cochange_, no_history)
    progress = LazyProgress("analysing")
    try:
        result = api.plan(path, services=services, cochange=cochange, rules=rules,
                          coverage=coverage, exclude=exclude, jobs=jobs,
                          use_cache=not no_cache, include_tests=include_tests,
                          progress=progress)
    finally:
        progress.close()
    written = write_plan(output, plan_files(result), force=force)
    removed = f", removed {len(written.removed)} stale" if written.removed else ""
    typer.echo(f"wrote {len(written.files)} file(s) to {output}{removed}", err=True)
