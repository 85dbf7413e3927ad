"""Rewrites every import that reaches a moved module (libcst, formatting kept).

libcst's own `RenameCommand` was tried first: it ignores relative imports and drops the moved
name from `from pkg import a, moved` (it relies on a second pass to add it back), so the
renaming is done here on the same concrete syntax tree, one module mapping for all moves.
Bound names never change (`import storage` becomes `import nova_common.storage as storage`),
so the code below the imports, re-exports and `__all__` keep working untouched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst import MaybeSentinel
from libcst.metadata import PositionProvider

from nova_refactor.codemods.python.cst_names import dotted

Alias = cst.ImportAlias


def expression(name: str) -> cst.Attribute | cst.Name:
    head, _, tail = name.rpartition(".")
    if not head:
        return cst.Name(tail)
    return cst.Attribute(expression(head), cst.Name(tail))


@dataclass(frozen=True, slots=True)
class Where:
    module: str  # the file's dotted name before the move
    is_package: bool  # an __init__.py: relative imports start at the module itself
    moving: bool  # the file itself moves: its relative imports become absolute

    def absolute(self, level: int, name: str) -> str | None:
        if not level:
            return name
        parts = self.module.split(".") if self.module else []
        base = parts if self.is_package else parts[:-1]
        if level - 1 >= len(base):
            return None  # beyond the top package: left alone, Python would refuse it too
        base = base[: len(base) - (level - 1)]
        return ".".join([*base, name] if name else base)


class ImportRewriter(cst.CSTTransformer):
    def __init__(self, mapping: Mapping[str, str], where: Where,
                 known: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.mapping = mapping
        self.where = where
        self.known = known  # every project module: `from pkg import sub` may name one
        self.chains: dict[str, str] = {}  # `import a.b` (no alias): uses of `a.b.x` follow it
        self.in_import = 0

    def visit_Import(self, node: cst.Import) -> None:
        self.in_import += 1

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.in_import += 1

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        self.in_import -= 1
        names = [self._alias(alias) for alias in updated.names]
        return updated.with_changes(names=names)

    def _alias(self, alias: Alias) -> Alias:
        old = dotted(alias.name)
        new = self.mapping.get(old)
        if new is None:
            return alias
        if alias.asname is None and "." not in old:
            return alias.with_changes(name=expression(new), asname=cst.AsName(cst.Name(old)))
        if alias.asname is None:
            self.chains[old] = new
        return alias.with_changes(name=expression(new))

    def leave_ImportFrom(self, original: cst.ImportFrom,
                         updated: cst.ImportFrom) -> cst.ImportFrom:
        self.in_import -= 1
        return updated

    def leave_Attribute(self, original: cst.Attribute,
                        updated: cst.Attribute) -> cst.BaseExpression:
        if self.in_import or not self.chains:
            return updated
        new = self.chains.get(dotted(updated))
        return expression(new) if new else updated

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.SimpleStatementLine]:
        body: list[cst.BaseSmallStatement] = []
        for statement in updated.body:
            body += self._from(statement) if isinstance(statement, cst.ImportFrom) else [statement]
        if len(body) == len(updated.body):
            return updated.with_changes(body=body)
        lines = [cst.SimpleStatementLine([_last(s)]) for s in body]
        lines[0] = lines[0].with_changes(leading_lines=updated.leading_lines)
        return cst.FlattenSentinel(lines)

    def _from(self, node: cst.ImportFrom) -> list[cst.BaseSmallStatement]:
        level = len(node.relative)
        absolute = self.where.absolute(level, dotted(node.module) if node.module else "")
        if absolute is None:
            return [node]
        if isinstance(node.names, cst.ImportStar):
            return self._star(node, absolute)
        groups = self._groups(absolute, node.names)
        unchanged = list(groups) == [absolute] and groups[absolute] == list(node.names)
        if unchanged and not (level and self.where.moving):  # e.g. only staying submodules
            return [node]
        return [_absolute(node, target, names) for target, names in groups.items()]

    def _star(self, node: cst.ImportFrom, absolute: str) -> list[cst.BaseSmallStatement]:
        moved_here = self.mapping.get(absolute)
        changed = moved_here is not None or (bool(node.relative) and self.where.moving)
        return [_absolute(node, moved_here or absolute, None)] if changed else [node]

    def _groups(self, absolute: str, names: Sequence[Alias]) -> dict[str, list[Alias]]:
        """Names by the module they now come from: a moved submodule leaves its package."""
        groups: dict[str, list[Alias]] = {}
        here = self.mapping.get(absolute, absolute)
        for alias in names:
            name = dotted(alias.name)
            full = f"{absolute}.{name}" if absolute else name
            moved = self.mapping.get(full)
            if moved is None:
                # a submodule that stays is still found beside the package's old place
                stays = full in self.known and absolute != here
                groups.setdefault(absolute if stays else here, []).append(alias)
                continue
            parent, _, leaf = moved.rpartition(".")
            bound = alias.asname.name.value if isinstance(alias.asname, cst.AsName) and \
                isinstance(alias.asname.name, cst.Name) else name
            renamed = cst.ImportAlias(cst.Name(leaf),
                                      None if bound == leaf else cst.AsName(cst.Name(bound)))
            groups.setdefault(parent, []).append(renamed)
        return groups


def _absolute(node: cst.ImportFrom, target: str,
              names: list[Alias] | None) -> cst.ImportFrom:
    if names is None:
        return node.with_changes(module=expression(target), relative=())
    same = list(names) == list(node.names) if not isinstance(node.names, cst.ImportStar) else False
    if not same:
        names = [a.with_changes(comma=MaybeSentinel.DEFAULT) for a in names]
        names = [a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                 for a in names[:-1]] + names[-1:]
        return node.with_changes(module=expression(target), relative=(), names=names,
                                 lpar=None, rpar=None)
    return node.with_changes(module=expression(target), relative=())


def _last(statement: cst.BaseSmallStatement) -> cst.BaseSmallStatement:
    """A statement alone on its line: no `;` after it."""
    return statement.with_changes(semicolon=MaybeSentinel.DEFAULT)


def rewrite_imports(source: str, mapping: Mapping[str, str], where: Where,
                    known: frozenset[str] = frozenset()) -> str:
    """`source` with its imports following `mapping` (old dotted module -> new)."""
    tree = cst.parse_module(source)
    return tree.visit(ImportRewriter(mapping, where, known)).code


def imported_modules(source: str, where: Where) -> list[tuple[str, int]]:
    """(absolute dotted name, line) of everything a module imports, `from a import b` as
    both `a` and `a.b` (b may be a submodule; the caller keeps what is a project module)."""
    wrapper = cst.MetadataWrapper(cst.parse_module(source))
    finder = _ImportFinder(where)
    wrapper.visit(finder)
    return finder.found


class _ImportFinder(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, where: Where) -> None:
        super().__init__()
        self.where = where
        self.found: list[tuple[str, int]] = []

    def _line(self, node: cst.CSTNode) -> int:
        line: int = self.get_metadata(PositionProvider, node).start.line
        return line

    def visit_Import(self, node: cst.Import) -> None:
        self.found += [(dotted(a.name), self._line(node)) for a in node.names]

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        base = self.where.absolute(len(node.relative), dotted(node.module) if node.module else "")
        if base is None:
            return
        line = self._line(node)
        self.found.append((base, line))
        if not isinstance(node.names, cst.ImportStar):
            self.found += [(f"{base}.{dotted(a.name)}" if base else dotted(a.name), line)
                           for a in node.names]
