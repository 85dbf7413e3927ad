"""`nova-refactor plan PATH -o DIR`: a phased migration plan and ADR drafts."""

from __future__ import annotations

from pathlib import Path

import typer

from nova_refactor.cli.analyze_cmd import INCLUDE_TESTS, JOBS, NO_CACHE
from nova_refactor.cli.common import LazyProgress, handled
from nova_refactor.planning.builder import PlanRequest, build_plan
from nova_refactor.planning.markdown import plan_files
from nova_refactor.planning.output import write_plan

PATH = typer.Argument(Path("."), help="Project root to plan (default: .).")
OUT = typer.Option(..., "--output", "-o", help="Directory for PLAN.md and adr/ (created).")
COVERAGE = typer.Option(None, "--coverage", help="Cobertura XML or lcov report (Phase 4).")
RULES = typer.Option(None, "--rules", help="Rule pack for the targets: default, strict, or a "
                     "TOML file (default: the project's configuration).")
SERVICES = typer.Option(None, "--services", "-n", min=1,
                        help="Propose this many services (as `boundaries --services`).")
NO_HISTORY = typer.Option(False, "--no-history",
                          help="Boundaries from imports only, without git co-change.")
FORCE = typer.Option(False, "--force", help="Write into a non-empty directory the plan did "
                     "not create (same-named files are replaced, others kept).")


@handled
def plan(
    path: Path = PATH,
    output: Path = OUT,
    coverage: Path = COVERAGE,
    rules: str = RULES,
    services: int = SERVICES,
    no_history: bool = NO_HISTORY,
    force: bool = FORCE,
    no_cache: bool = NO_CACHE,
    jobs: int = JOBS,
    include_tests: bool = INCLUDE_TESTS,
) -> None:
    """Write PLAN.md (phases, success metrics, acceptance criteria) and adr/*.md drafts."""
    progress = LazyProgress("analysing")
    try:
        result = build_plan(PlanRequest(
            target=path, coverage=coverage, rules=rules, services=services,
            history=not no_history, use_cache=not no_cache, jobs=jobs, progress=progress,
            include_tests=include_tests,
        ))
    finally:
        progress.close()
    written = write_plan(output, plan_files(result), force=force)
    removed = f", removed {len(written.removed)} stale" if written.removed else ""
    typer.echo(f"wrote {len(written.files)} file(s) to {output}{removed}", err=True)
