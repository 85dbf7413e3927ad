"""Arguments of routing calls as text: paths, prefixes, HTTP methods (`routes.py`)."""

from __future__ import annotations

import ast

from nova_refactor.frontends.python.index import dotted

VERBS = ("get", "post", "put", "delete", "patch", "head", "options")


def literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def rule_text(node: ast.AST | None) -> str:
    """A path as text; parts that are not literals become `<dynamic: expr>` markers, which
    `analysis.routes` replaces by a constant's value when it finds one (`f"{PREFIX}/x"`)."""
    value = literal(node)
    if value is not None:
        return value
    if node is None:
        return ""
    if isinstance(node, ast.JoinedStr):
        return "".join(_template_part(part) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return rule_text(node.left) + rule_text(node.right)
    return dynamic(node)


def _template_part(part: ast.expr) -> str:
    if isinstance(part, ast.FormattedValue) and part.format_spec is None and part.conversion < 0:
        return rule_text(part.value)
    # an f-string's literal parts are str constants: literal() finds them all
    return (literal(part) or "") if isinstance(part, ast.Constant) else dynamic(part)


def dynamic(node: ast.AST) -> str:
    """The marker for a path part that is not a literal; `analysis.routes` reports it."""
    return "<dynamic: " + ast.unparse(node) + ">"


def prefix_text(node: ast.AST | None) -> str | None:
    """A prefix argument: its text, a dynamic marker, or None when it is not given."""
    return None if node is None else rule_text(node)


def keyword_value(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    """An argument given by position or by keyword."""
    return call.args[position] if len(call.args) > position else keyword_value(call, name)


def http_methods(node: ast.AST | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        found = tuple(sorted({v.upper() for v in map(literal, node.elts) if v}))
        return found or default
    return default


def endpoint_name(call: ast.Call) -> str | None:
    return literal(keyword_value(call, "endpoint")) or literal(keyword_value(call, "name"))


def as_view(view: ast.expr | None) -> str:
    """`Cls` for a `Cls.as_view("name")` view function (Flask MethodView and the like)."""
    if (isinstance(view, ast.Call) and isinstance(view.func, ast.Attribute)
            and view.func.attr == "as_view"):
        return dotted(view.func.value)
    return ""


def as_view_name(view: ast.expr | None) -> str | None:
    return literal(view.args[0]) if as_view(view) and view.args else None  # type: ignore[union-attr]


def is_router_adder(owner: str, attr: str) -> bool:
    """aiohttp `app.router.add_get(..)`, `app.router.add_route(method, ..)` and the like."""
    return owner.endswith("router") and (attr == "add_route" or attr.removeprefix("add_") in VERBS)


def aiohttp_verb(element: ast.expr) -> str | None:
    """`get` for `web.get(..)`, None for anything that is not a route definition."""
    if not isinstance(element, ast.Call):
        return None
    verb = dotted(element.func).rsplit(".", 1)[-1]
    return verb if verb in VERBS else None
