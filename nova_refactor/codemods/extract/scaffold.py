"""The files a new service package gets besides its modules: an entrypoint serving the routes
it owns, a README and a tests folder whose test checks exactly that route table."""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst

from nova_refactor.analysis.python.modules import module_name
from nova_refactor.codemods.extract.layout import PackageLayout
from nova_refactor.codemods.extract.proposal_file import ServiceSpec
from nova_refactor.codemods.python.cst_names import dotted

FRAMEWORKS = ("Flask", "FastAPI", "Quart", "Starlette")


def app_object(source: str) -> str | None:
    """The module-level web app of an entrypoint (`app = Flask(__name__)`), by its name."""
    try:
        tree = cst.parse_module(source)
    except cst.ParserSyntaxError:
        return None
    for statement in tree.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call) \
                    and dotted(small.value.func).rpartition(".")[2] in FRAMEWORKS \
                    and isinstance(small.targets[0].target, cst.Name):
                return small.targets[0].target.value
    return None


def moved_handler(handler: str, mapping: Mapping[str, str],
                  known: frozenset[str] = frozenset()) -> str:
    """A handler's dotted name once its own module moved (a module that stays inside a moved
    package keeps its name: `app.api.routes.items.f` when only `app` moved)."""
    parts = handler.split(".")
    if known:  # the handler's module is the longest project module its name starts with
        for cut in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:cut])
            if module in known:
                return ".".join([mapping[module], *parts[cut:]]) if module in mapping \
                    else handler
    for cut in (1, 2):  # `module.function` or `module.Class.method`: the module must have moved
        module = ".".join(parts[:-cut])
        if module in mapping:
            return ".".join([mapping[module], *parts[-cut:]])
    return mapping.get(handler, handler)


def _routes(service: ServiceSpec, mapping: Mapping[str, str]) -> str:
    rows = sorted({(r.method, r.path, moved_handler(r.handler, mapping))
                   for r in service.routes})
    return "".join(f"    ({m!r}, {p!r}, {h!r}),\n" for m, p, h in rows)


def entrypoint(service: ServiceSpec, root_target: str, mapping: Mapping[str, str]) -> str:
    return f'''"""Entrypoint of the {service.name} service: an app serving only the routes it owns.

Written by `nova-refactor apply extract-service`. The route handlers still live in the
composition root ({root_target}); until they move here this entrypoint mounts them from
there, so the monolith and this service serve the same code for these routes.
"""

from __future__ import annotations

import importlib
from typing import Any

COMPOSITION_ROOT = {root_target!r}
OWNED_ROUTES = (  # (method, path, handler) from the boundaries proposal
{_routes(service, mapping)})


def composition_root() -> Any:
    module, _, name = COMPOSITION_ROOT.partition(":")
    return getattr(importlib.import_module(module), name)


def owned() -> set[tuple[str, str]]:
    return {{(method, path) for method, path, _ in OWNED_ROUTES}}


def register_routes(target: Any, source: Any = None) -> list[tuple[str, str]]:
    """Add to `target` every owned route of `source` (the monolith's app); what was added."""
    source = source if source is not None else composition_root()
    if hasattr(source, "url_map"):  # Flask: rules, hooks and error handlers
        return _flask_routes(target, source)
    return _starlette_routes(target, source)


def _flask_routes(target: Any, source: Any) -> list[tuple[str, str]]:
    added = []
    for rule in source.url_map.iter_rules():
        methods = sorted(m for m in rule.methods if (m, rule.rule) in owned())
        if methods:
            target.add_url_rule(rule.rule, rule.endpoint, source.view_functions[rule.endpoint],
                                methods=methods)
            added += [(m, rule.rule) for m in methods]
    target.config.update(source.config)
    for hooks in ("before_request_funcs", "after_request_funcs", "teardown_request_funcs"):
        getattr(target, hooks).update(getattr(source, hooks))
    target.error_handler_spec.update(source.error_handler_spec)
    return added


def _starlette_routes(target: Any, source: Any) -> list[tuple[str, str]]:
    added = []
    for route in source.router.routes:
        methods = sorted(m for m in getattr(route, "methods", None) or ()
                         if (m, route.path) in owned())
        if methods:
            target.router.routes.append(route)
            added += [(m, route.path) for m in methods]
    return added


def create_app() -> Any:
    source = composition_root()
    if hasattr(source, "url_map"):
        app = type(source)(__name__)
    else:
        app = type(source)()
    register_routes(app, source)
    return app
'''


def readme(service: ServiceSpec, layout: PackageLayout, common: str, edges: list[str]) -> str:
    modules = "".join(f"- `{m.new_path}` (was `{m.old_path}`)\n" for m in layout.moves)
    routes = "".join(f"- `{r.method} {r.path}` ({r.handler})\n"
                     for r in sorted(service.routes, key=lambda r: (r.path, r.method)))
    edge_lines = "".join(f"- {e}\n" for e in edges) or "- none\n"
    routes = routes or "- none\n"
    return f"""# {layout.package}

The **{service.name}** service, extracted by `nova-refactor apply extract-service` from the
boundaries proposal. It depends only on the shared library (`{common}`) and on the edges the
proposal cuts; `lint-imports` and `nova-refactor check` (rule `boundaries`) hold it to that.

## Modules
{modules}
## Routes it owns
`{layout.package}.app.create_app()` serves exactly these; the monolith serves them too.

{routes}
## Edges into it
{edge_lines}
## Tests
`python -m pytest {layout.folder}/tests` checks the entrypoint's route table.
"""


def tests(service: ServiceSpec, layout: PackageLayout) -> dict[str, str]:
    depth = len(layout.folder.split("/")) + 1  # tests/ -> package -> project root
    conftest = f'''"""Puts the project root on sys.path, as the monolith's own tests do."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[{depth}]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
'''
    package = module_name(f"{layout.folder}/__init__.py")
    test = f'''"""The {service.name} service's entrypoint serves exactly the routes it owns."""

from {package} import app as entry


def _table(app):
    if hasattr(app, "url_map"):
        return {{(m, r.rule) for r in app.url_map.iter_rules() for m in r.methods
                 if m not in ("HEAD", "OPTIONS")}}
    return {{(m, r.path) for r in app.router.routes for m in getattr(r, "methods", ()) or ()
             if m not in ("HEAD", "OPTIONS")}}


def _own(app):
    """The app's routes minus those every app of its framework has (docs, static files)."""
    empty = type(app)(__name__) if hasattr(app, "url_map") else type(app)()
    return _table(app) - _table(empty)


def test_the_service_serves_its_own_routes():
    assert _own(entry.create_app()) == entry.owned()


def test_the_monolith_still_serves_them():
    assert entry.owned() <= _table(entry.composition_root())
'''
    return {f"{layout.folder}/tests/conftest.py": conftest,
            f"{layout.folder}/tests/test_{layout.package}_entrypoint.py": test}
