"""The `nova-refactor` console script: a warm `analyze` is answered before typer is imported
(`warm.py`); every other command line goes to the typer application (`app.py`)."""

from __future__ import annotations

import sys


def main() -> None:
    from nova_refactor.cli.warm import answer

    if answer(sys.argv[1:]):
        sys.exit(0)
    from nova_refactor.cli.app import main as run

    run()
