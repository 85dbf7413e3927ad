"""The Rust split as a codemod (`protocol.Implementation`): slice `fn main` by def-use
(`propose.propose_rust`), verify with our own counts and `cargo check` (`compiler.py`).

The slicing decides and renders in one pass (whether the shutdown sequence moves depends on
the length of the rendered `main`), so `plan` resolves the entrypoint and its anatomy and
`render` runs the slicing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from nova_refactor.codemods.protocol import CodemodOptions, Proposal, Target, WriteSettings
from nova_refactor.codemods.registry import Codemod
from nova_refactor.codemods.rust import compiler
from nova_refactor.codemods.rust import verify as counting
from nova_refactor.codemods.rust.propose import propose_rust
from nova_refactor.errors import UsageError
from nova_refactor.model import Analysis, Segment


@dataclass(frozen=True, slots=True)
class Planned:
    codemod: Codemod
    root: Path
    entry: str
    segments: tuple[Segment, ...]
    analysis: Analysis
    probe_types: bool = False  # --probe-types


class RustSplit:
    language = "rust"

    def handles(self, target: Target) -> bool:
        """A `.rs` entrypoint; unnamed, a project with Rust entrypoints and no Python one."""
        if target.entrypoint:
            return target.entrypoint.endswith(".rs")
        paths = [e.path for e in target.analysis.entrypoints]
        return not any(p.endswith(".py") for p in paths) and any(p.endswith(".rs") for p in paths)

    def plan(self, codemod: Codemod, target: Target, options: CodemodOptions) -> Planned:
        root, result = target.root, target.analysis
        entries = {e.path: e for e in result.entrypoints
                   if e.path.endswith(".rs") and not (root / e.path).is_symlink()}
        entry = target.given_entry() if target.entrypoint else \
            max(entries, key=lambda p: entries[p].lines, default=None)
        if entry is None:
            raise UsageError(f"no Rust entrypoint (`fn main`) found under {root}; "
                             "pass --entrypoint FILE")
        segments = entries[entry].segments if entry in entries else ()
        return Planned(codemod, root, entry, segments, result,
                       bool(getattr(options, "probe_types", False)))

    def render(self, planned: Planned) -> Proposal:
        root, entry = planned.root, planned.entry
        plan, changeset = propose_rust(planned.codemod, root, entry, planned.segments,
                                       planned.probe_types)
        if not changeset.empty:  # what --write will count again and compare
            now = counting.counts(root, entry, [], planned.analysis)
            plan = replace(plan, notes=(*plan.notes, f"checked after writing: {now.summary()}",
                                        compiler.compile_note(root, entry)))
        return Proposal(plan, changeset, implementation=self)

    def verify(self, proposal: Proposal, settings: WriteSettings) -> compiler.CompiledChecks:
        return compiler.CompiledChecks(proposal.changeset, proposal.plan.entrypoint,
                                       settings.compile)
