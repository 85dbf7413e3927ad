"""What an extraction's result is checked against: the contracts emitted from the proposal
(our gate's `boundaries` rule and import-linter hold them) and the route inventory, which
must not change. Nothing here runs the target's code: the route inventory is our static one.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nova_refactor import __version__
from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.codemods.extract.project import Groups
from nova_refactor.codemods.extract.proposal_file import ExtractProposal

CONTRACTS = "contracts.toml"
SCHEMA = "nova-refactor/contracts/1"  # gate/contracts.py reads it; the gate sits above us
GENERATED = "# Service boundaries proposed by nova-refactor"


def _s(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def _list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_s(v) for v in values) + "]"


def _where(root: Path, old: str, new: str, moving: set[str]) -> str:
    """A module's path once the change is written."""
    return new if old in moving or not (root / old).exists() and (root / new).exists() else old


def contracts_text(root: Path, proposal: ExtractProposal, groups: Groups,
                   moving: set[str]) -> str:
    """The proposal's contracts at the modules' places after the change: our gate's table,
    and import-linter contracts between the packages that exist by then."""
    def now(layout_moves: Iterable[tuple[str, str]]) -> list[str]:
        return sorted(_where(root, old, new, moving) for old, new in layout_moves)

    lines = [f"{GENERATED}, updated by extract-common/extract-service;",
             "# enforce with `nova-refactor check` (rule `boundaries`) and `lint-imports FILE`.",
             "[tool.nova-refactor.contracts]", f"schema = {_s(SCHEMA)}",
             f"generated-by = {_s(f'nova-refactor extract {__version__}')}",
             f"shared = {_list(now((m.old_path, m.new_path) for m in groups.common.moves))}",
             f"entrypoints = {_list(proposal.entrypoints)}"]
    for name, layout in sorted(groups.services.items()):
        lines += ["", f"[tool.nova-refactor.contracts.services.{_s(name)}]",
                  f"modules = {_list(now((m.old_path, m.new_path) for m in layout.moves))}"]
    return "\n".join(lines + _import_linter(root, proposal, groups, moving)) + "\n"


def _made(root: Path, groups: Groups, moving: set[str]) -> tuple[str, dict[str, str]]:
    """The common package if it exists after the change, and the service packages."""
    def exists(moves: Iterable[tuple[str, str]]) -> bool:
        return any(_where(root, old, new, moving) == new for old, new in moves)

    common = groups.common.package if exists(
        (m.old_path, m.new_path) for m in groups.common.moves) else ""
    services = {name: layout.package for name, layout in groups.services.items()
                if exists((m.old_path, m.new_path) for m in layout.moves)}
    return common, services


def _import_linter(root: Path, proposal: ExtractProposal, groups: Groups,
                   moving: set[str]) -> list[str]:
    common, services = _made(root, groups, moving)
    contracts: list[list[str]] = []
    packages = sorted(services.values())
    if common and packages:
        contracts.append(_forbidden("The shared library imports no service", [common], packages))
    contracts += _service_contracts(proposal, groups, services)
    if not contracts:
        return []
    roots = sorted({*packages, *([common] if common else [])})
    out = ["", "[tool.importlinter]", f"root_packages = {_list(roots)}"]
    for contract in contracts:
        out += contract
    return out


def _service_contracts(proposal: ExtractProposal, groups: Groups,
                       services: dict[str, str]) -> list[list[str]]:
    """Each service imports no other, except where the proposal cuts the edge (a call to be)."""
    contracts = []
    for name, package in sorted(services.items()):
        allowed = {groups.owner(e.target) for e in proposal.edges
                   if groups.owner(e.source) == name}
        others = [p for n, p in sorted(services.items()) if n != name and n not in allowed]
        if others:
            contracts.append(_forbidden(f"Service {name} imports no other service", [package],
                                        others))
    return contracts


def _forbidden(name: str, sources: list[str], forbidden: list[str]) -> list[str]:
    return ["", "[[tool.importlinter.contracts]]", f"name = {_s(name)}", 'type = "forbidden"',
            f"source_modules = {_list(sources)}", f"forbidden_modules = {_list(forbidden)}"]


def route_inventory(root: Path, skip: Iterable[str] = ()) -> set[tuple[str, str, str]]:
    """(method, path, handler) of every route our static inventory finds, outside `skip`.

    A new service's app.py is skipped: it mounts the monolith's own rules in a loop, which
    the inventory sees as one dynamic route; its generated test checks its route table."""
    skipped = set(skip)
    result = analyze([root], Options(use_cache=False))
    return {(r.method, r.path, r.handler) for r in result.routes if r.file not in skipped}


def route_changes(before: set[tuple[str, str, str]],
                  after: set[tuple[str, str, str]]) -> list[str]:
    lost = [f"route lost: {m} {p} ({h})" for m, p, h in sorted(before - after)]
    return lost + [f"route added: {m} {p} ({h})" for m, p, h in sorted(after - before)]


def broken_contracts(root: Path, contracts: Path | None = None) -> list[str]:
    """What breaks the contracts under `root`, as `nova-refactor check` with only the rule
    `boundaries` says: our import edges against the table, then import-linter's engine on
    its [tool.importlinter] contracts."""
    return [f"{f['path']}:{f['line']}: {f['message']}"
            for f in boundary_findings(root, contracts or root / CONTRACTS)]


def boundary_findings(root: Path, contracts: Path) -> list[dict[str, Any]]:  # JSON as read
    """The gate's `boundaries` findings that break, as its JSON report gives them. Run as a
    process, as a user would run it (a codemod does not import the gate, which sits above
    it); a gate that cannot run is one finding saying why."""
    if not contracts.is_file():
        return []
    with tempfile.TemporaryDirectory(prefix="nova-extract-") as folder:
        pack = Path(folder) / "pack.toml"
        pack.write_text(f"[rules.boundaries]\ncontracts = {_s(str(contracts))}\n",
                        encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "nova_refactor", "check", str(root),
                               "--rules", str(pack), "--format", "json", "--no-cache"],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              timeout=600, check=False)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return [{"path": contracts.name, "line": 0, "subject": "",
                 "message": f"the gate could not check {contracts.name}: {tail}"}]
    return [f for f in report.get("findings", [])
            if f.get("rule") == "boundaries" and f.get("breaks", True)]
