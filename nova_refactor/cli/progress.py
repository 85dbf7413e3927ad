"""The progress bar every command shows on a terminal, without typer (see cli/fastpath.py)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

# rich is imported where it is used: a piped or JSON run never needs it (start-up time).


def interactive() -> bool:
    return sys.stderr.isatty() and os.environ.get("CI", "").lower() not in ("1", "true", "yes")


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
            # rich (90 ms): only once a bar is shown, never on a quick or piped run
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            from nova_refactor.report.terminal.text import SafeConsole

            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=SafeConsole(stderr=True), transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.description, total=total)
        self._progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def with_progress(run: Callable[[LazyProgress], Any]) -> Any:
    """Run `run(progress)` with a lazily shown progress bar, always closing it."""
    progress = LazyProgress("analysing")
    try:
        return run(progress)
    finally:
        progress.close()
