"""What every command shares: the error boundary, output destinations, progress display."""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import typer

from nova_refactor.cli.output import write_text
from nova_refactor.errors import EXIT_INTERNAL, EXIT_USAGE, NovaError, UsageError

# rich is imported where it is used: a piped or JSON run never needs it (start-up time).

F = TypeVar("F", bound=Callable[..., Any])
DEBUG_ENV = "NOVA_REFACTOR_DEBUG"


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def handled(command: F) -> F:
    """Turn every error into one line on stderr and the contract's exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except NovaError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(err.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as err:  # the one place that catches everything: no traceback for users
            if os.environ.get(DEBUG_ENV):
                raise
            typer.echo(
                f"internal error: {type(err).__name__}: {err} "
                f"(rerun with {DEBUG_ENV}=1 for details)",
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def interactive() -> bool:
    return sys.stderr.isatty() and os.environ.get("CI", "").lower() not in ("1", "true", "yes")


def write_output(text: str, output: Path | None) -> None:
    """Print, or write atomically to `output`; a missing directory is a usage error."""
    try:
        write_text(text, output)
    except UsageError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_USAGE) from None


class LazyProgress:
    """A progress bar on stderr that appears only once work has taken about a second."""

    def __init__(self, description: str, delay: float = 1.0) -> None:
        self.description = description
        self.delay = delay
        self.started = time.monotonic()
        self.enabled = interactive()
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            if time.monotonic() - self.started < self.delay:
                return
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=Console(stderr=True), transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.description, total=total)
        self._progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


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
        from rich.console import Console

        Console().print(view())
    else:
        from nova_refactor.report.terminal import render_to_text

        write_output(render_to_text(view()), output)


def with_progress(run: Callable[[LazyProgress], Any]) -> Any:
    """Run `run(progress)` with a lazily shown progress bar, always closing it."""
    progress = LazyProgress("analysing")
    try:
        return run(progress)
    finally:
        progress.close()
