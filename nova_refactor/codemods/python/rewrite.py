"""Small libcst transforms applied to the statements that move, one concern each.

- `ReadThrough`: a rebound module global owned by another module is read and written as
  `owner.NAME` (and dropped from `global` statements), so there stays one source of truth.
- `ModuleNameLiteral`: `__name__` in moved code becomes the entrypoint's import name, so
  `Flask(__name__)`, `Blueprint(.., __name__)` and `getLogger(__name__)` keep their identity.
"""

from __future__ import annotations

import libcst as cst


class ReadThrough(cst.CSTTransformer):
    """Rewrite scope-resolved references (`name_nodes`: id(Name) -> module-level name)."""

    def __init__(self, name_nodes: dict[int, str], owners: dict[str, str]) -> None:
        super().__init__()
        self.name_nodes = name_nodes
        self.owners = owners  # name -> module to read it through

    def visit_Global(self, node: cst.Global) -> bool:
        return False  # its names are declarations, not references

    def leave_Global(
        self, original_node: cst.Global, updated_node: cst.Global
    ) -> cst.Global | cst.RemovalSentinel:
        keep = [item for item in updated_node.names if item.name.value not in self.owners]
        if not keep:
            return cst.RemoveFromParent()
        if len(keep) == len(updated_node.names):
            return updated_node
        keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(names=keep)

    def leave_Name(
        self, original_node: cst.Name, updated_node: cst.Name
    ) -> cst.BaseExpression:
        name = self.name_nodes.get(id(original_node))
        owner = self.owners.get(name) if name else None
        if name is None or owner is None:
            return updated_node
        return cst.Attribute(value=cst.Name(owner), attr=cst.Name(name))


class ModuleNameLiteral(cst.CSTTransformer):
    def __init__(self, module_name: str) -> None:
        super().__init__()
        self.literal = repr(module_name).replace("'", '"')
        self.skip: set[int] = set()

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        self.skip.add(id(node.attr))  # `func.__name__` is not the module's name
        return True

    def leave_Name(
        self, original_node: cst.Name, updated_node: cst.Name
    ) -> cst.BaseExpression:
        if original_node.value == "__name__" and id(original_node) not in self.skip:
            return cst.SimpleString(self.literal)
        return updated_node


def transform(
    node: cst.BaseStatement, transforms: list[cst.CSTTransformer]
) -> cst.BaseStatement | cst.RemovalSentinel:
    """Run `transforms` in order over one top-level statement (identity kept for the first)."""
    result: cst.BaseStatement | cst.RemovalSentinel = node
    for transformer in transforms:
        if isinstance(result, cst.RemovalSentinel):
            break
        visited = result.visit(transformer)
        if not isinstance(visited, cst.BaseStatement | cst.RemovalSentinel):
            raise TypeError(f"{type(transformer).__name__} made {type(visited).__name__} of a "
                            "statement")  # our transforms never do: a bug, not bad input
        result = visited
    return result
