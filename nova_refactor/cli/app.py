"""`nova-refactor`: the typer application and its error boundary."""

from __future__ import annotations

import sys

import typer

try:  # typer >= 0.20 vendors click; earlier releases use the click package
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # pragma: no cover - depends on the installed typer
    from click.exceptions import ClickException, NoArgsIsHelpError

from nova_refactor import __version__
from nova_refactor.cli import (
    analyze_cmd,
    apply_cmd,
    boundaries_cmd,
    check_cmd,
    compare_cmd,
    graph_cmd,
    history_cmd,
    plan_cmd,
    report_cmd,
    routes_cmd,
)
from nova_refactor.errors import EXIT_USAGE

app = typer.Typer(
    name="nova-refactor",
    help="Measure, propose, change and gate the break-up of a backend monolith.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("analyze")(analyze_cmd.analyze)
app.command("routes")(routes_cmd.routes)
app.command("compare")(compare_cmd.compare)
app.command("history")(history_cmd.history)
app.command("report")(report_cmd.report)
app.command("graph")(graph_cmd.graph)
app.command("boundaries")(boundaries_cmd.boundaries)
app.command("check")(check_cmd.check)
app.command("codemods")(apply_cmd.codemods)
app.command("apply")(apply_cmd.apply)
app.command("undo")(apply_cmd.undo)
app.command("plan")(plan_cmd.plan)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nova-refactor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Measure -> propose -> change -> verify -> hold the line."""


def main() -> None:
    """Entry point: usage errors become one line and exit code 2, as for every other error."""
    try:
        code = app(standalone_mode=False)
    except NoArgsIsHelpError as err:
        typer.echo(err.ctx.get_help() if err.ctx else err.format_message())
        code = 0
    except ClickException as err:
        where = getattr(err, "ctx", None)
        hint = f" (see '{where.command_path} --help')" if where else ""
        typer.echo(f"error: {err.format_message()}{hint}", err=True)
        code = err.exit_code
    except typer.Abort:
        typer.echo("aborted", err=True)
        code = EXIT_USAGE
    sys.exit(code if isinstance(code, int) else 0)
