"""Render a SplitPlan into file texts: one libcst module per target, then the entrypoint.

Each new module gets the moved statements in their original order (comments, docstrings and
formatting travel with them), a copy of the entrypoint's imports that libcst's
`RemoveImportsVisitor` prunes to what is used, and its sibling imports scheduled through
`AddImportsVisitor` -- imports are fixed once per file, at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import libcst as cst

from nova_refactor.codemods.plan import ENTRY, SplitPlan, TargetModule
from nova_refactor.codemods.python.facade import facade_code, helper_names
from nova_refactor.codemods.python.imports import add_siblings, prune
from nova_refactor.codemods.python.placement import early_guards
from nova_refactor.codemods.python.rewrite import ModuleNameLiteral, ReadThrough, transform
from nova_refactor.codemods.python.spacing import normalize_spacing
from nova_refactor.codemods.python.statements import (
    ModuleFacts,
    Stmt,
    is_future_import,
    is_main_guard,
    type_checking_imports,
)

LAZY_GETATTR = re.compile(r"^(?:def __getattr__\(|__getattr__\s*=)", re.MULTILINE)
SPLIT_OUT = "by nova-refactor ("  # in the docstring of every module a split creates


class Renderer:
    def __init__(self, plan: SplitPlan, facts: ModuleFacts, package: str) -> None:
        self.plan = plan
        self.facts = facts
        self.package = package  # "" for a top-level script, else the entrypoint's package
        self.home = {p.start_line: p.module for p in plan.placements}
        self.owner: dict[str, str] = {}
        for stmt in facts.stmts:
            if not stmt.is_import:
                for name in stmt.defines:
                    self.owner[name] = self.home[stmt.start_line]
        self.read_through = dict(plan.read_through)
        self.origin: dict[int, int] = {}  # id(rendered node) -> index of its statement
        for name, home in plan.read_through:
            self.owner.setdefault(name, home)  # an imported name patched from outside

    def module_of(self, stmt: Stmt) -> str:
        return self.home[stmt.start_line]

    def render(self) -> dict[str, str]:
        """Repo-relative path -> new text, for every new module and the entrypoint."""
        texts = {m.path: self._module(m) for m in self.plan.used_modules()}
        texts[self.plan.entrypoint] = self._entrypoint()
        if self.package and _lazy_package(Path(self.plan.root), self.plan.entrypoint):
            modules = "|".join(m.name for m in self.plan.modules)
            sibling = re.compile(rf"^from \. import ({modules})$", re.MULTILINE)
            texts = {path: sibling.sub(rf"import {self.package}.\1 as \1", text)
                     for path, text in texts.items()}
        return texts

    def _statements(self, module: str, rename: bool) -> tuple[list[cst.BaseStatement],
                                                              set[str], dict[str, set[str]]]:
        """Transformed statements of `module`, modules read through, names imported plainly."""
        body: list[cst.BaseStatement] = []
        through: set[str] = set()
        plain: dict[str, set[str]] = {}
        owners = {n: o for n, o in self.read_through.items() if o != module}
        for stmt in self.facts.stmts:
            if stmt.is_import or self.module_of(stmt) != module:
                continue
            for name, home in self._foreign(stmt, module):
                if name in owners:
                    through.add(owners[name])
                else:
                    plain.setdefault(home, set()).add(name)
            transforms: list[cst.CSTTransformer] = [ReadThrough(self.facts.name_nodes, owners)]
            if rename:
                transforms.append(ModuleNameLiteral(self.plan.module_name))
            node = transform(stmt.node, transforms)
            if not isinstance(node, cst.RemovalSentinel):
                body.append(node)
                self.origin[id(node)] = stmt.index
        return body, through, plain

    def _foreign(self, stmt: Stmt, module: str) -> list[tuple[str, str]]:
        """(name, home) for the names `stmt` uses that live in another module."""
        homes = ((name, self.owner.get(name)) for name in stmt.uses | stmt.rebinds)
        return [(name, home) for name, home in homes if home is not None and home != module]

    def _used_imports(self, module: str) -> set[str]:
        # a name also bound by a statement (`logger = logger.getChild(..)`) comes from that
        # statement's module, not from the import it shadows
        elsewhere = {n for n, home in self.read_through.items() if home != module}
        elsewhere |= {n for n, home in self.owner.items() if home != module}
        uses = set().union(*(s.uses for s in self.facts.stmts
                             if not s.is_import and self.module_of(s) == module))
        return uses - elsewhere

    def _import_block(self, module: str, keep: set[str]) -> list[cst.BaseStatement]:
        return [line for _, line in self._import_lines(module, keep)]

    def _import_lines(self, module: str,
                      keep: set[str]) -> list[tuple[Stmt, cst.BaseStatement]]:
        used = self._used_imports(module) | keep
        imports = [s for s in self.facts.stmts if s.is_import]
        lines = [prune(s.node, used) for s in imports]
        guards = _guard_names(imports, lines)
        if guards - used:  # a kept `if TYPE_CHECKING:` needs its flag imported too
            return self._import_lines(module, keep | guards)
        return [(s, line) for s, line in zip(imports, lines, strict=True) if line is not None]

    def _around_main_guard(self, pairs: list[tuple[Stmt, cst.BaseStatement]]
                           ) -> tuple[list[cst.BaseStatement], list[cst.BaseStatement]]:
        """Late imports before and after the main guard, where they were."""
        guard = next((s.index for s in self.facts.stmts if s.is_main_guard),
                     len(self.facts.stmts))
        return ([line for s, line in pairs if s.index < guard],
                [line for s, line in pairs if s.index > guard])

    def _late_imports(self) -> set[int]:
        """Imports after the module's code that nothing staying uses (`import pkg.socket`
        at the end, whose module imports this one back): they run last, once the facade
        forwards every name, as they ran once every name was bound."""
        code = [s.index for s in self.facts.stmts if not (s.is_import or s.is_docstring)]
        staying = self._used_imports(ENTRY)
        start = code[0] if code else len(self.facts.stmts)
        return {s.index for s in self.facts.stmts[start:]
                if s.is_import and not s.defines & staying}

    def _module(self, target: TargetModule) -> str:
        body, through, plain = self._statements(target.name, rename=True)
        docstring = cst.parse_statement(
            f'"""{target.title}.\n\nSplit out of `{self.plan.entrypoint}` {SPLIT_OUT}'
            f'{self.plan.codemod}).\n"""\n'
        )
        header = _module_of([docstring, *self._import_block(target.name, set())])
        return self._finish(header, body, through, plain)

    def _finish(self, header: cst.Module, body: list[cst.BaseStatement], through: set[str],
                plain: dict[str, set[str]]) -> str:
        header = add_siblings(header, self.package, through, plain,
                              {m.name for m in self.plan.modules})
        tree = self.facts.module.with_changes(body=[*header.body, *body])
        return wrap_long_imports(normalize_spacing(tree).code, {m.name for m in self.plan.modules})

    def _entrypoint(self) -> str:
        body, through, plain = self._statements(ENTRY, rename=False)
        homes = [m.name for m in self.plan.used_modules()]
        facade = self._facade(homes)
        has_doc = any(s.is_docstring for s in self.facts.stmts)
        docstring, stays = (body[:1], body[1:]) if has_doc else ([], body)
        late = self._late_imports()
        pairs = self._import_lines(ENTRY, self._unused_before())
        futures, imports = _split([line for s, line in pairs if s.index not in late],
                                  is_future_import)
        before_guard, after_guard = self._around_main_guard(
            [(s, line) for s, line in pairs if s.index in late])
        first = early_guards(self.facts.stmts)
        early, stays = _split(stays, lambda n: self.origin.get(id(n)) in first)
        wired = len(homes) + 2
        # sibling imports are written here, in layer order and after an early main guard,
        # because both orders are start-up behaviour
        siblings = self._sibling_imports(through, plain)
        header = _module_of([*docstring, *futures, *early, *imports, *facade.body[:wired],
                             *siblings])
        guards, others = _split(stays, is_main_guard)
        body = [*others, *facade.body[wired:], *before_guard, *guards, *after_guard]
        return self._finish(header, body, set(), {})

    def _sibling_imports(self, through: set[str],
                         plain: dict[str, set[str]]) -> list[cst.BaseStatement]:
        """`from home import a, b` for names the entrypoint's own statements use (the modules
        themselves are imported by the wiring above, `through` needs nothing more)."""
        prefix = "." if self.package else ""
        order = [m.name for m in self.plan.modules]
        lines = [f"from {prefix}{home} import {', '.join(sorted(plain[home]))}\n"
                 for home in sorted(plain, key=order.index)]
        return list(cst.parse_module("".join(lines)).body) if lines else []

    def _unused_before(self) -> set[str]:
        """Imports no moved statement uses stay in the entrypoint: `main.X` keeps working."""
        moved = [s for s in self.facts.stmts if not s.is_import and self.module_of(s) != ENTRY]
        # `TYPE_CHECKING` is kept where an `if TYPE_CHECKING:` block is (_import_block)
        guards = set().union(*(s.uses for s in self.facts.stmts
                               if type_checking_imports(s.node) is not None))
        return set(self.facts.import_names) - set().union(*(s.uses for s in moved)) - guards

    def _facade(self, homes: list[str]) -> cst.Module:
        """Sibling imports in layer order (this order is the start-up order), then the facade."""
        keep_all = any("__all__" in s.defines for s in self.facts.stmts)
        prefix = "from . " if self.package else ""
        names = helper_names(self.facts.module.code)
        wiring = f"import sys as {names['_sys']}\nimport types as {names['_types']}\n\n" + \
            "".join(f"{prefix}import {h}\n" for h in homes)
        bound = set(self.facts.import_names).union(*(s.defines for s in self.facts.stmts))
        unbound = {n: h for n, h in self.read_through.items() if n not in bound}
        return cst.parse_module(wiring + facade_code(self._entry_stem(), homes, keep_all, names,
                                                     unbound))

    def _entry_stem(self) -> str:
        return self.plan.module_name.rpartition(".")[2]


