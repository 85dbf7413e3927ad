"""`nova-refactor check`: the CI quality gate."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from nova_refactor.cli.analyze_cmd import INCLUDE_TESTS
from nova_refactor.cli.common import LazyProgress, handled, write_output
from nova_refactor.config import load_config
from nova_refactor.errors import EXIT_FAILED, EXIT_OK
from nova_refactor.gate.engine import (
    CheckOutcome,
    CheckRequest,
    pack_argument,
    run_check,
    target_root,
)
from nova_refactor.gate.rules import CATALOG
from nova_refactor.report.machine.gate_json import render_check_json
from nova_refactor.report.machine.junit import render_junit
from nova_refactor.report.machine.sarif import render_sarif
from nova_refactor.report.markdown.gate import render_check_markdown
from nova_refactor.report.terminal.analysis import render_to_text, stdout_console
from nova_refactor.report.terminal.gate import check_view
from nova_refactor.report.terminal.rules import rules_view


class CheckFormat(StrEnum):
    table = "table"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    markdown = "markdown"


PATH = typer.Argument(Path("."), help="Directory (or file) to check.")
RULES = typer.Option(None, "--rules", help="Rule pack: default, strict, or a TOML file.")
BASELINE = typer.Option(None, "--baseline", help="JSON file of accepted findings (the ratchet).")
UPDATE = typer.Option(False, "--update-baseline", help="Rewrite the baseline; only tightens.")
ALLOW_WORSE = typer.Option(False, "--allow-worse",
                           help="Let --update-baseline accept new or worse findings.")
CHANGED = typer.Option(None, "--changed-since", help="Judge only code changed since this git ref.")
COVERAGE = typer.Option(None, "--coverage", help="Cobertura XML or lcov coverage report.")
FORMAT = typer.Option(CheckFormat.table, "--format", "-f", help="Output format.")
OUTPUT = typer.Option(None, "--output", "-o", help="Write to FILE instead of printing.")
LIST = typer.Option(False, "--list-rules", help="List the rules and their options, then exit.")
NO_CACHE = typer.Option(False, "--no-cache", help="Ignore and do not update the result cache.")
JOBS = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (0: one per core).")
EXCLUDE = typer.Option([], "--exclude", help="Gitignore-style pattern to skip, added to the "
                       "configured `exclude` (repeatable).")


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
    root = target_root(path)
    if list_rules:
        config = load_config(root, CATALOG, pack_argument(rules))
        stdout_console().print(rules_view(CATALOG, config))
        return
    progress = LazyProgress("analysing")
    try:
        outcome = run_check(CheckRequest(
            target=path, rules=rules, baseline=baseline, coverage=coverage,
            changed_since=changed_since, update_baseline=update_baseline,
            allow_worse=allow_worse, use_cache=not no_cache, jobs=jobs, progress=progress,
            excludes=tuple(exclude), include_tests=include_tests,
        ))
    finally:
        progress.close()
    _render(outcome, format, output, root)
    raise typer.Exit(_exit_code(outcome, outcome.result.baseline))
