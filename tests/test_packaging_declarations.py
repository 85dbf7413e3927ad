"""Script entry points and hand-listed modules read from setup.py (by `ast`) and setup.cfg."""

from __future__ import annotations

from nova_refactor.analysis.entrypoints import script_targets
from nova_refactor.frontends.python.packaging import read_setup_cfg, read_setup_py


def test_setup_py_literal_variable_and_ini_string_forms():
    assert read_setup_py(
        'setup(entry_points={"console_scripts": ["t=pkg.cli:main", "u = pkg:run [x]"]},'
        ' py_modules=["server"])').scripts == ("pkg.cli:main", "pkg:run")
    assert read_setup_py(
        'EP = {"gui_scripts": ["g=app:main"]}\nsetuptools.setup(entry_points=EP)'
    ).scripts == ("app:main",)
    assert read_setup_py(
        'setup(entry_points="""\n[console_scripts]\ntool = pkg.__init__:cli\n""")'
    ).scripts == ("pkg.__init__:cli",)
    assert read_setup_py('setup(py_modules=["server", "extras"])').py_modules == (
        "server", "extras")


def test_setup_py_that_is_computed_or_broken_declares_nothing():
    assert read_setup_py("setup(entry_points=load())").scripts == ()
    assert read_setup_py("setup(").scripts == ()


def test_setup_cfg_entry_points_and_py_modules():
    declared = read_setup_cfg(
        "[options]\npy_modules = server, extras\n"
        "[options.entry_points]\nconsole_scripts =\n    tool = server:main\n")
    assert declared.scripts == ("server:main",)
    assert declared.py_modules == ("server", "extras")


def test_script_targets_from_setup_py_and_setup_cfg(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "server.py").write_text("")
    (tmp_path / "setup.py").write_text(
        'setup(entry_points={"console_scripts": ["tool=pkg.__init__:cli"]})')
    (tmp_path / "setup.cfg").write_text(
        "[options.entry_points]\nconsole_scripts =\n    srv = server:main\n")
    assert script_targets(tmp_path, [tmp_path]) == {"pkg/__init__.py", "server.py"}
