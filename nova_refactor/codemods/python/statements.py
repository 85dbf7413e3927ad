"""The top-level statements of a module, with what each binds, uses, rebinds and whether running
it at import time has an effect whose order matters.

One libcst parse with scope analysis (`ScopeProvider`) answers all of it: an access inside a
function that resolves to a module-level binding is a dependency of the statement holding it.
The analysis is kept with the facts (`Resolved`): lifting closure routes out of an app factory
rewrites the module, and re-describes it from this analysis instead of analysing it again.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import (
    BaseAssignment,
    CodeRange,
    GlobalScope,
    MetadataWrapper,
    PositionProvider,
    Scope,
    ScopeProvider,
)

# Calls that only build a value: running them earlier or later at import time changes nothing.
PURE_CALLS = frozenset({
    "int", "float", "str", "bool", "bytes", "dict", "list", "set", "tuple", "frozenset",
    "object", "len", "range", "sorted", "type", "getattr", "isinstance", "max", "min",
    "os.environ.get", "os.getenv", "os.path.join", "os.path.dirname", "os.path.abspath",
    "re.compile", "itertools.count", "logging.getLogger", "dataclasses.field", "field",
    "functools.partial", "pathlib.Path", "Path", "datetime.timedelta", "timedelta",
    "typing.TypeVar", "TypeVar", "NamedTuple", "namedtuple", "collections.namedtuple",
    "dataclass", "dataclasses.dataclass", "staticmethod", "classmethod", "property",
})
PURE_PREFIXES = ("threading.", "queue.", "asyncio.", "collections.", "contextvars.")


@dataclass(frozen=True, slots=True)
class Stmt:
    """One top-level statement of the entrypoint."""

    index: int
    node: cst.BaseStatement
    start_line: int
    end_line: int
    defines: frozenset[str]  # module-level names it binds
    rebinds: frozenset[str]  # module-level names a function in it rebinds through `global`
    uses: frozenset[str]  # module-level names it reads (at import or at call time)
    is_import: bool
    is_docstring: bool
    is_main_guard: bool
    effectful: bool  # running it at import time has an effect whose order matters
    code: str


@dataclass(frozen=True, slots=True)
class Resolved:
    """libcst's metadata for one parsed module: scopes, positions, module-level bindings."""

    scopes: Mapping[cst.CSTNode, Scope | None]
    positions: Mapping[cst.CSTNode, CodeRange]
    assignments: Sequence[BaseAssignment]  # of the module's global scope
    source: str  # what was parsed (the module's code, without generating it again)

    def owner(self, starts: list[int], node: cst.CSTNode) -> int | None:
        """The top-level statement (by its first line in `starts`) holding `node`."""
        pos = self.positions.get(node)
        return None if pos is None else bisect_right(starts, pos.start.line) - 1


@dataclass(frozen=True, slots=True)
class ModuleFacts:
    module: cst.Module
    stmts: tuple[Stmt, ...]
    import_names: frozenset[str]  # names bound by top-level import statements
    name_nodes: dict[int, str]  # id(Name node) -> module-level name it reads or binds
    # registration functions lifted out of an app factory -> the module each must live in
    register_modules: Mapping[str, str] = field(default_factory=dict)
    module_titles: Mapping[str, str] = field(default_factory=dict)  # of those modules, if set
    lift_notes: tuple[str, ...] = ()  # what stays in a factory, and why
    factories: frozenset[str] = frozenset()  # app factories lifted: they go with the routes
    resolved: Resolved | None = None  # the analysis these facts come from (None: rewritten)


