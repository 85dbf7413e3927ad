"""Where a routing name lives and under which condition a registration runs.

Routers bound inside a function are that function's own (`def a(): bp = Blueprint(..)` and
`def b(): bp = Blueprint(..)` are two blueprints), so their names are qualified by the function:
`a.bp`. A parameter that routes hang on (`def register(app): app.add_url_rule(..)`) is named by
its position, `register.#0`, so that a call `register(app)` in any module can bind it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from nova_refactor.frontends.python.index import FunctionNode, ModuleIndex, dotted

PARAMETER_MARK = "#"


class Scopes:
    """The routing names bound in each function scope of one module."""

    def __init__(self, index: ModuleIndex, router_assigns: list[tuple[str, str]]) -> None:
        self.functions: dict[str, FunctionNode] = {
            f.qualname: f.node for f in index.functions if not f.is_method
        }
        self.locals: dict[str, set[str]] = {}
        for scope, name in router_assigns:
            self.locals.setdefault(scope, set()).add(name)

    def qualify(self, name: str, scope: str) -> str:
        """`name` as the module knows it: `f.bp` for a router local to `f` (or an enclosing
        function), `f.#0` for `f`'s first parameter, else unchanged (module-level or imported)."""
        head, dot, rest = name.partition(".")
        for outer in _enclosing(scope):
            if head in self.locals.get(outer, ()):
                return f"{outer}.{name}"
            position = self.parameter_position(outer, head)
            if position is not None:
                return f"{outer}.{PARAMETER_MARK}{position}{dot}{rest}"
        return name

    def parameter_position(self, scope: str, name: str) -> int | None:
        node = self.functions.get(scope)
        if node is None:
            return None
        positional = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
        return positional.index(name) if name in positional else None

    def returned_routers(self) -> Iterator[tuple[str, str]]:
        """(function, qualified router) for each `return bp` of a router local to the function."""
        for scope, names in self.locals.items():
            node = self.functions.get(scope)
            if node is None:
                continue
            for returned in _returns(node):
                if isinstance(returned, ast.Name) and returned.id in names:
                    yield scope, f"{scope}.{returned.id}"


def _enclosing(scope: str) -> Iterator[str]:
    """`a.b.c`, `a.b`, `a`: the function scopes a name may come from, innermost first."""
    while scope:
        yield scope
        scope = scope.rpartition(".")[0]


def _returns(node: FunctionNode) -> Iterator[ast.expr]:
    """Values returned by `node` itself, not by functions nested in it."""
    pending: list[ast.AST] = list(node.body)
    while pending:
        current = pending.pop()
        if isinstance(current, ast.Return) and current.value is not None:
            yield current.value
        elif not isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            pending.extend(ast.iter_child_nodes(current))


def conditions(tree: ast.Module) -> dict[int, str]:
    """Line -> the condition under which the statement on it runs (`if X`, `try`, `except E`),
    for statements nested in an `if`, `try` or `except` anywhere in the module."""
    found: dict[int, str] = {}
    _visit(tree.body, (), found)
    return found


def _visit(body: list[ast.stmt], held: tuple[str, ...], found: dict[int, str]) -> None:
    for stmt in body:
        if held:
            text = " and ".join(held)
            for line in range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1):
                found[line] = text
        for block, condition in _blocks(stmt):
            _visit(block, (*held, condition) if condition else held, found)


def _blocks(stmt: ast.stmt) -> Iterator[tuple[list[ast.stmt], str]]:
    """The statement blocks nested in `stmt`, each with the condition it adds ("" for none)."""
    if isinstance(stmt, ast.If):
        test = ast.unparse(stmt.test)
        yield stmt.body, f"if {test}"
        yield stmt.orelse, f"if not ({test})"
    elif isinstance(stmt, ast.Try | ast.TryStar):
        yield stmt.body, "try"
        for handler in stmt.handlers:
            caught = ast.unparse(handler.type) if handler.type is not None else ""
            yield handler.body, f"except {caught}".rstrip()
        yield stmt.orelse, "try (no exception)"
        yield stmt.finalbody, ""
    elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.With,
                           ast.AsyncWith, ast.For, ast.AsyncFor, ast.While)):
        yield stmt.body, ""
        yield getattr(stmt, "orelse", []), ""


def call_target(call: ast.Call) -> str:
    """`register` for `register(app)`, `routes.init` for `routes.init(app)`, else ""."""
    return dotted(call.func) if isinstance(call.func, (ast.Name, ast.Attribute)) else ""


def path_constants(tree: ast.Module, handlers: set[str]) -> list[tuple[str, str]]:
    """Module-level strings that look like paths ("/api/v1"), for prefixes given by name:
    `PREFIX = ".."`, a class attribute `Settings.API_V1_STR = ".."`, and the same attribute
    of a module-level instance (`settings = Settings()`: its class default).

    Also the links that lead to another module's class (analysis follows them):
    `("settings", "get_settings()")` for a module-level `settings = get_settings()`, and
    `("get_settings()", "Settings")` for `def get_settings() -> Settings` without parameters
    (a settings factory, often `@lru_cache`d; a view or a hook in `handlers` is none)."""
    links = [link for stmt in tree.body if (link := _returned_class(stmt, handlers))]
    return _path_assigns(tree.body) + _class_defaults(tree) + links


