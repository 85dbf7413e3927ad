"""The `nova-refactor` console script: `analyze --format json|markdown` runs before typer is
imported (`fastpath.py`); every other command line goes to the typer application (`app.py`)."""

from __future__ import annotations

import sys


def main() -> None:
    from nova_refactor.cli.fastpath import run

    code = run(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from nova_refactor.cli.app import main as run_typer

    run_typer()
