"""Writes an extraction plan in one journalled Transaction and checks the result there: any
failed check rolls every file back (moved modules included)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nova_refactor.analysis.python.modules import module_name
from nova_refactor.codemods import journal
from nova_refactor.codemods.extract.planner import ExtractPlan
from nova_refactor.codemods.extract.project import load_project
from nova_refactor.codemods.extract.rust import CargoChecks, crate_names
from nova_refactor.codemods.extract.rust_service import crate_of_ident
from nova_refactor.codemods.extract.rust_visibility import ServiceChecks, Widening
from nova_refactor.codemods.extract.scaffold import moved_handler
from nova_refactor.codemods.extract.verify import (
    CONTRACTS,
    broken_contracts,
    route_changes,
    route_inventory,
)
from nova_refactor.codemods.python.flakes import Warning_, new_warnings, warnings_of
from nova_refactor.codemods.transaction import Transaction
from nova_refactor.errors import UsageError, VerificationFailed


@dataclass(frozen=True, slots=True)
class Written:
    entry: journal.Entry
    checks: tuple[str, ...]
    recovered: tuple[str, ...]


class ExtractChecks:
    """The checks of a written extraction (the codemod protocol's PostWrite): `before` runs
    before the transaction opens, `after` inside it; any failure rolls everything back."""

    def __init__(self, plan: ExtractPlan, contracts: bool = True) -> None:
        self.plan = plan
        self.contracts = contracts
        self.routes: set[tuple[str, str, str]] = set()
        self.known: frozenset[str] = frozenset()
        self.compiler: CargoChecks | ServiceChecks | None = None
        self.widening: Widening | None = None  # extract-common's; the service checks own one

    def before(self) -> None:
        root = Path(self.plan.changeset.root)
        self.routes = route_inventory(root, self.plan.service_apps)
        self.known = load_project(root).known  # handlers are named after these modules
        if self.plan.language == "rust" and self.plan.codemod == "extract-service":
            contracts = next((c.after.decode("utf-8") for c in self.plan.changeset.changes
                              if c.path == CONTRACTS), "")
            self.compiler = ServiceChecks(root, crate_of_ident(self.plan.package).folder,
                                          self.plan.moving, contracts,
                                          self.plan.compiled[-1] if self.plan.compiled else ".")
            self.compiler.before()
        elif self.plan.language == "rust":
            self.compiler = CargoChecks(root, *(self.plan.compiled or (crate_names(root)[0],)))
            self.compiler.before()
            self.widening = Widening(root, {new for _, new in self.plan.moving},
                                     self.plan.compiled[-1] if self.plan.compiled else ".")

    def after(self, written: Transaction | None = None) -> tuple[str, ...]:
        if self.compiler is not None:  # Rust: the compiler judges; routes are counted too
            visibility = self._visibility(written)
            return (*self.compiler.after(written), *visibility,
                    _routes(self.plan, self.routes, self.known))
        checks = [_flakes(self.plan), _routes(self.plan, self.routes, self.known)]
        if self.contracts:
            problems = broken_contracts(Path(self.plan.changeset.root))
            if problems:
                raise VerificationFailed(f"{self.plan.codemod}: contracts broken, rolled back: "
                                         + "; ".join(problems[:5]))
            checks.append("contracts hold (gate rule boundaries, import-linter)")
        return tuple(checks)


    def _visibility(self, written: Transaction | None) -> tuple[str, ...]:
        """extract-common's moved files: widened before the compiler's final say."""
        if self.widening is None or not isinstance(self.compiler, CargoChecks):
            return ()
        if self.compiler.before_run.passed:
            return (self.widening.narrowest(written),)
        return (self.widening.publish_all(written),)


def write_plan(plan: ExtractPlan, contracts: bool = True) -> Written:
    """Write `plan` in one Transaction and check it there (the runner does the same through
    the codemod protocol); `contracts=False` skips the gate run (a fast unit test)."""
    if plan.refusals:
        raise UsageError(f"{plan.codemod}: refused: {plan.refusals[0].render()}")
    checks = ExtractChecks(plan, contracts)
    checks.before()
    with Transaction(plan.changeset, plan.codemod) as written:
        done = checks.after(written)
    assert written.entry is not None
    return Written(written.entry, done, tuple(written.recovered))


def _routes(plan: ExtractPlan, before: set[tuple[str, str, str]],
            known: frozenset[str]) -> str:
    """The same routes with the same handlers, a moved handler under its new module."""
    root = Path(plan.changeset.root)
    modules = {module_name(old): module_name(new) for old, new in plan.moving}
    expected = {(m, p, moved_handler(h, modules, known)) for m, p, h in before}
    changes = route_changes(expected, route_inventory(root, plan.service_apps))
    if changes:
        raise VerificationFailed("route inventory changed, rolled back: " + "; ".join(changes[:5]))
    return f"route inventory identical ({len(before)} routes)"


def _originals(plan: ExtractPlan) -> list[tuple[str, bytes]]:
    """Each written module's text before, under its path now (a moved one: its old self)."""
    old_of = {new: old for old, new in plan.moving}
    before = {c.path: c.before for c in plan.changeset.changes}
    found = []
    for change in plan.changeset.changes:
        old = before.get(old_of.get(change.path, change.path))
        if change.path.endswith(".py") and not change.removed and old is not None:
            found.append((change.path, old))
    return found


def _renamed_away(plan: ExtractPlan, fresh: list[Warning_],
                  originals: list[tuple[str, bytes]]) -> list[Warning_]:
    """Drops a warning the original had under the module's old name (an import unused before
    is still unused, now spelled `posts_service.posts` instead of `services.posts`)."""
    back = {module_name(new): module_name(old) for old, new in plan.moving}
    before = {w.key for path, text in originals for w in warnings_of(path, text)}
    return [w for w in fresh if (w.kind, tuple(moved_handler(str(a), back)
                                              if isinstance(a, str) else a
                                              for a in w.subject)) not in before]


def _flakes(plan: ExtractPlan) -> str:
    """pyflakes on every Python file written, against the same file before: an independent
    check of what the rewrite may have broken."""
    written = [(c.path, c.after) for c in plan.changeset.changes
               if c.path.endswith(".py") and not c.removed]
    originals = _originals(plan)
    fresh = _renamed_away(plan, new_warnings(originals, written), originals)
    if fresh:
        shown = "; ".join(w.render() for w in fresh[:5])
        raise VerificationFailed(f"pyflakes found what the originals did not have, rolled back: "
                                 f"{shown}")
    return f"pyflakes: no new warnings in {len(written)} written module(s)"
