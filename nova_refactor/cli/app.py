"""`nova-refactor`: the typer application and its error boundary.

Commands are listed by name in COMMANDS and imported only when needed: `nova-refactor analyze`
loads the analyze command alone, not the codemods' libcst or the gate's networkx (start-up
time is most of a warm run). `app` (every command) is what `--help` and the tests use.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import typer

try:  # typer >= 0.20 vendors click; earlier releases use the click package
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # pragma: no cover - depends on the installed typer
    # the same classes under click's name: mypy sees the vendored ones first
    from click.exceptions import ClickException, NoArgsIsHelpError  # type: ignore[assignment]

from nova_refactor import __version__
from nova_refactor.errors import EXIT_USAGE

# name: "module in nova_refactor.cli:function". Adding a command is one line here, in the
# order `--help` lists them.
COMMANDS = {
    "analyze": "analyze_cmd:analyze",
    "routes": "routes_cmd:routes",
    "compare": "compare_cmd:compare",
    "history": "history_cmd:history",
    "report": "report_cmd:report",
    "graph": "graph_cmd:graph",
    "boundaries": "boundaries_cmd:boundaries",
    "check": "check_cmd:check",
    "codemods": "apply_cmd:codemods",
    "apply": "apply_cmd:apply",
    "undo": "apply_cmd:undo",
    "plan": "plan_cmd:plan",
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nova-refactor {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Measure -> propose -> change -> verify -> hold the line."""


def build_app(names: Sequence[str] | None = None) -> typer.Typer:
    """The application with the commands `names` (all when None)."""
    built = typer.Typer(
        name="nova-refactor",
        help="Measure, propose, change and gate the break-up of a backend monolith.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    for name, target in COMMANDS.items():
        if names is None or name in names:
            module, function = target.split(":")
            command = getattr(importlib.import_module(f"nova_refactor.cli.{module}"), function)
            built.command(name)(command)
    built.callback()(_root)
    return built


def __getattr__(name: str) -> typer.Typer:
    if name == "app":  # built on first use, then kept
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _commands_for(argv: Sequence[str]) -> list[str] | None:
    """The one command a command line invokes (none for `--version`); None (all) for `--help`,
    errors and no command."""
    if argv[:1] == ["--version"]:
        return []
    return [argv[0]] if argv and argv[0] in COMMANDS else None


def main() -> None:
    """Entry point: usage errors become one line and exit code 2, as for every other error."""
    try:
        code = build_app(_commands_for(sys.argv[1:]))(standalone_mode=False)
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