def module_facts(source: str) -> ModuleFacts:
    """Parse `source` once and describe its top-level statements.

    Raises libcst.ParserSyntaxError for code that does not parse."""
    wrapper = MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)
    module = wrapper.module
    scopes, positions = wrapper.resolve(ScopeProvider), wrapper.resolve(PositionProvider)
    scope = next(s for s in scopes.values() if isinstance(s, GlobalScope))
    resolved = Resolved(scopes, positions, tuple(scope.assignments), source)
    spans = [(_first_line(n, positions), positions[n].end.line) for n in module.body]
    starts = [span[0] for span in spans]
    codes = [module.code_for_node(n) for n in module.body]
    found = Bindings()
    found.add_all(resolved.assignments, lambda node: resolved.owner(starts, node), codes)
    return replace(describe(module, spans, codes, found), resolved=resolved)


def describe(module: cst.Module, spans: Sequence[tuple[int, int]], codes: Sequence[str],
             found: Bindings) -> ModuleFacts:
    """The facts of `module` from its statements' line spans and code and the bindings."""
    stmts = tuple(_stmt(i, node, spans[i], found, codes[i])
                  for i, node in enumerate(module.body))
    imports = frozenset().union(*(s.defines for s in stmts if s.is_import))
    return ModuleFacts(module, stmts, imports, found.name_nodes)


def _first_line(node: cst.BaseStatement, positions: Mapping[cst.CSTNode, CodeRange]) -> int:
    """Decorators belong to their definition (libcst starts a def's range at `def`)."""
    decorators = getattr(node, "decorators", ())
    return positions[decorators[0]].start.line if decorators else positions[node].start.line


@dataclass(slots=True)
class Bindings:
    """Module-level names by top-level statement: bound, rebound through `global`, read."""

    defines: dict[int, set[str]] = field(default_factory=dict)
    rebinds: dict[int, set[str]] = field(default_factory=dict)
    uses: dict[int, set[str]] = field(default_factory=dict)
    name_nodes: dict[int, str] = field(default_factory=dict)

    def add_all(self, assignments: Sequence[BaseAssignment],
                owner: Callable[[cst.CSTNode], int | None], codes: Sequence[str]) -> None:
        declared = [global_declarations(code) for code in codes]
        for assignment in assignments:
            self.add(assignment, owner, declared)

    def add(self, assignment: BaseAssignment, owner: Callable[[cst.CSTNode], int | None],
            declared: list[set[str]]) -> None:
        """Record one module-level binding: where it is bound (or rebound) and read."""
        # `import importlib.metadata` binds `importlib` (libcst names the assignment after
        # the whole dotted path, which no access or import alias would match)
        name = assignment.name.partition(".")[0]
        node = getattr(assignment, "node", None)
        if isinstance(node, cst.Name):
            self.name_nodes[id(node)] = name
        where = owner(node) if node is not None else None
        if where is not None:
            target = self.rebinds if name in declared[where] else self.defines
            target.setdefault(where, set()).add(name)
        for access in assignment.references:
            if isinstance(access.node, cst.Name):
                self.name_nodes[id(access.node)] = name
            user = owner(access.node)
            if user is not None:
                self.uses.setdefault(user, set()).add(name)


def _stmt(i: int, node: cst.BaseStatement, span: tuple[int, int], found: Bindings,
          code: str) -> Stmt:
    is_import = _is_import(node)
    return Stmt(
        index=i, node=node, start_line=span[0], end_line=span[1],
        defines=frozenset(found.defines.get(i, ())), rebinds=frozenset(found.rebinds.get(i, ())),
        uses=frozenset(found.uses.get(i, ())), is_import=is_import,
        is_docstring=_is_docstring(i, node), is_main_guard=is_main_guard(node),
        effectful=not is_import and _effectful(node), code=code,
    )


GLOBAL_STATEMENT = re.compile(r"^[ \t]*global[ \t]+([\w \t,]+?)[ \t]*(?:#.*)?$", re.MULTILINE)


def global_declarations(code: str) -> set[str]:
    """Names declared `global` inside one top-level statement."""
    names: set[str] = set()
    for match in GLOBAL_STATEMENT.finditer(code):
        names |= {n.strip() for n in match.group(1).split(",") if n.strip()}
    return names


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)


def _is_import(node: cst.BaseStatement) -> bool:
    return is_import_line(node) or type_checking_imports(node) is not None


