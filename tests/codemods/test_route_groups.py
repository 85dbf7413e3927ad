"""Routes by domain: closure routes of an app factory, the size warning, the test command."""

from __future__ import annotations

import textwrap
from pathlib import Path

from nova_refactor.codemods import checks
from nova_refactor.frontends.python import packaging
from tests.codemods.harness import probe, split_case
from tests.helpers import propose


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text).lstrip())
    return root


def test_factory_closure_routes_become_one_registration_function_per_domain(tmp_path):
    split = split_case(tmp_path, "flask_factory", entrypoint="shop/__init__.py")
    modules = {p.name: p.read_text() for p in (split.after / "shop").glob("routes_*.py")}
    assert sorted(modules) == ["routes_admin.py", "routes_files.py", "routes_queue.py"]
    assert all(text.count("\n") < 500 for text in modules.values())
    # a helper only the files routes use moves with them; one two groups use is passed in
    assert "def register_files(app, prefix):" in modules["routes_files.py"]
    assert "    def file_size(name):" in modules["routes_files.py"]
    assert "def register_admin(app, audit, prefix):" in modules["routes_admin.py"]
    factory = split.text("shop/routes.py")
    assert "    def audit(event):" in factory
    assert factory.index("register_queue(app, audit, prefix)") < factory.index(
        "register_files(app, prefix)") < factory.index('app.config["READY"] = True')
    assert "from .routes_files import register_files" in factory  # imported when called
    assert split.text("shop/__init__.py").count("\n") <= 100
    # endpoint names, url_for targets, hooks and their order, the requests: all unchanged
    assert probe(split.after) == probe(split.before)


FACTORY = """
    from flask import Flask

    app = Flask(__name__)


    def create_app():
        label = "first"

        @app.route("/a")
        def a():
            return label

        @app.route("/b")
        def b():
            counter = 0

            def bump():
                nonlocal counter
                counter += 1
            bump()
            return str(counter)

        label = "second"
        return app


    if __name__ == "__main__":
        create_app().run()
"""


def test_closures_stay_in_the_factory_when_a_captured_name_is_bound_again(tmp_path,
                                                                            monkeypatch):
    """`label` is rebound after the routes: passed as an argument, `/a` would answer
    "first" instead of "second", so `a` stays; `b` does not capture it and moves."""
    from nova_refactor.codemods.python import closures

    monkeypatch.setattr(closures, "TARGET_LINES", 5)
    root = _write(tmp_path, {"main.py": FACTORY})
    proposal = propose("split-entrypoint", root, "main.py")
    texts = {c.path: c.after.decode() for c in proposal.changeset.changes}
    assert not any("register_a" in text for text in texts.values())
    factory = texts["routes.py"]
    assert factory.index("    def a():") < factory.index('    label = "second"')
    assert "def register_b(app):" in texts["routes_b.py"]  # `b` captures nothing


def test_closures_are_lifted_when_what_they_capture_is_final(tmp_path, monkeypatch):
    from nova_refactor.codemods.python import closures

    monkeypatch.setattr(closures, "TARGET_LINES", 5)
    root = _write(tmp_path, {"main.py": FACTORY.replace('        label = "second"\n', "")})
    proposal = propose("split-entrypoint", root, "main.py")
    texts = {c.path: c.after.decode() for c in proposal.changeset.changes}
    assert "def register_a(app, label):" in texts["routes_a.py"]
    assert "def register_b(app):" in texts["routes_b.py"]  # its own `nonlocal` is inner
    assert "register_a(app, label)" in texts["routes.py"]


def test_a_module_still_over_the_file_size_limit_is_named_in_a_warning(tmp_path):
    body = "".join(f"    total += {i}\n" for i in range(520))
    root = _write(tmp_path, {"main.py": (
        "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/')\n"
        f"def index():\n    total = 0\n{body}    return str(total)\n\n\n"
        "if __name__ == '__main__':\n    app.run()\n")})
    proposal = propose("split-entrypoint", root, "main.py")
    warnings = [n for n in proposal.plan.notes if n.startswith("warning:")]
    assert len(warnings) == 1 and "routes_root.py will have 5" in warnings[0], warnings


def test_small_modules_get_no_size_warning(tmp_path):
    split = split_case(tmp_path, "flask_app")
    assert not [n for n in split.proposal.plan.notes if n.startswith("warning:")]


def test_a_makefile_test_target_is_the_suggested_verify_command(tmp_path):
    (tmp_path / "Makefile").write_text("lint:\n\truff .\n\ntest: lint\n\tpytest\n")
    assert packaging.test_command(tmp_path) == "make test"
    (tmp_path / "Makefile").write_text("lint:\n\truff .\n# test: not a target\n")
    assert packaging.test_command(tmp_path) is None


def test_an_import_inside_a_function_is_no_import_time_cycle(tmp_path):
    root = _write(tmp_path, {
        "routes.py": "def create():\n    from routes_a import register\n    register()\n",
        "routes_a.py": "import routes\n\n\ndef register():\n    return routes\n",
    })
    modules = {"routes": "routes.py", "routes_a": "routes_a.py"}
    assert checks.import_cycles(root, modules) == []
    (root / "routes.py").write_text("import routes_a\n")
    assert checks.import_cycles(root, modules)


def test_router_routes_keep_their_order_and_the_include_comes_last(tmp_path, monkeypatch):
    """chainlit's shape, limits shrunk: routes on one APIRouter included at the end, an
    `Annotated[.., Depends()]` alias between them, a route another group calls, a catch-all
    last and a `TYPE_CHECKING` import used in a string annotation."""
    from nova_refactor.codemods.python import grouping, planner

    monkeypatch.setattr(planner, "ROUTES_LIMIT", 30)
    monkeypatch.setattr(grouping, "TARGET_LINES", 24)
    split = split_case(tmp_path, "fastapi_router")
    modules = {p.name: p.read_text() for p in split.after.glob("routes_*.py")}
    assert len(modules) >= 2, sorted(modules)
    last = max(modules, key=lambda name: modules[name].find("def serve("))
    assert "app.include_router(router)" in modules[last]  # after every route
    assert "app.include_router" not in split.text("routes.py")
    typed = [name for name, text in {**modules, "routes.py": split.text("routes.py"),
                                     "app_state.py": split.text("app_state.py")}.items()
             if '"Decimal"' in text]
    assert typed and all("if TYPE_CHECKING:" in (split.after / n).read_text() for n in typed)
    # the route table, in Starlette's matching order, and every answer: unchanged
    assert probe(split.after) == probe(split.before)


def test_a_trailing_import_runs_last_and_a_lazy_package_is_not_asked_first(tmp_path):
    """chainlit: `import chainlit.socket` at the end of server.py imports the server back,
    and the package's PEP 562 `__getattr__` raises KeyError for what it does not know."""
    split = split_case(tmp_path, "lazy_package", entrypoint="pkg/server.py")
    facade = split.text("pkg/server.py")
    assert facade.rstrip().endswith("import pkg.socket  # noqa: E402,F401") or \
        facade.index("import pkg.socket") > facade.index("_MOVED =")
    assert "import pkg.routes as routes" in facade
    assert "from . import" not in facade
    assert probe(split.after) == probe(split.before)
