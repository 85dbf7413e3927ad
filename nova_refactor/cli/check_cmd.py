"""`nova-refactor check`: the CI quality gate."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from nova_refactor import api
from nova_refactor.cli.common import LazyProgress, handled, write_output
from nova_refactor.cli.options import (
    COVERAGE,
    EXCLUDE,
    INCLUDE_TESTS,
    JOBS,
    NO_CACHE,
    OUTPUT,
    RULES,
    session,
)
from nova_refactor.errors import EXIT_FAILED, EXIT_OK
from nova_refactor.gate.engine import CheckOutcome
from nova_refactor.gate.rules import CATALOG
from nova_refactor.report.machine.gate_json import render_check_json
from nova_refactor.report.machine.junit import render_junit
from nova_refactor.report.machine.sarif import render_sarif
from nova_refactor.report.markdown.gate import render_check_markdown
from nova_refactor.report.terminal.analysis import render_to_text, stdout_console
from nova_refactor.report.terminal.gate import check_view
from nova_refactor.report.terminal.rules import rules_view

PATH = typer.Argument(Path("."), help="Directory (or file) to check (default: .).")


class CheckFormat(StrEnum):
    table = "table"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    markdown = "markdown"


BASELINE = typer.Option(None, "--baseline", help="JSON file of accepted findings (the ratchet).")
UPDATE = typer.Option(False, "--update-baseline", help="Rewrite the baseline; only tightens.")
ALLOW_WORSE = typer.Option(False, "--allow-worse",
                           help="Let --update-baseline accept new or worse findings.")
CHANGED = typer.Option(None, "--changed-since", help="Judge only code changed since this git ref.")
FORMAT = typer.Option(CheckFormat.table, "--format", "-f", help="Output format.")
LIST = typer.Option(False, "--list-rules", help="List the rules and their options, then exit.")


def _render(outcome: CheckOutcome, format: CheckFormat, output: Path | None, root: Path) -> None:
    result = outcome.result
    if format is CheckFormat.table and output is None:
        stdout_console().print(check_view(result))
        return
    renderers = {
        CheckFormat.table: lambda: render_to_text(check_view(result)),
        CheckFormat.json: lambda: render_check_json(result),
        CheckFormat.sarif: lambda: render_sarif(result, root),
        CheckFormat.junit: lambda: render_junit(result),
        CheckFormat.markdown: lambda: render_check_markdown(result),
    }
    write_output(renderers[format](), output)


def _exit_code(outcome: CheckOutcome, baseline: str | None) -> int:
    if outcome.refused:
        typer.echo(f"error: refusing to update {baseline}: {len(outcome.refused)} new or worse "
                   "finding(s) (fix them, or accept them with --allow-worse)", err=True)
        return EXIT_FAILED
    if outcome.adopted:
        typer.echo(f"baseline {baseline} adopted: {len(outcome.result.judged)} finding(s) "
                   "accepted; from now on only new or worse ones fail the gate", err=True)
        return EXIT_OK
    if outcome.baseline_written:
        typer.echo(f"baseline {baseline} updated", err=True)
        return EXIT_OK
    return EXIT_FAILED if outcome.result.broken else EXIT_OK


@handled
def check(
    path: Path = PATH,
    rules: str = RULES,
    baseline: Path = BASELINE,
    update_baseline: bool = UPDATE,
    allow_worse: bool = ALLOW_WORSE,
    changed_since: str = CHANGED,
    coverage: Path = COVERAGE,
    format: CheckFormat = FORMAT,
    output: Path = OUTPUT,
    list_rules: bool = LIST,
    no_cache: bool = NO_CACHE,
    jobs: int = JOBS,
    exclude: list[str] = EXCLUDE,
    include_tests: bool = INCLUDE_TESTS,
) -> None:
    """Gate a codebase on rules, a ratchet baseline, changed code and coverage (exit 1: broken)."""
    checked = session(path, rules=rules)
    if list_rules:
        stdout_console().print(rules_view(CATALOG, checked.config))
        return
    progress = LazyProgress("analysing")
    try:
        outcome = api.check(
            path, rules=rules, baseline=baseline, changed_since=changed_since,
            coverage=coverage, exclude=exclude, jobs=jobs, use_cache=not no_cache,
            include_tests=include_tests, update_baseline=update_baseline,
            allow_worse=allow_worse, progress=progress)
    finally:
        progress.close()
    _render(outcome, format, output, checked.root)
    raise typer.Exit(_exit_code(outcome, outcome.result.baseline))