def is_import_line(node: cst.BaseStatement) -> bool:
    return isinstance(node, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in node.body
    )


def type_checking_imports(node: cst.BaseStatement) -> list[cst.BaseStatement] | None:
    """The import lines of `if TYPE_CHECKING:` holding only imports (None for anything
    else): imports for annotations, each module keeps the ones its annotations use."""
    if not isinstance(node, cst.If) or node.orelse is not None:
        return None
    if (get_full_name_for_node(node.test) or "") not in ("TYPE_CHECKING",
                                                         "typing.TYPE_CHECKING"):
        return None
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
    return list(body) if body and all(map(is_import_line, body)) else None


def is_future_import(node: cst.BaseStatement) -> bool:
    return isinstance(node, cst.SimpleStatementLine) and any(
        isinstance(small, cst.ImportFrom) and isinstance(small.module, cst.Name)
        and small.module.value == "__future__" for small in node.body
    )


def _is_docstring(index: int, node: cst.BaseStatement) -> bool:
    return index == 0 and isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1 \
        and isinstance(node.body[0], cst.Expr) and isinstance(
            node.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def is_main_guard(node: cst.BaseStatement) -> bool:
    if not isinstance(node, cst.If) or not isinstance(node.test, cst.Comparison):
        return False
    test = node.test
    parts = [test.left, *(c.comparator for c in test.comparisons)]
    names = {p.value for p in parts if isinstance(p, cst.Name)}
    strings = {p.evaluated_value for p in parts if isinstance(p, cst.SimpleString)}
    return names == {"__name__"} and strings == {"__main__"}


def _effectful(node: cst.BaseStatement) -> bool:
    """Whether import-time order matters: calls that are not known to only build a value,
    decorators that register (`@app.route`), and compound statements at module level."""
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        return any(_effectful_decorator(d.decorator) for d in node.decorators) or \
            _has_impure_call(_signature_parts(node))
    if isinstance(node, cst.SimpleStatementLine):
        return any(_small_effectful(small) for small in node.body)
    return True  # if / for / while / with / try at module level: run for their effect


def _signature_parts(node: cst.FunctionDef | cst.ClassDef) -> list[cst.CSTNode]:
    if isinstance(node, cst.ClassDef):
        parts: list[cst.CSTNode] = [arg.value for arg in node.bases]
        return parts + [arg.value for arg in node.keywords]
    params = node.params
    every = [*params.posonly_params, *params.params, *params.kwonly_params]
    return [p.default for p in every if p.default is not None]


def _small_effectful(small: cst.BaseSmallStatement) -> bool:
    if isinstance(small, (cst.Pass, cst.Global, cst.Nonlocal)):
        return False
    if isinstance(small, cst.AnnAssign):
        return small.value is not None and _has_impure_call([small.value])
    if isinstance(small, cst.Assign):
        return _has_impure_call([small.value]) or any(
            not isinstance(t.target, cst.Name) for t in small.targets)
    strings = (cst.SimpleString, cst.ConcatenatedString)
    return not (isinstance(small, cst.Expr) and isinstance(small.value, strings))


def _effectful_decorator(expr: cst.BaseExpression) -> bool:
    target = expr.func if isinstance(expr, cst.Call) else expr
    name = get_full_name_for_node(target) or ""
    if name in PURE_CALLS or name.startswith(("functools.", "typing.")):
        return bool(isinstance(expr, cst.Call) and _has_impure_call(
            [a.value for a in expr.args]))
    return True  # `@app.route(...)`, `@register`: may register something, keep its order


def _has_impure_call(nodes: list[cst.CSTNode]) -> bool:
    for root in nodes:
        for node in _walk(root):
            if isinstance(node, cst.Call) and not _pure_call(node):
                return True
    return False


def _pure_call(call: cst.Call) -> bool:
    name = get_full_name_for_node(call.func) or ""
    return name in PURE_CALLS or name.startswith(PURE_PREFIXES)