def _class_defaults(tree: ast.Module) -> list[tuple[str, str]]:
    """`Settings.P` and `settings.P` for the class's path attributes; `settings` linked to
    the call that builds it when the class is not this module's."""
    classes = {s.name: _path_assigns(s.body) for s in tree.body if isinstance(s, ast.ClassDef)}
    named = [(name, name) for name in classes]
    named += [instance for stmt in tree.body if (instance := _instance_of(stmt))]
    found = [link for stmt in tree.body if (link := _settings_link(stmt, classes))]
    for name, cls in named:
        found += [(f"{name}.{attr}", value) for attr, value in classes.get(cls, ())]
    return found


def _settings_link(stmt: ast.stmt, classes: dict[str, list[tuple[str, str]]]
                   ) -> tuple[str, str] | None:
    """(`settings`, `get_settings()`) for `settings = get_settings()` or `Settings()` of a name
    imported or defined here, called without positional arguments as settings objects are
    (`LOCK = threading.Lock()`, `x = float(..)`, `app = Flask(__name__)` make no link)."""
    instance = _instance_of(stmt)
    if instance is None or not isinstance(stmt, ast.Assign) or not isinstance(stmt.value, ast.Call):
        return None
    name, callee = instance
    if stmt.value.args or "." in callee or callee in _BUILTIN_TYPES or callee in classes:
        return None
    return name, f"{callee}()"


def _returned_class(stmt: ast.stmt, handlers: set[str]) -> tuple[str, str] | None:
    """(`get_settings()`, `Settings`) for `def get_settings() -> Settings` taking no arguments,
    or returning `Settings(..)` and nothing else when it has no annotation."""
    if not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) or _takes_arguments(stmt):
        return None
    if stmt.name in handlers:
        return None
    returned = _annotated_class(stmt.returns) if stmt.returns else _only_call_returned(stmt)
    return (f"{stmt.name}()", returned) if returned else None


def _annotated_class(annotation: ast.expr) -> str:
    name = dotted(annotation) if isinstance(annotation, ast.Name | ast.Attribute) else ""
    return "" if name in _BUILTIN_TYPES else name


def _only_call_returned(node: FunctionNode) -> str:
    values = list(_returns(node))
    if len(values) == 1 and isinstance(values[0], ast.Call):
        return _annotated_class(values[0].func)
    return ""


_BUILTIN_TYPES = frozenset({"str", "int", "float", "bool", "bytes", "dict", "list", "tuple",
                            "set", "frozenset", "None", "object"})


def _takes_arguments(node: FunctionNode) -> bool:
    args = node.args
    return bool(args.posonlyargs or args.args or args.kwonlyargs or args.vararg or args.kwarg)


class LocalInstances:
    """Locals bound to a call (`settings = get_settings()` in function `f`): a prefix given
    as `settings.API_PREFIX` there is that call's attribute, `get_settings().API_PREFIX`."""

    def __init__(self, assigns: list[tuple[ast.Assign | ast.AnnAssign, str]]) -> None:
        self.assigns = assigns
        self._by_scope: dict[str, dict[str, str]] | None = None  # built on first need

    def localized(self, text: str, scope: str) -> str:
        if not text or not scope or "<dynamic: " not in text:
            return text
        if self._by_scope is None:
            self._by_scope = {}
            for assign, where in self.assigns:
                instance = _instance_of(assign) if where else None
                if instance is not None:
                    self._by_scope.setdefault(where, {})[instance[0]] = instance[1] + "()"
        for outer in _enclosing(scope):
            for local, call in self._by_scope.get(outer, {}).items():
                text = text.replace(f"<dynamic: {local}.", f"<dynamic: {call}.")
        return text


def _path_assigns(body: list[ast.stmt]) -> list[tuple[str, str]]:
    return [pair for stmt in body if (pair := _path_assign(stmt))]


def _path_assign(stmt: ast.stmt) -> tuple[str, str] | None:
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, value = stmt.targets[0], stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        target, value = stmt.target, stmt.value
    else:
        return None
    if (isinstance(target, ast.Name) and isinstance(value, ast.Constant)
            and isinstance(value.value, str) and value.value.startswith("/")):
        return target.id, value.value
    return None


def _instance_of(stmt: ast.stmt) -> tuple[str, str] | None:
    """(`settings`, `Settings`) for `settings = Settings(..)`, (`settings`, `config.load`) for
    `settings = config.load(..)`."""
    if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name) and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Name | ast.Attribute)):
        callee = dotted(stmt.value.func)
        # `Settings().configure()` is not an instance of `Settings.configure`
        plain = not any(isinstance(n, ast.Call) for n in ast.walk(stmt.value.func))
        return (stmt.targets[0].id, callee) if callee and plain else None
    return None
