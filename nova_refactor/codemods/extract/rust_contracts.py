"""The proposal's contracts for a Rust split, at the modules' places (`contracts.toml`, read by
our gate's `boundaries` rule, which resolves `user_common::x` and `streams_service::x` to the
workspace members' files), and the check that an extraction breaks none that held before.

A crossing the proposal cuts is still an import until it becomes a call: the gate reports it
before and after the move. The check maps every module back to its place in the proposal and
fails only on a crossing that is new.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from nova_refactor import __version__
from nova_refactor.codemods.extract.proposal_file import ExtractProposal
from nova_refactor.codemods.extract.verify import (
    CONTRACTS,
    GENERATED,
    SCHEMA,
    _list,
    _s,
    boundary_findings,
)
from nova_refactor.errors import VerificationFailed

# A module's proposal path (`src/a.rs`) under a crate folder: `libs/x-common/`,
# `services/x-service/`, or the workspace member being split (`user-service/`).
_MEMBER = re.compile(r"^(?:libs/[^/]+/|services/[^/]+/|[^/]+/)?(src/.+)$")


def placed(root: Path, proposal: ExtractProposal, folders: list[str],
           moving: dict[str, str]) -> dict[str, str]:
    """Each Rust module of the proposal -> where it is once `moving` is done: its new path,
    its old one, or where an earlier extraction put it (one of `folders`)."""
    found = {}
    paths = [*proposal.shared, *proposal.entrypoints,
             *(p for s in proposal.services for p in s.modules)]
    for path in (p for p in paths if p.endswith(".rs")):
        earlier = next((f"{f}/{path}" for f in folders if (root / f / path).is_file()), path)
        found[path] = moving.get(path) or (path if (root / path).is_file() else earlier)
    return found


def placed_in_workspace(root: Path, member: str, proposal: ExtractProposal,
                        folders: list[str], moving: dict[str, str]) -> dict[str, str]:
    """`placed` for a member of a virtual workspace: every place relative to the workspace
    root (`user-service/src/a.rs`, `libs/user-common/src/b.rs`), where contracts.toml is
    written and the gate is run. `moving` is already workspace-relative."""
    found = {}
    paths = [*proposal.shared, *proposal.entrypoints,
             *(p for s in proposal.services for p in s.modules)]
    for path in (p for p in paths if p.endswith(".rs")):
        here = f"{member}/{path}"
        earlier = next((f"{f}/{path}" for f in folders if (root / f / path).is_file()), here)
        found[path] = moving.get(here) or (here if (root / here).is_file() else earlier)
    return found


def contracts_text(proposal: ExtractProposal, place: dict[str, str]) -> str:
    def now(paths: tuple[str, ...]) -> str:
        return _list(sorted(place.get(p, p) for p in paths if p.endswith(".rs")))

    lines = [f"{GENERATED}, updated by extract-common/extract-service;",
             "# enforce with `nova-refactor check` (rule `boundaries`).",
             "[tool.nova-refactor.contracts]", f"schema = {_s(SCHEMA)}",
             f"generated-by = {_s(f'nova-refactor extract {__version__}')}",
             f"shared = {now(proposal.shared)}", f"entrypoints = {now(proposal.entrypoints)}"]
    for service in sorted(proposal.services, key=lambda s: s.name):
        lines += ["", f"[tool.nova-refactor.contracts.services.{_s(service.name)}]",
                  f"modules = {now(service.modules)}"]
    return "\n".join(lines) + "\n"


def written_by_hand(root: Path) -> bool:
    path = root / CONTRACTS
    text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    return bool(text) and not text.startswith(GENERATED)


def _home(path: str) -> str:
    """A module's path in the proposal: `services/x-service/src/a.rs` -> `src/a.rs`."""
    match = _MEMBER.match(path)
    return match.group(1) if match else path


def crossings(root: Path, text: str) -> set[tuple[str, str]]:
    """(source, target) in proposal paths of every import the gate says breaks `text`."""
    with tempfile.TemporaryDirectory(prefix="nova-extract-") as folder:
        contracts = Path(folder) / CONTRACTS
        contracts.write_text(text, encoding="utf-8")
        found = boundary_findings(root, contracts)
    out = set()
    for finding in found:
        source, _, target = str(finding.get("subject", "")).partition("->")
        out.add((_home(source), _home(target)) if target else
                (str(finding.get("message", "")), ""))
    return out


class ContractChecks:
    """Before writing: the crossings of the contracts at the places before the change. After:
    the contracts.toml written, whose crossings must be the same or fewer."""

    def __init__(self, root: Path, text: str, moving: tuple[tuple[str, str], ...]) -> None:
        self.root, self.text = root, text
        self.before_text = text
        for old, new in moving:
            self.before_text = self.before_text.replace(_s(new), _s(old))
        self.known: set[tuple[str, str]] = set()

    def before(self) -> None:
        if self.text:
            self.known = crossings(self.root, self.before_text)

    def after(self) -> str:
        if not self.text:
            return f"contracts: {CONTRACTS} written by hand, not checked"
        now = crossings(self.root, self.text)
        new = sorted(now - self.known)
        if new:
            shown = "; ".join(f"{a} -> {b}" if b else a for a, b in new[:5])
            raise VerificationFailed(f"contracts broken, rolled back: {shown}")
        return (f"contracts hold (gate rule boundaries): {len(now)} crossing(s) the proposal "
                "names, as before the move; none new")
