"""The correctness rules of a split, each on the smallest project that shows it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nova_refactor.codemods import checks, runner
from nova_refactor.errors import Refused
from tests.helpers import propose


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text).lstrip())
    return root


def _placed(proposal: runner.Proposal) -> dict[str, tuple[str, str]]:
    return {",".join(p.names) or f"line {p.start_line}": (p.module, p.reason)
            for p in proposal.plan.placements}


def _run(root: Path, code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


EFFECTS = """
    from flask import Flask

    import registry

    app = Flask(__name__)
    registry.log("app created")
    CACHE = registry.make_cache()


    @app.route("/")
    def index():
        return str(CACHE)


    if __name__ == "__main__":
        app.run()
"""
REGISTRY = """
    EVENTS = []


    def log(event):
        EVENTS.append(event)


    def make_cache():
        log("cache built")
        return {}
"""


def test_import_time_effects_keep_their_order(tmp_path):
    root = _write(tmp_path, {"main.py": EFFECTS, "registry.py": REGISTRY})
    before = _run(root, "import main, registry; print(registry.EVENTS)")
    proposal = propose("split-entrypoint", root)
    placed = _placed(proposal)
    # `CACHE = make_cache()` looks like state but its effect ran after the app was created
    assert placed["CACHE"][0] == "routes"
    assert "must stay after line" in placed["CACHE"][1]
    runner.write(proposal)
    assert _run(root, "import main, registry; print(registry.EVENTS)") == before


def test_def_use_a_definition_moves_no_lower_than_what_it_uses(tmp_path):
    root = _write(tmp_path, {"main.py": """
        import threading

        from flask import Flask

        app = Flask(__name__)
        TABLE = {"app": app}  # state that needs the app: cannot live below routes
        LOCK = threading.Lock()


        @app.get("/")
        def index():
            with LOCK:
                return str(len(TABLE))
    """})
    placed = _placed(propose("split-entrypoint", root))
    assert placed["TABLE"] == ("routes", "uses `app` (line 5), which lives higher")
    assert placed["LOCK"][0] == "app_state"


def test_global_rebinding_is_written_through_the_owning_module(tmp_path):
    root = _write(tmp_path, {"main.py": """
        import argparse

        counter = 0


        def bump():
            global counter
            counter += 1
            return counter


        def build_parser():
            parser = argparse.ArgumentParser()
            parser.add_argument("--n", type=int, default=counter)
            return parser


        def cli_main(argv=None):
            global counter
            args = build_parser().parse_args(argv)
            counter = args.n
            return bump()


        if __name__ == "__main__":
            cli_main()
    """})
    runner.write(propose("split-entrypoint", root))
    cli = (root / "cli.py").read_text()
    assert "global counter" not in cli
    assert "app_state.counter = args.n" in cli
    assert "default=app_state.counter" in cli
    assert "from main import" not in cli and "import main" not in cli
    code = "import main, app_state; print(main.cli_main(['--n', '4']), main.counter, " \
           "app_state.counter); main.counter = 10; print(main.bump(), app_state.counter)"
    assert _run(root, code) == "5 5 5\n11 11\n"


def test_module_introspection_is_refused_with_its_reason(tmp_path):
    root = _write(tmp_path, {"main.py": """
        import argparse

        HANDLERS = {}


        def handler(name):
            return globals()[name]


        def build_parser():
            return argparse.ArgumentParser()


        if __name__ == "__main__":
            build_parser().parse_args()
    """})
    proposal = propose("split-entrypoint", root)
    assert [b.render() for b in proposal.plan.blockers] == [
        "main.py:6: reads the module namespace; after a split it would see a different "
        "namespace"]
    assert proposal.changeset.empty
    with pytest.raises(Refused, match="cannot split safely: main.py:6"):
        runner.write(proposal)


def test_own_spec_users_stay_with_their_reason(tmp_path):
    root = _write(tmp_path, {"main.py": """
        import argparse

        LOADER = __loader__


        def build_parser():
            return argparse.ArgumentParser()


        if __name__ == "__main__":
            build_parser().parse_args()
    """})
    placed = _placed(propose("split-entrypoint", root))
    assert placed["LOADER"] == ("entrypoint", "stays: depends on the module's own spec")
    assert placed["build_parser"][0] == "cli"


def test_package_entrypoint_uses_relative_sibling_imports(tmp_path):
    root = _write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/models.py": "NAMES = ['a']\n",
        "pkg/app.py": """
            import argparse

            from flask import Flask

            from . import models

            ROOT = "/"
            app = Flask(__name__)


            @app.get(ROOT)
            def index():
                return ",".join(models.NAMES)


            def build_parser():
                return argparse.ArgumentParser(prog="pkg")


            if __name__ == "__main__":
                build_parser().parse_args()
        """,
    })
    probe = "import pkg.app as m; print(m.app.name, m.app.import_name, m.index(), m.ROOT)"
    before = _run(root, probe)
    runner.write(propose("split-entrypoint", root, "pkg/app.py"))
    assert "from . import app_state" in (root / "pkg/app.py").read_text() or \
        "from .app_state import" in (root / "pkg/routes.py").read_text()
    assert _run(root, probe) == before == "pkg.app pkg.app a /\n"


def test_import_cycles_are_found(tmp_path):
    _write(tmp_path, {"a.py": "import b\n", "b.py": "from a import x\n", "c.py": "import a\n"})
    cycles = checks.import_cycles(tmp_path, {"a": "a.py", "b": "b.py", "c": "c.py"})
    assert cycles in (["a -> b -> a"], ["b -> a -> b"])


def test_names_bound_on_some_paths_are_read_through_their_home(tmp_path):
    root = _write(tmp_path, {"main.py": """
        from flask import Flask

        try:
            from not_installed_anywhere import EXTRA
        except ImportError:
            HAVE_EXTRA = False
        else:
            HAVE_EXTRA = True

        app = Flask(__name__)


        @app.get("/")
        def index():
            return str(HAVE_EXTRA)


        @app.get("/extra")
        def extra():
            return EXTRA  # NameError only when called, as before
    """})
    runner.write(propose("split-entrypoint", root))
    routes = (root / "routes.py").read_text()
    assert "return str(app_state.HAVE_EXTRA)" in routes
    assert "return app_state.EXTRA" in routes
    assert "from app_state import EXTRA" not in routes
    assert _run(root, "import main; print(main.index())") == "False\n"


@pytest.mark.parametrize("line", [
    "app.config.from_object(__name__)",
    "X = sys.modules[__name__]",
    "NAMES = sorted(vars())",
])
def test_code_reading_its_own_namespace_is_refused(tmp_path, line):
    root = _write(tmp_path, {"main.py": f"""
        import sys

        from flask import Flask

        SECRET_KEY = "s"
        app = Flask(__name__)
        {line}
    """})
    plan = propose("split-entrypoint", root).plan
    assert len(plan.blockers) == 1 and plan.blockers[0].site == "main.py:7"


def test_file_folder_is_the_same_for_a_sibling_but_its_name_is_not(tmp_path):
    root = _write(tmp_path, {"main.py": """
        import os

        from flask import Flask

        HERE = os.path.dirname(os.path.abspath(__file__))
        SELF = os.path.basename(__file__)
        app = Flask(__name__, root_path=HERE)
    """})
    placed = _placed(propose("split-entrypoint", root))
    assert placed["HERE"][0] == "app_state"
    assert placed["SELF"] == ("entrypoint", "stays: uses `__file__` beyond its folder (the "
                                            "file name changes)")


def test_package_init_entrypoint_splits_into_the_package(tmp_path):
    root = _write(tmp_path, {
        "svc/__init__.py": """
            from flask import Flask

            NAME = "svc"
            app = Flask(__name__)


            @app.get("/")
            def index():
                return NAME
        """,
    })
    probe = "import svc; print(svc.app.name, svc.index(), svc.NAME)"
    before = _run(root, probe)
    proposal = propose("split-entrypoint", root, "svc/__init__.py")
    assert proposal.plan.module_name == "svc" and proposal.plan.package == "svc"
    runner.write(proposal)
    assert (root / "svc" / "routes.py").is_file()
    assert _run(root, probe) == before == "svc svc svc\n"


def test_imported_name_patched_from_outside_reaches_every_module(tmp_path):
    root = _write(tmp_path, {
        "main.py": """
            import time

            from flask import Flask

            STARTED = time.time()
            app = Flask(__name__)


            @app.get("/")
            def index():
                return str(time.time() - STARTED)
        """,
        "probe.py": """
            from unittest import mock

            import main

            with mock.patch("main.time") as fake:
                fake.time.return_value = main.STARTED + 5
                print(main.index())
        """,
    })
    before = _run(root, "import probe")
    runner.write(propose("split-entrypoint", root))
    routes = (root / "routes.py").read_text()
    assert "app_state.time.time()" in routes and "import time" not in routes
    assert _run(root, "import probe") == before == "5.0\n"


def test_an_early_main_guard_still_runs_first(tmp_path):
    """searx-style: `if __name__ == "__main__":` fixes sys.path before the imports."""
    root = _write(tmp_path, {"main.py": """
        '''Service.'''

        if __name__ == "__main__":
            import sys
            sys.path.insert(0, "/nowhere")

        import argparse

        from flask import Flask

        app = Flask(__name__)


        @app.get("/")
        def index():
            return "ok"


        def run():
            return argparse.ArgumentParser(prog="svc").parse_args([])


        if __name__ == "__main__":
            run()
    """})
    runner.write(propose("split-entrypoint", root))
    main = (root / "main.py").read_text()
    assert main.index('sys.path.insert(0, "/nowhere")') < main.index("import app_state") \
        if "import app_state" in main else main.index("import routes")
    assert main.rstrip().endswith("run()")
    assert (root / "routes.py").is_file() and (root / "cli.py").is_file()