def _lazy_package(root: Path, entry: str) -> bool:
    """Whether the entrypoint's package defines a module `__getattr__` (PEP 562 lazy
    imports): `from . import app_state` asks it first (`hasattr`), and one that raises
    anything but AttributeError breaks that import; `import pkg.app_state as app_state`
    loads the submodule before it looks."""
    init = (root / entry).parent / "__init__.py"
    if init == root / entry or not init.is_file():
        return False
    return bool(LAZY_GETATTR.search(init.read_text(encoding="utf-8", errors="replace")))


def _guard_names(imports: list[Stmt], lines: list[cst.BaseStatement | None]) -> set[str]:
    """What the `if TYPE_CHECKING:` blocks still kept read (`TYPE_CHECKING`, `typing`)."""
    kept = [s for s, line in zip(imports, lines, strict=True) if line is not None]
    return set().union(*(s.uses for s in kept if type_checking_imports(s.node) is not None))


def _module_of(statements: list[cst.BaseStatement]) -> cst.Module:
    """A module of `statements`; libcst types a body as its two statement kinds, which are
    every BaseStatement there is."""
    return cst.Module(body=[s for s in statements
                            if isinstance(s, cst.SimpleStatementLine | cst.BaseCompoundStatement)])


def _split(nodes: list[cst.BaseStatement], test: Callable[[cst.BaseStatement], bool]
           ) -> tuple[list[cst.BaseStatement], list[cst.BaseStatement]]:
    """(nodes passing `test`, the others), each in order."""
    return [n for n in nodes if test(n)], [n for n in nodes if not test(n)]


def wrap_long_imports(code: str, siblings: set[str], width: int = 100) -> str:
    """`from app_state import A, B, ...` longer than `width` becomes one name per line."""
    pattern = re.compile(r"^from (\.?[\w.]+) import ([^\n(]+)$", re.MULTILINE)

    def wrap(match: re.Match[str]) -> str:
        module = match.group(1).rpartition(".")[2]
        if len(match.group(0)) <= width or module not in siblings:
            return match.group(0)
        names = [n.strip() for n in match.group(2).split(",")]
        inner = "".join(f"    {n},\n" for n in names)
        return f"from {match.group(1)} import (\n{inner})"

    return pattern.sub(wrap, code)
