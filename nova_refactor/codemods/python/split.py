"""The Python split as a codemod (`protocol.Implementation`): plan with `planner.plan_split`,
render with libcst (`render.Renderer`), verify routes, importable names, import cycles and
pyflakes around the write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import libcst as cst

from nova_refactor.analysis.entrypoints import main_entrypoint
from nova_refactor.codemods import compose
from nova_refactor.codemods.changeset import Changeset, build_changeset
from nova_refactor.codemods.checks import Snapshot, compare, import_cycles, snapshot
from nova_refactor.codemods.plan import SplitPlan
from nova_refactor.codemods.protocol import Checked, NoOptions, Proposal, Target, WriteSettings
from nova_refactor.codemods.python.closures import lift_for_split
from nova_refactor.codemods.python.facade import MARKER
from nova_refactor.codemods.python.flakes import new_warnings
from nova_refactor.codemods.python.planner import plan_split
from nova_refactor.codemods.python.render import SPLIT_OUT, Renderer
from nova_refactor.codemods.python.sizes import oversized
from nova_refactor.codemods.python.statements import ModuleFacts, module_facts
from nova_refactor.codemods.registry import Codemod
from nova_refactor.codemods.transaction import Transaction
from nova_refactor.errors import InputError, UsageError, VerificationFailed
from nova_refactor.model import (
    Analysis,
    Diagnostic,
    Entrypoint,
    Language,
    Segment,
    Severity,
    SignalKind,
)


@dataclass(frozen=True, slots=True)
class Planned:
    plan: SplitPlan
    facts: ModuleFacts
    ours: frozenset[str] = frozenset()  # files an earlier split created: not "must be new"
    originals: tuple[tuple[str, bytes], ...] = ()


class PythonSplit:
    language = "python"

    def handles(self, target: Target) -> bool:
        """Any entrypoint but a `.rs` one; unnamed, unless the project has only Rust ones."""
        if target.entrypoint:
            return not target.entrypoint.endswith(".rs")
        paths = [e.path for e in target.analysis.entrypoints]
        return any(p.endswith(".py") for p in paths) or not any(p.endswith(".rs") for p in paths)

    def plan(self, codemod: Codemod, target: Target, options: NoOptions) -> Planned:
        root, result = target.root, target.analysis
        found = _entrypoint(target)
        entry = found.path
        files = [root / f.path for f in result.files if f.language == Language.PYTHON]
        earlier = compose.earlier_splits(root, entry)
        wider = compose.widened(codemod, earlier) if earlier else None
        if earlier is None or wider is None:
            facts = _parse(entry, (root / entry).read_bytes())
            facts, segments = lift_for_split(set(codemod.modules), root, entry, facts,
                                             found.segments)
            return Planned(plan_split(codemod, root, entry, facts, segments, files), facts)
        return _plan_again(codemod, wider, root, found, earlier, files)

    def render(self, planned: Planned) -> Proposal:
        plan = planned.plan
        root = Path(plan.root)
        if plan.blockers or not plan.moved:
            return Proposal(plan, Changeset(str(root), ()), planned.originals, implementation=self)
        texts = Renderer(plan, planned.facts, plan.package).render()
        plan = replace(plan, notes=plan.notes + oversized(texts))
        new_paths = [m.path for m in plan.used_modules() if m.path not in planned.ours]
        return Proposal(plan, build_changeset(root, texts, new_paths), planned.originals,
                        implementation=self)

    def verify(self, proposal: Proposal, settings: WriteSettings) -> PythonChecks:
        return PythonChecks(proposal)


def _entrypoint(target: Target) -> Entrypoint:
    """The entrypoint to split: the given one, else the one building the app (then the
    largest) not split yet."""
    result = target.analysis
    entry = target.given_entry() if target.entrypoint else _entry(target.root, result)
    found = next((e for e in result.entrypoints if e.path == entry), None)
    broken = _unparsed(result, entry)
    if broken:
        raise InputError(f"{broken[0].render()}; a file that does not parse cannot be split")
    if found is None:
        raise UsageError(f"{entry}: not an entrypoint (no main guard, app object, script "
                         "entry or entrypoint file name); nothing to split")
    return found


def _plan_again(codemod: Codemod, wider: Codemod, root: Path, found: Entrypoint,
                earlier: compose.Earlier, files: list[Path]) -> Planned:
    """Plan `wider` from the entrypoint as it was before the `earlier` splits."""
    compose.refuse_edited(earlier)
    entry = found.path
    script = any(signal.kind == SignalKind.SCRIPT for signal in found.signals)
    segments: Sequence[Segment] = compose.segments_of(root, entry, earlier.original, script)
    facts = _parse(entry, earlier.original)
    facts, segments = lift_for_split(set(wider.modules), root, entry, facts, segments)
    plan = plan_split(wider, root, entry, facts, segments, files)
    _refuse_dropped(plan, earlier)
    note = (f"{entry} was split by {', '.join(earlier.ids)}: planned again from the entrypoint "
            f"as it was before (line numbers refer to that version), extracting what that "
            f"split did and what {codemod.name} adds")
    plan = replace(plan, notes=(note, *plan.notes))
    return Planned(plan, facts, earlier.created, ((entry, earlier.original),))


def _refuse_dropped(plan: SplitPlan, earlier: compose.Earlier) -> None:
    """A module an earlier split created that the wider plan leaves empty would linger."""
    used = {m.path for m in plan.used_modules()}
    dropped = sorted(earlier.created - used - {plan.entrypoint})
    if dropped and not plan.blockers:
        raise UsageError(f"{dropped[0]}: the wider split would leave it empty; undo "
                         f"{earlier.ids[0]} and apply the codemods together instead")


def _parse(entry: str, source: bytes) -> ModuleFacts:
    try:
        return module_facts(source.decode("utf-8"))
    except (UnicodeDecodeError, cst.ParserSyntaxError) as err:
        raise InputError(f"{entry}:{getattr(err, 'raw_line', 1)}: cannot parse: "
                         f"{str(err).splitlines()[0]}") from None


def _entry(root: Path, result: Analysis) -> str:
    texts = _python_texts(root, [e.path for e in result.entrypoints])
    found = list(texts)
    split = [p for p in found if MARKER in texts[p]]
    if split:
        return split[0]  # already split: planning it again finds nothing to do
    found = [p for p in found if SPLIT_OUT not in texts[p]]  # pieces of an earlier split
    if not found:
        broken = _unparsed(result)
        why = (f" ({len(broken)} file(s) did not parse, e.g. {broken[0].render()})"
               if broken else "")
        raise UsageError(f"no Python entrypoint found under {root}{why}; "
                         "pass --entrypoint FILE")
    return _main_of(found, result)


def _main_of(paths: list[str], result: Analysis) -> str:
    """Of the entrypoints at `paths`, the one the plan's Phase 1 is about: building the
    served app, else the longest."""
    entry = main_entrypoint([e for e in result.entrypoints if e.path in paths])
    assert entry is not None, "the paths are those of the analysis' entrypoints"
    return entry.path


def _unparsed(result: Analysis, path: str | None = None) -> list[Diagnostic]:
    """Python files (or `path`) the analysis could not parse: no anatomy, nothing to plan."""
    python = {f.path for f in result.files if f.language == Language.PYTHON}
    return [d for d in result.diagnostics if d.severity == Severity.ERROR and d.path in python
            and (path is None or d.path == path)]


def _python_texts(root: Path, paths: list[str]) -> dict[str, str]:
    # a symlinked entrypoint is never picked: writing would replace the link with a file
    python = (p for p in paths if p.endswith(".py") and not (root / p).is_symlink())
    return {p: (root / p).read_text(encoding="utf-8", errors="replace") for p in python}


class PythonChecks:
    """Routes, importable names and import cycles compared with before the write; pyflakes
    over what was written. Any difference rolls back."""

    def __init__(self, proposal: Proposal) -> None:
        self.proposal = proposal
        self.plan = proposal.plan
        self.root = Path(proposal.changeset.root)
        self.homes = [m.path for m in self.plan.used_modules()]
        self.snapshot: Snapshot | None = None

    def before(self) -> None:
        self.snapshot = snapshot(self.root, self.plan.entrypoint, [])

    def after(self, written: Transaction) -> Checked:
        assert self.snapshot is not None, "before() runs first"
        return Checked(_post_check(self.root, self.plan, self.snapshot, self.homes)
                       + _flakes_check(self.proposal))


def _flakes_check(proposal: Proposal) -> tuple[str, ...]:
    """pyflakes over every Python file written, against what those files were before: an
    independent check of what our own inventory might have missed."""
    changes = [c for c in proposal.changeset.changes if c.path.endswith(".py")]
    written = [(c.path, c.after) for c in changes]
    originals = [(c.path, c.before) for c in changes if c.before is not None]
    fresh = new_warnings([*proposal.originals, *originals], written)
    if fresh:
        shown = "; ".join(w.render() for w in fresh[:5])
        more = f" (and {len(fresh) - 5} more)" if len(fresh) > 5 else ""
        raise VerificationFailed(f"pyflakes found what the original did not have, rolled "
                                 f"back: {shown}{more}")
    return (f"pyflakes: no new warnings in {len(written)} written module(s)",)


def _post_check(root: Path, plan: SplitPlan, before: Snapshot, homes: list[str]) -> tuple[str, ...]:
    after = snapshot(root, plan.entrypoint, homes)
    package = plan.package
    prefix = f"{package}." if package else ""
    modules = {prefix + m.name: m.path for m in plan.used_modules()}
    modules[plan.module_name] = plan.entrypoint
    cycles = import_cycles(root, modules, package)
    problems = compare(before, after) + [f"import cycle: {c}" for c in cycles]
    if problems:
        raise VerificationFailed("post-apply check failed, rolled back: " + "; ".join(problems))
    return (f"route inventory identical ({len(after.routes)} routes)",
            f"all {len(before.names)} names of {plan.entrypoint} still importable",
            f"no import cycle among {len(modules)} modules")
