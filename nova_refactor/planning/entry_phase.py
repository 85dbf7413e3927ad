"""Phase 1: what splitting the entrypoint moves, where, and how large the entrypoint stays.

Entrypoints are planned by the codemods themselves (`split-entrypoint`, Python and Rust): the
plan lists exactly what the codemod would move, and the size left is counted on its rendered
output. When the Rust codemod cannot split a `main.rs`, the anatomy of `fn main` says which
segments go to which module, and the size left is an estimate, said as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from nova_refactor.analysis.entrypoints import main_entrypoint
from nova_refactor.codemods import runner
from nova_refactor.codemods.plan import SplitPlan
from nova_refactor.codemods.registry import CODEMODS
from nova_refactor.codemods.split_modules import ALL_MODULES, RUST_TITLES
from nova_refactor.errors import NovaError
from nova_refactor.model import (
    APP_KINDS,
    Analysis,
    Entrypoint,
    FileFacts,
    Language,
    Segment,
    SegmentKind,
)
from nova_refactor.planning.model import EntrypointPhase, MoveGroup

SPLIT = "split-entrypoint"
SINGLE = {c.modules[0]: c.name for c in CODEMODS if len(c.modules) == 1}
# Rust: where each segment kind of `fn main` goes (the refactor plan's Phase 1 files).
RUST_TARGETS = {
    SegmentKind.CONFIG: "app_state", SegmentKind.LOGGING: "app_state",
    SegmentKind.STATE: "app_state", SegmentKind.SERVICES: "app_services",
    SegmentKind.BACKGROUND: "background", SegmentKind.ROUTES: "routes", SegmentKind.CLI: "cli",
}


def entry_phase(analysis: Analysis, root: Path, limit: int | None,
                file_limit: int | None = None) -> EntrypointPhase | None:
    """The split of the entrypoint building the app (else the largest), or None when the
    project has no entrypoint."""
    entry = main_entrypoint(analysis.entrypoints)
    if entry is None:
        return None
    facts = next(f for f in analysis.files if f.path == entry.path)
    phase = _planned(analysis, root, entry, facts) if entry.path.endswith(".py") else \
        _rust(analysis, root, entry, facts)
    return replace(phase, limit=limit, file_limit=file_limit)


def _planned(analysis: Analysis, root: Path, entry: Entrypoint,
             facts: FileFacts) -> EntrypointPhase:
    language = Language.PYTHON if entry.path.endswith(".py") else Language.RUST
    try:
        proposal = runner.propose_on(SPLIT, root, analysis, entry.path)
    except NovaError as err:
        return EntrypointPhase(entry.path, language, entry.lines, SPLIT, (), (), entry.lines,
                               True, blockers=(str(err),))
    return _from_proposal(proposal, entry, facts, language)


def _from_proposal(proposal: runner.Proposal, entry: Entrypoint, facts: FileFacts,
                   language: Language) -> EntrypointPhase:
    plan = proposal.plan
    sizes = {c.path: c.after.count(b"\n") for c in proposal.changeset.changes}
    apps = {r.var for r in facts.routers if r.kind in APP_KINDS}
    return EntrypointPhase(
        entrypoint=entry.path, language=language, lines=entry.lines, codemod=SPLIT,
        groups=_python_groups(plan, sizes, apps), stays=_stays(plan),
        after_lines=sizes.get(entry.path, entry.lines),
        after_measured=True, notes=plan.notes,
        blockers=tuple(b.render() for b in plan.blockers),
    )


def _python_groups(plan: SplitPlan, sizes: Mapping[str, int],
                   apps: set[str]) -> tuple[MoveGroup, ...]:
    groups = []
    for module in plan.used_modules():
        moved = [p for p in plan.moved if p.module == module.name]
        spans = [(p.start_line, p.end_line) for p in moved]
        names = tuple(n for p in moved for n in p.names)
        groups.append(MoveGroup(
            # a routes group (level 3.01, ..) comes out of routes.py with extract-routes
            codemod=SINGLE.get(ALL_MODULES[int(module.level)], ""), target=module.path,
            title=module.title, ranges=merged(spans), names=names,
            lines=sum(end - start + 1 for start, end in spans),
            file_lines=sizes.get(module.path, 0),
            app_objects=tuple(n for n in names if n in apps),
        ))
    return tuple(groups)


def _stays(plan: SplitPlan) -> tuple[tuple[int, int, str], ...]:
    found: list[tuple[int, int, str]] = []
    for p in plan.stays:
        if found and found[-1][2] == p.reason and p.start_line <= found[-1][1] + 2:
            found[-1] = (found[-1][0], p.end_line, p.reason)
        else:
            found.append((p.start_line, p.end_line, p.reason))
    return tuple(found)


def merged(spans: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Line spans joined when they touch or are separated only by one blank or comment line."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + 2:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return tuple(out)


def _rust(analysis: Analysis, root: Path, entry: Entrypoint,
          facts: FileFacts) -> EntrypointPhase:
    """The codemod's plan when it can split `main.rs`, else the anatomy's estimate."""
    try:
        proposal = runner.propose_on(SPLIT, root, analysis, entry.path)
        refused = "; ".join(b.render() for b in proposal.plan.blockers) or (
            "" if proposal.plan.moved else "it finds nothing to move")
    except NovaError as err:
        refused = str(err)
    if not refused:
        return _from_proposal(proposal, entry, facts, Language.RUST)
    return _estimate(entry, facts, refused)


def _estimate(entry: Entrypoint, facts: FileFacts, refused: str) -> EntrypointPhase:
    groups = _rust_groups(entry)
    main_fn = next((f for f in facts.functions if f.name == "main"), None)
    main_lines = main_fn.lines if main_fn else entry.lines
    # `fn main` keeps one call per moved group, plus one `mod` line per new module.
    after = main_lines - sum(g.lines for g in groups) + 2 * len(groups)
    notes = (
        f"the Rust codemod cannot split it ({refused}): the moves above are the anatomy's "
        "segments, done by hand",
        f"{entry.lines - main_lines} of the {entry.lines} lines of {entry.path} are items "
        f"outside `fn main` ({len(facts.classes)} types, {len(facts.functions) - 1} functions "
        "and methods); the size after the split assumes they move out too, to the modules "
        "that use them",
    )
    stays = tuple((s.start_line, s.end_line, f"stays: {s.kind} (wiring and the server's run)")
                  for s in entry.segments if s.kind not in RUST_TARGETS)
    return EntrypointPhase(
        entrypoint=entry.path, language=Language.RUST, lines=entry.lines, codemod="", groups=groups,
        stays=stays, after_lines=max(after, 1), after_measured=False, notes=notes,
        items=_rust_items(facts),
    )


def _rust_groups(entry: Entrypoint) -> tuple[MoveGroup, ...]:
    folder = str(Path(entry.path).parent)
    by_target: dict[str, list[Segment]] = {}
    for seg in entry.segments:
        if seg.kind in RUST_TARGETS:
            by_target.setdefault(RUST_TARGETS[seg.kind], []).append(seg)
    return tuple(
        MoveGroup(codemod="", target=f"{folder}/{base}.rs", title=RUST_TITLES[base],
                  ranges=merged([(s.start_line, s.end_line) for s in segs]),
                  names=tuple(n for s in segs for n in s.defines),
                  lines=sum(s.lines for s in segs))
        for base in ALL_MODULES if (segs := by_target.get(base))
    )


def _rust_items(facts: FileFacts) -> tuple[tuple[str, int, int], ...]:
    """Types and free functions of the file other than `fn main` (methods go with types)."""
    items = [(c.name, c.line, c.end_line) for c in facts.classes]
    items += [(f.name, f.line, f.end_line) for f in facts.functions
              if "::" not in f.name and f.name != "main"]
    return tuple(sorted(items, key=lambda i: (i[1], i[0])))
