"""What issue #16 found on real apps, each on the smallest project that shows it: the pyflakes
net, names bound only through `global`, generated names, dotted imports, self-references."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from nova_refactor.codemods import runner
from nova_refactor.codemods.plan import Skipped
from nova_refactor.codemods.python import render
from nova_refactor.codemods.python.flakes import new_warnings
from nova_refactor.errors import VerificationFailed
from nova_refactor.vocabulary import SkipKind
from tests.codemods.harness import probe, split_case
from tests.helpers import propose


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text).lstrip())
    return root


def test_global_bound_only_in_main_has_one_owner_read_by_the_moved_routes(tmp_path):
    split = split_case(tmp_path, "global_in_main")
    routes, cli = split.text("routes.py"), split.text("cli.py")
    assert "queue=app_state.k.queue" in routes and " k." not in routes
    assert "app_state.k = Player(args.volume)" in cli and "global k" not in cli
    assert ("k", "app_state") in split.proposal.plan.read_through
    assert probe(split.after) == probe(split.before)


def test_user_names_never_collide_with_the_facade_helpers(tmp_path):
    split = split_case(tmp_path, "global_in_main")  # it does `import sys as _sys`
    main = split.text("main.py")
    assert "import sys as _sys_2" in main and "_sys_2.modules[__name__]" in main
    assert "import sys as _sys\n" in split.text("cli.py")  # the user's own, unchanged


def test_a_module_level_dotted_import_is_not_replaced_by_a_local_one(tmp_path):
    split = split_case(tmp_path, "global_in_main")
    assert "import importlib.metadata\n" in split.text("app_state.py")


def test_the_apply_output_says_pyflakes_ran(tmp_path):
    split = split_case(tmp_path, "global_in_main")
    assert any(c.startswith("pyflakes: no new warnings in 4 written") for c in split.outcome.checks)


def test_pyflakes_rolls_back_what_our_own_checks_miss(tmp_path, monkeypatch):
    """A renderer that loses a name: routes, names and cycles all look fine, pyflakes does
    not, and the files are restored byte for byte."""
    root = _write(tmp_path, {"main.py": """
        import os

        from flask import Flask

        app = Flask(__name__)


        @app.get("/")
        def index():
            return os.getcwd()


        def main():
            app.run(port=int(os.environ.get("PORT", "5000")))


        if __name__ == "__main__":
            main()
    """})
    original = (root / "main.py").read_bytes()
    real = render.Renderer.render

    def losing_an_import(self):
        texts = real(self)
        texts["routes.py"] = texts["routes.py"].replace("import os\n", "")
        return texts

    monkeypatch.setattr(render.Renderer, "render", losing_an_import)
    proposal = propose("split-entrypoint", root)
    with pytest.raises(VerificationFailed, match=r"routes\.py:\d+: undefined name 'os'"):
        runner.write(proposal)
    assert (root / "main.py").read_bytes() == original
    assert sorted(p.name for p in root.glob("*.py")) == ["main.py"]


def test_warnings_are_compared_by_subject_not_line():
    before = [("main.py", b"import os\n\n\ndef f():\n    return x\n")]
    moved = [("main.py", b"import os\n"), ("routes.py", b"\n\ndef f():\n    return x\n")]
    assert new_warnings(before, moved) == []  # the same undefined `x`, elsewhere
    broken = [("main.py", b"import os\n"), ("routes.py", b"def f():\n    return x, y\n")]
    (fresh,) = new_warnings(before, broken)
    assert fresh.render() == "routes.py:2: undefined name 'y'"


SERVER = """
    from flask import Flask

    from extras import register_extra_routes

    app = Flask(__name__)


    @app.get("/")
    def index():
        return "home"


    register_extra_routes(app)


    def main():
        app.run()


    if __name__ == "__main__":
        main()
