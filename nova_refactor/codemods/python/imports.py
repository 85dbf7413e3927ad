"""Imports of a new module: the entrypoint's own, pruned to what the module uses, and the
sibling modules it needs, scheduled through libcst's `AddImportsVisitor`.

Which imported names a module uses comes from the one scope analysis of the entrypoint
(`ScopeProvider`), so the import block is fixed once, at the end, without re-analysing each
file: everything used is imported and nothing unused is left.
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from nova_refactor.codemods.python.statements import type_checking_imports


def prune(line: cst.BaseStatement, used: set[str]) -> cst.BaseStatement | None:
    """The import line with only the aliases whose bound name is in `used` (None: none);
    an `if TYPE_CHECKING:` block of imports keeps the lines that still import something."""
    inner = type_checking_imports(line)
    if inner is not None:
        return _prune_block(line, inner, used)
    assert isinstance(line, cst.SimpleStatementLine)
    kept = [small for small in (_prune_small(s, used) for s in line.body) if small is not None]
    if not kept:
        return None
    return line.with_changes(body=kept)


def _prune_block(block: cst.BaseStatement, lines: list[cst.BaseStatement],
                 used: set[str]) -> cst.BaseStatement | None:
    kept = [k for k in (prune(line, used) for line in lines) if k is not None]
    body = block.body  # type: ignore[attr-defined]
    return block.with_changes(body=body.with_changes(body=kept)) if kept else None


def _bound(alias: cst.ImportAlias, dotted_import: bool) -> str:
    if alias.asname is not None:
        return alias.evaluated_alias or ""
    name = alias.evaluated_name
    return name.split(".")[0] if dotted_import else name


def _prune_small(small: cst.BaseSmallStatement, used: set[str]) -> cst.BaseSmallStatement | None:
    if not isinstance(small, (cst.Import, cst.ImportFrom)) or _keep_whole(small):
        return small
    assert not isinstance(small.names, cst.ImportStar)
    dotted = isinstance(small, cst.Import)
    names = [a for a in small.names if _bound(a, dotted) in used]
    if not names:
        return None
    if names[-1] is not small.names[-1]:  # the new last alias takes the old last one's comma
        names[-1] = names[-1].with_changes(comma=small.names[-1].comma)
    return small.with_changes(names=names)


def _keep_whole(small: cst.Import | cst.ImportFrom) -> bool:
    """Star imports bind names scope analysis cannot see; `__future__` imports are flags."""
    return isinstance(small, cst.ImportFrom) and (
        isinstance(small.names, cst.ImportStar) or _is_future(small))


def _is_future(small: cst.ImportFrom) -> bool:
    return isinstance(small.module, cst.Name) and small.module.value == "__future__"


def add_siblings(header: cst.Module, package: str, through: set[str],
                 plain: dict[str, set[str]], siblings: set[str]) -> cst.Module:
    """Schedule `import owner` (read-through) and `from owner import name` and apply them."""
    # no package name in the context: given one, libcst writes `from . import x` as
    # `from pkg import x`, an import of the package a package's `__init__` may be running
    context = CodemodContext()
    relative = 1 if package else 0
    for owner in sorted(through):
        if relative:
            AddImportsVisitor.add_needed_import(context, "", owner, relative=1)
        else:
            AddImportsVisitor.add_needed_import(context, owner)
    for owner, names in sorted(plain.items()):
        for name in sorted(names):
            AddImportsVisitor.add_needed_import(context, owner, name, relative=relative)
    if not through and not plain:
        return _set_apart(header, siblings)
    return _set_apart(AddImportsVisitor(context).transform_module(header), siblings)


def _imports_sibling(node: cst.BaseStatement, siblings: set[str]) -> bool:
    if not isinstance(node, cst.SimpleStatementLine):
        return False
    for small in node.body:
        if isinstance(small, cst.Import):
            return any(a.evaluated_name in siblings for a in small.names)
        if isinstance(small, cst.ImportFrom):
            module = small.module
            name = module.value if isinstance(module, cst.Name) else ""
            names = small.names if not isinstance(small.names, cst.ImportStar) else ()
            return name in siblings or any(a.evaluated_name in siblings for a in names)
    return False


def _set_apart(header: cst.Module, siblings: set[str]) -> cst.Module:
    """One blank line before the first sibling import: local imports form their own block."""
    body = list(header.body)
    for i, node in enumerate(body):
        if _imports_sibling(node, siblings):
            if i and isinstance(node, cst.SimpleStatementLine) and not node.leading_lines:
                body[i] = node.with_changes(leading_lines=[cst.EmptyLine()])
            break
    return header.with_changes(body=body)
