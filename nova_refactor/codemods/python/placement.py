"""Decide the module of every top-level statement.

Start from the entrypoint anatomy (a statement's kind names its module), then raise statements
until three rules hold, which is what keeps behaviour unchanged:

1. def-use: a statement lives in the module of everything it uses or in a higher one (modules
   import only lower ones, so there is no cycle, and import-time uses are defined earlier);
2. effect order: a statement whose import-time effect matters never runs before one that ran
   before it (modules run lowest first, statements of one module in their original order);
3. one home: all statements binding one name live in one module.

Raising only ever goes up, so the fixed point is reached in a bounded number of rounds. A
statement the chosen codemod does not extract is pulled down when a moved statement needs it:
into its own lower layer when its kind names one (config that routes read goes to app_state,
where the full split puts it), else into the module of what needs it. Afterwards, helpers no
rule recognised and that touch no shared state join their lowest user, and a bare string
between statements goes with the statement after it; neither can break the rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from nova_refactor.codemods.python.statements import Stmt
from nova_refactor.codemods.split_modules import LEVELS as LEVELS

MAIN = 99  # level of "stays in the entrypoint"
KIND_MODULE = {
    "config": "app_state", "logging": "app_state", "state": "app_state",
    "services": "app_services", "background": "background", "routes": "routes",
    "cli": "cli", "server": "cli",
}
DATA_KINDS = {"config", "logging", "state", "background", "other"}
_DEFS = (cst.FunctionDef, cst.ClassDef)


# the split modules' layers come from the one table of them


@dataclass(slots=True)
class Slot:
    level: float
    reason: str
    pinned: bool = False  # stays in the entrypoint whatever happens (docstring, main guard)
    pulled: bool = False  # may be pulled down with a statement that needs it


def place(stmts: Sequence[Stmt], kinds: Sequence[tuple[str, str]], enabled: set[str],
          unsafe: dict[int, str]) -> list[Slot]:
    """Levels for `stmts` (imports get MAIN and are handled separately). Never raises."""
    placer = _Placer(stmts, kinds, enabled)
    slots = [placer.base(s, unsafe.get(s.index)) for s in stmts]
    placer.pull_down(slots)
    placer.settle(slots)
    placer.raise_helpers(slots)
    placer.settle(slots)
    placer.attach_strings(slots)
    return slots


class _Placer:
    def __init__(self, stmts: Sequence[Stmt], kinds: Sequence[tuple[str, str]],
                 enabled: set[str]) -> None:
        self.stmts = stmts
        self.kinds = kinds
        self.enabled = {LEVELS[m] for m in enabled}
        self.definers = _definers(stmts)
        self._deps = [self._find_deps(s) for s in stmts]
        self.users: dict[int, set[int]] = {}
        for s in stmts:
            for dep in self.deps(s):
                self.users.setdefault(dep, set()).add(s.index)

    def _find_deps(self, s: Stmt) -> set[int]:
        found = {d for name in s.uses | s.rebinds for d in self.definers.get(name, ())}
        return found - {s.index}

    def deps(self, s: Stmt) -> set[int]:
        """Statements binding a module-level name `s` reads or rebinds."""
        return self._deps[s.index]

    def base(self, s: Stmt, unsafe: str | None) -> Slot:
        pinned = self._pinned(s, unsafe)
        if pinned:
            return Slot(MAIN, pinned, pinned=True)
        kind, why = self.kinds[s.index]
        if kind == "other" and not isinstance(s.node, _DEFS):
            kind, why = self._inherited(s, kind, why)
        level = self._kind_level(s, kind)
        if kind == "other" and len(self.enabled) < len(LEVELS):
            return Slot(MAIN, "no responsibility recognised: moves only with what needs it",
                        pulled=True)
        if level not in self.enabled:
            return Slot(MAIN, f"{kind}: not extracted by this codemod", pulled=True)
        return Slot(level, f"{kind}: {why}")

    @staticmethod
    def _pinned(s: Stmt, unsafe: str | None) -> str | None:
        if s.is_import:
            return "import: each module gets the imports it uses"
        if s.is_docstring or s.is_main_guard or "__all__" in s.defines:
            return "module docstring, main guard or __all__ stay"
        return unsafe

    def _inherited(self, s: Stmt, kind: str, why: str) -> tuple[str, str]:
        """A statement no rule recognised takes the kind of what it uses, when that is one
        known kind (`WORKER = start_workers()` is background work)."""
        kinds = {self.kinds[d][0] for d in self.deps(s)} - {"other"}
        if len(kinds) == 1:
            (inherited,) = kinds
            return inherited, f"uses only {inherited} definitions"
        return kind, why

    def _kind_level(self, s: Stmt, kind: str) -> float:
        is_def = isinstance(s.node, _DEFS)
        if kind in DATA_KINDS and not is_def and not s.effectful:
            return LEVELS["app_state"]  # plain data: queues, events, constants are state
        return LEVELS[KIND_MODULE.get(kind, "app_state")]

    def pull_down(self, slots: list[Slot]) -> None:
        changed = True
        while changed:
            changed = False
            for s in self.stmts:
                slot = slots[s.index]
                if slot.level == MAIN:
                    continue
                changed |= self._pull_effects_before(s, slots)
                for dep in sorted(self.deps(s)):
                    if slots[dep].pulled and slots[dep].level > slot.level:
                        slots[dep] = self._pulled(s, dep, slot.level)
                        changed = True

    def _pulled(self, user: Stmt, dep: int, level: float) -> Slot:
        """Where a statement the codemod does not extract goes when `user` (moving to `level`)
        needs it: its own layer when it has a recognised kind below `level` (config and state
        that routes need go to app_state, so routes.py holds routes), else along with `user`."""
        name = self._first_name(user, dep)
        kind = self.kinds[dep][0]
        own = self._kind_level(self.stmts[dep], kind) if kind != "other" else MAIN
        if own < level:
            module = next(m for m, v in LEVELS.items() if v == own)
            return Slot(own, f"{kind}: line {user.start_line} needs `{name}`; it goes to its "
                        f"own layer, {module}", pulled=True)
        return Slot(level, f"moves with line {user.start_line}, which uses `{name}`",
                    pulled=True)

    def _pull_effects_before(self, s: Stmt, slots: list[Slot]) -> bool:
        """Effects that ran before a moved effect and are not extracted move with it."""
        if not s.effectful:
            return False
        changed = False
        for earlier in self.stmts[: s.index]:
            slot = slots[earlier.index]
            if earlier.effectful and slot.pulled and slot.level > slots[s.index].level:
                slots[earlier.index] = Slot(slots[s.index].level, "import-time effect that "
                                            f"must run before line {s.start_line}", pulled=True)
                changed = True
        return changed

    def settle(self, slots: list[Slot]) -> None:
        for _ in range(len(self.stmts) * 8 + 8):
            if not (self._def_use(slots) | self._effects(slots) | self._one_home(slots)):
                return

    def _raise(self, slots: list[Slot], index: int, level: float, reason: str) -> bool:
        if slots[index].level >= level or slots[index].pinned and level != MAIN:
            return False
        slots[index] = Slot(level, reason, pinned=slots[index].pinned)
        return True

    def _def_use(self, slots: list[Slot]) -> bool:
        changed = False
        for s in self.stmts:
            for dep in self.deps(s):
                if slots[dep].level > slots[s.index].level:
                    reason = f"uses `{self._first_name(s, dep)}` (line " \
                             f"{self.stmts[dep].start_line}), which lives higher"
                    changed |= self._raise(slots, s.index, slots[dep].level, reason)
        return changed

    def _effects(self, slots: list[Slot]) -> bool:
        changed, culprit = False, None
        highest: float = -1
        early = early_guards(self.stmts)
        for s in self.stmts:
            if not s.effectful or s.is_import or s.index in early:
                continue
            if slots[s.index].level < highest and culprit is not None:
                reason = f"import-time effect must stay after line {culprit.start_line}"
                changed |= self._raise(slots, s.index, highest, reason)
            if slots[s.index].level >= highest:
                highest, culprit = slots[s.index].level, s
        return changed

    def _one_home(self, slots: list[Slot]) -> bool:
        changed = False
        for name, where in self.definers.items():
            top = max(slots[i].level for i in where)
            for i in where:
                changed |= self._raise(slots, i, top, f"`{name}` is bound here and elsewhere; "
                                       "all its bindings live in one module")
        return changed

    def raise_helpers(self, slots: list[Slot]) -> None:
        """Functions and classes no anatomy rule recognised, and that touch no shared state,
        live next to their lowest user (`ApiError`, `json_body` go to routes)."""
        changed = True
        while changed:
            changed = False
            for s in reversed(self.stmts):
                if not self._helper(s, slots):
                    continue
                users = [slots[u].level for u in self.users.get(s.index, ())]
                target = min(users, default=MAIN)
                if slots[s.index].level < target < MAIN:
                    slots[s.index] = Slot(target, "helper that touches no shared state: "
                                          "lives next to its lowest user")
                    changed = True

    def attach_strings(self, slots: list[Slot]) -> None:
        """A bare string between statements (a comment written as a string) goes with the
        statement that follows it."""
        for s in reversed(self.stmts[1:-1]):
            if _bare_string(s.node) and not slots[s.index].pinned:
                nxt = slots[s.index + 1]
                slots[s.index] = Slot(nxt.level, "string between statements: goes with the "
                                      f"next one (line {self.stmts[s.index + 1].start_line})")

    def _helper(self, s: Stmt, slots: list[Slot]) -> bool:
        if self.kinds[s.index][0] != "other" or not isinstance(s.node, _DEFS):
            return False
        if s.effectful or slots[s.index].pinned:
            return False
        return not any(self.kinds[d][0] in ("state", "background")
                       and not isinstance(self.stmts[d].node, _DEFS) for d in self.deps(s))

    def _first_name(self, s: Stmt, dep: int) -> str:
        names = sorted((s.uses | s.rebinds) & self.stmts[dep].defines)
        return names[0] if names else "?"


def early_guards(stmts: Sequence[Stmt]) -> set[int]:
    """`if __name__ == "__main__":` blocks before any other statement (a `sys.path` tweak):
    they stay first in the entrypoint, so they still run before everything else."""
    early = set()
    for s in stmts:
        if s.is_main_guard:
            early.add(s.index)
        elif not (s.is_import or s.is_docstring):
            break
    return early


def _definers(stmts: Sequence[Stmt]) -> dict[str, list[int]]:
    """Module-level name -> the non-import statements that bind it."""
    definers: dict[str, list[int]] = {}
    for s in stmts:
        if not s.is_import:
            for name in s.defines:
                definers.setdefault(name, []).append(s.index)
    return definers


def _bare_string(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1 and isinstance(
        node.body[0], cst.Expr) and isinstance(node.body[0].value, (cst.SimpleString,
                                                                     cst.ConcatenatedString))
