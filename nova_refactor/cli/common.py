"""What every command shares: the error boundary, output destinations, progress display."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import typer

from nova_refactor.cli.output import DEBUG_ENV, internal_error, write_text
from nova_refactor.cli.progress import LazyProgress as LazyProgress  # re-exported for commands
from nova_refactor.cli.progress import interactive as interactive
from nova_refactor.cli.progress import with_progress as with_progress
from nova_refactor.errors import EXIT_INTERNAL, EXIT_USAGE, NovaError, UsageError

# rich is imported where it is used: a piped or JSON run never needs it (start-up time).

F = TypeVar("F", bound=Callable[..., Any])


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def one_line(text: str) -> str:
    """An error line as the terminal shows it: control characters from repository names made
    visible (rich is imported only when there is an error to print)."""
    from nova_refactor.report.terminal.text import one_line as visible_line  # rich: on error

    return visible_line(text)


def handled(command: F) -> F:
    """Turn every error into one line on stderr and the contract's exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except NovaError as err:
            typer.echo(one_line(f"error: {err}"), err=True)  # names from the repository
            raise typer.Exit(err.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as err:  # the one place that catches everything: no traceback for users
            if os.environ.get(DEBUG_ENV):
                raise
            typer.echo(one_line(internal_error(err)), err=True)
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def write_output(text: str, output: Path | None) -> None:
    """Print, or write atomically to `output`; a missing directory is a usage error."""
    try:
        write_text(text, output)
    except UsageError as err:
        typer.echo(one_line(f"error: {err}"), err=True)
        raise typer.Exit(EXIT_USAGE) from None


def emit(
    format: Format,
    output: Path | None,
    json_text: Callable[[], str],
    markdown: Callable[[], str],
    view: Callable[[], Any],
) -> None:
    """Render in the asked format: coloured table on stdout, plain text into a file."""
    if format is Format.json:
        write_output(json_text(), output)
    elif format is Format.markdown:
        write_output(markdown(), output)
    elif output is None:
        from nova_refactor.report.terminal.analysis import stdout_console  # rich: table only

        stdout_console().print(view())
    else:
        from nova_refactor.report.terminal.analysis import render_to_text  # rich: table only

        write_output(render_to_text(view()), output)