"""


def test_a_helper_the_entrypoint_imports_looking_it_up_by_name_is_refused(tmp_path):
    root = _write(tmp_path, {"server.py": SERVER, "extras.py": """
        import sys


        def register_extra_routes(app):
            server = sys.modules["server"]
            app.add_url_rule("/extra", "extra", lambda: server.index())
    """})
    plan = propose("split-entrypoint", root).plan
    assert plan.blockers == (Skipped(
        SkipKind.OWN_MODULE, "looks up the entrypoint by name (`sys.modules[\"server\"]`) and "
        "server.py imports it: run during that import it would see a half-built facade",
        "extras.py", 5),)
    assert plan.blockers[0].render().startswith("extras.py:5: looks up the entrypoint")


def test_lookups_by_name_elsewhere_and_app_strings_are_kept_and_said(tmp_path):
    root = _write(tmp_path, {
        "server.py": SERVER.replace("from extras import register_extra_routes\n", "")
                           .replace("register_extra_routes(app)\n", "")
                           .replace("app.run()", 'uvicorn.run("server:app")'),
        "tools.py": """
            import importlib


            def index_of_server():
                return importlib.import_module("server").index()
        """})
    plan = propose("split-entrypoint", root).plan
    assert not plan.blockers
    assert any(n.startswith('tools.py:5: `import_module("server"` keeps working')
               for n in plan.notes)
    assert any(n.startswith('server.py:15: `"server:app"` keeps working') for n in plan.notes)


def test_the_entrypoint_looking_itself_up_by_name_is_refused(tmp_path):
    root = _write(tmp_path, {"server.py": SERVER.replace(
        "from extras import register_extra_routes\n", "import importlib\n").replace(
        "register_extra_routes(app)\n", 'SELF = lambda: importlib.import_module("server")\n')})
    (blocker,) = propose("split-entrypoint", root).plan.blockers
    assert (blocker.kind, blocker.site) == (SkipKind.OWN_MODULE, "server.py:15")
    assert blocker.render().startswith("server.py:15: looks itself up by name")


def test_modules_listed_by_hand_and_the_test_command_are_said(tmp_path):
    root = _write(tmp_path, {
        "server.py": SERVER.replace("from extras import register_extra_routes\n", "")
                           .replace("register_extra_routes(app)\n", ""),
        "pyproject.toml": '[project]\nname = "s"\n[tool.setuptools]\npy-modules = ["server"]\n'
                          "[tool.pytest.ini_options]\n",
    })
    notes = propose("split-entrypoint", root).plan.notes
    assert "pyproject.toml lists its modules by hand (server): add routes, cli " \
           "there, or a built wheel will not contain them" in notes
    assert 'the project\'s own tests can check the split: add --verify "python -m pytest -q" ' \
           "to --write" in notes


def test_package_init_declared_in_setup_py_is_split_with_relative_imports(tmp_path):
    split = split_case(tmp_path, "package_init")  # no --entrypoint: setup.py names it
    assert split.proposal.plan.entrypoint == "pkg/__init__.py"
    assert "from .app_state import STORE" in split.text("pkg/commands.py")
    assert "from . import routes" in split.text("pkg/__init__.py")
    assert probe(split.after) == probe(split.before)


def test_routes_over_the_limit_are_cut_by_url_in_source_order(tmp_path, monkeypatch):
    """Limits shrunk so a small app shows it: route modules by URL, endpoint names, url_for
    targets, the hook and the registration order unchanged."""
    from nova_refactor.codemods.python import grouping, planner

    monkeypatch.setattr(planner, "ROUTES_LIMIT", 30)
    monkeypatch.setattr(grouping, "TARGET_LINES", 24)
    split = split_case(tmp_path, "flask_domains")
    modules = {p.name: p.read_text() for p in split.after.glob("routes_*.py")}
    assert len(modules) >= 3 and all(text.count("\n") < 60 for text in modules.values())

    def home(function: str) -> str:
        (name,) = [n for n, text in modules.items() if f"def {function}(" in text]
        return name

    assert home("queue_add") == home("queue_clear")
    assert home("file_info") == home("file_delete")
    assert "@app.before_request" in split.text("routes.py")
    assert probe(split.after) == probe(split.before)


def test_routes_under_the_limit_stay_in_one_module(tmp_path):
    split = split_case(tmp_path, "flask_domains")
    assert sorted(p.name for p in split.after.glob("routes*.py")) == ["routes.py"]


def test_routes_nested_in_an_app_factory_are_not_taken_for_a_module_level_route():
    from nova_refactor.codemods.python.grouping import _route_key
    from nova_refactor.codemods.python.statements import module_facts

    facts = module_facts('def create_app():\n    app = Flask("x")\n\n'
                         '    @app.route("/logout")\n    def logout():\n        return ""\n'
                         '\n\n@app.get("/items")\ndef items():\n    return []\n')
    assert [_route_key(s) for s in facts.stmts] == [None, "items"]
