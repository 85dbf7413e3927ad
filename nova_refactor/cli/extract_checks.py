"""The gate's checks of an extraction's result: the contracts it emitted hold.

Here, above both the codemods and the gate, because a codemod may not import the gate.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from nova_refactor.codemods.extract.verify import CONTRACTS
from nova_refactor.gate.engine import CheckRequest, run_check
from nova_refactor.gate.importlinter_engine import run_import_linter


def broken_contracts(root: Path, contracts: Path | None = None) -> list[str]:
    """What breaks the contracts under `root`: our gate's `boundaries` rule on our import
    edges, then import-linter's engine when the file has a [tool.importlinter] table."""
    contracts = contracts or root / CONTRACTS
    if not contracts.is_file():
        return []
    with tempfile.TemporaryDirectory(prefix="nova-extract-") as folder:
        pack = Path(folder) / "pack.toml"
        pack.write_text(f"[rules.boundaries]\ncontracts = {json.dumps(str(contracts))}\n"
                        "importlinter = false\n", encoding="utf-8")
        outcome = run_check(CheckRequest(root, rules=str(pack), use_cache=False))
    problems = [f"{j.finding.path}:{j.finding.line}: {j.finding.message}"
                for j in outcome.result.judged if j.finding.rule == "boundaries"]
    if "[tool.importlinter]" in contracts.read_text(encoding="utf-8"):
        result = run_import_linter(contracts, root)
        problems += [result.note] if result.note else []
        problems += [f"import-linter contract \"{b.contract}\" broken: {b.importer} imports "
                     f"{b.imported} (line {b.line})" for b in result.broken]
    return problems
