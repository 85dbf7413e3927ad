"""`nova-refactor`: the typer application and its error boundary."""

from __future__ import annotations

import typer

from nova_refactor import __version__
from nova_refactor.cli import analyze_cmd, routes_cmd

app = typer.Typer(
    name="nova-refactor",
    help="Measure, propose, change and gate the break-up of a backend monolith.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("analyze")(analyze_cmd.analyze)
app.command("routes")(routes_cmd.routes)


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
    app()
