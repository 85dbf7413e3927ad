"""The `nova-refactor` console script: `analyze --format json|markdown` runs before typer is
imported (`fastpath.py`); every other command line goes to the typer application (`app.py`)."""

from __future__ import annotations

import gc
import sys

from nova_refactor.cli.fastpath import run


def main() -> None:
    # No cyclic GC for the fast path: imports and the analysis build objects that live until
    # exit or are freed by reference counting (the analysis pauses it anyway, see pipeline).
    gc.disable()
    code = run(sys.argv[1:])
    if code is not None:
        # What is left is freed at exit by reference counting; the collector's passes over
        # every loaded module while the interpreter shuts down took 10 ms of a 0.1 s warm run.
        gc.freeze()
        sys.exit(code)
    gc.enable()  # the other commands run as they always did
    from nova_refactor.cli.app import main as run_typer  # typer: never on the fast path

    run_typer()
