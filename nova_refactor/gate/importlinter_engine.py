"""import-linter's own engine on the `[tool.importlinter]` table of a contracts file.

It runs as a separate process (`lint-imports FILE`, with the target on PYTHONPATH) so
the target's packages never enter our interpreter; grimp reads their source, nothing is run.
Broken contracts come back as (contract, importer module, imported module, line).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

CHAIN = re.compile(r"^-\s+(?P<importer>[\w.]+) -> (?P<imported>[\w.]+) \(l\.(?P<line>\d+)")
RUNNER = "import sys; from importlinter.cli import lint_imports_command; " \
         "sys.exit(lint_imports_command())"
TIMEOUT_S = 300


@dataclass(frozen=True, slots=True)
class BrokenImport:
    contract: str
    importer: str  # dotted module
    imported: str
    line: int  # 0 when import-linter gave no line


@dataclass(frozen=True, slots=True)
class EngineResult:
    broken: tuple[BrokenImport, ...]
    note: str = ""  # why the engine did not run, or what it could not say


def available() -> bool:
    return importlib.util.find_spec("importlinter") is not None


def run_import_linter(contracts: Path, root: Path) -> EngineResult:
    if not available():
        return EngineResult((), "boundaries: [tool.importlinter] not checked: import-linter is not "
                                "installed (pip install 'nova-refactor[importlinter]')")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(root), *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, str(contracts), "--no-cache"],
        cwd=root, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=TIMEOUT_S, check=False,
    )
    if proc.returncode not in (0, 1) or "Contracts:" not in proc.stdout:
        detail = (proc.stderr.strip().splitlines() or proc.stdout.strip().splitlines() or ["?"])
        return EngineResult((), f"boundaries: import-linter could not check {contracts.name}: "
                                f"{detail[-1]}")
    return EngineResult(tuple(parse_broken(proc.stdout)))


def _chain(contract: str, line: str) -> list[BrokenImport]:
    match = CHAIN.match(line.strip())
    if not match:
        return []
    return [BrokenImport(contract, match["importer"], match["imported"], int(match["line"]))]


def parse_broken(output: str) -> list[BrokenImport]:
    """The broken contracts section of lint-imports' report, one entry per first import hop."""
    names = _broken_names(output)
    _, _, section = output.partition("Broken contracts")
    chains: dict[str, list[BrokenImport]] = {name: [] for name in names}
    current = ""
    lines = section.splitlines()
    for line, following in pairwise([*lines, ""]):
        if line in chains and following.startswith("---"):
            current = line
        elif current:
            chains[current].extend(_chain(current, line))
    # A broken contract whose report shows no import chain still becomes one entry.
    return [b for name in names for b in chains[name] or [BrokenImport(name, "", "", 0)]]


def _broken_names(output: str) -> list[str]:
    """Contract names from the summary lines `NAME BROKEN`."""
    return [line.removesuffix(" BROKEN") for line in output.splitlines()
            if line.endswith(" BROKEN")]
